"""One French format for numbers, money and rates; elision before place names; role titles
in the form the person chose."""

from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse

from cvv.core.formatting import money, number, of_place, percent
from cvv.organisations.enums import Role, role_title

NNBSP, NBSP = "\u202f", "\u00a0"


def test_money_number_percent():
    assert money(Decimal("8250")) == f"8{NNBSP}250,00{NBSP}€"
    assert money(Decimal("8250.999"), 0) == f"8{NNBSP}250{NBSP}€"
    assert money(Decimal("1234567.891")) == f"1{NNBSP}234{NNBSP}567,89{NBSP}€"  # cut to the cent
    assert money(None) == "—"
    assert number(Decimal("1234.50")) == f"1{NNBSP}234,5"
    assert percent(Decimal("0.50")) == f"50{NBSP}%"
    assert percent("0.125") == f"12,5{NBSP}%"
    assert percent(Decimal("0.07123"), 1) == f"7,1{NBSP}%"


def test_filters_are_builtins():
    template = engines["django"].from_string(
        "{{ a|money }} {{ a|money:0 }} {{ r|percent }} {{ n|number }} Documents {{ c|of_place }}"
    )
    text = template.render({"a": Decimal("8250"), "r": Decimal("0.5"), "n": 69, "c": "Bondy"})
    assert text == (f"8{NNBSP}250,00{NBSP}€ 8{NNBSP}250{NBSP}€ 50{NBSP}% 69 Documents de Bondy")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Aulnay-sous-Bois", "d’Aulnay-sous-Bois"),
        ("Paris", "de Paris"),
        ("Épinay-sur-Seine", "d’Épinay-sur-Seine"),
        ("Le Blanc-Mesnil", "du Blanc-Mesnil"),
        ("Les Lilas", "des Lilas"),
        ("L’Haÿ-les-Roses", "de L’Haÿ-les-Roses"),
        ("Ivry-sur-Seine", "d’Ivry-sur-Seine"),
        ("Houilles", "de Houilles"),
    ],
)
def test_elision(name, expected):
    assert of_place(name) == expected


def test_role_titles_in_each_form():
    assert role_title(Role.INSTRUCTOR) == "Chargé d’instruction du programme"
    assert role_title(Role.INSTRUCTOR, "feminine") == "Chargée d’instruction du programme"
    assert role_title(Role.INSTRUCTOR, "neutral").startswith("Personne chargée")
    assert all(role_title(role, "feminine") != role.label for role in Role)


@pytest.mark.django_db
def test_a_person_chooses_the_feminine_form(client, users):
    user = users["instructor"]
    client.force_login(user)
    response = client.post(reverse("accounts:role_form"), {"role_form": "feminine"}, follow=True)
    page = response.content.decode()
    assert "Forme de vos titres enregistrée : Chargée d’instruction du programme" in page
    user.refresh_from_db()
    assert user.role_form == "feminine"
    assert client.post(reverse("accounts:role_form"), {"role_form": "x"}).status_code == 302
    user.refresh_from_db()
    assert user.role_form == "feminine"
