"""The Assises in a browser: a person registers from the public page without an account with
the keyboard only (Tab, Enter, Space, arrows; no click on the form) and gets the confirmation
with their badge; the organiser checks people in on a phone, by name and by the code the
scanner fills in, and sees a reused or forged code refused and the attendance count move.
axe finds no serious or critical violation on these pages."""

import datetime as dt
import re

import pytest

from cvv.events import tokens
from cvv.events.models import Registration, Session
from tests.browser.conftest import assert_no_csp_violation, login, serious_axe_violations, watch
from tests.events.factories import add_question, make_event
from tests.factories import make_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _assises():
    event = make_event(slug="assises-2027", title="Assises métropolitaines du centre-ville 2027",
                       quotas={"public": 5, "elected": 5})  # fmt: skip
    add_question(event, label="Régime alimentaire", choices="Aucun\nVégétarien")
    add_question(event, label="Besoins d’accessibilité", kind="text")
    Session.objects.create(
        event=event, title="Atelier vitrines", kind="workshop", capacity=10, room="Salle A",
        starts_at=event.starts_at + dt.timedelta(hours=2),
        ends_at=event.starts_at + dt.timedelta(hours=3),
    )  # fmt: skip
    return event


def _focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return [e.tagName, e.getAttribute('name') || '', e.textContent.trim(),"
        " e.getAttribute('type') || '']; }"
    )


def _tab_to(page, matches, limit=60):
    """Presses Tab until the focused element matches; fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if matches(*_focused(page)):
            return
    pytest.fail(f"Never reached by Tab; last focus: {_focused(page)}")


def _field(name):
    return lambda tag, field, text, kind: field == name


def test_keyboard_only_public_registration(page, live_server, mailoutbox):
    event = _assises()
    page.goto(f"{live_server.url}/evenements/{event.slug}/")
    assert serious_axe_violations(page) == []
    _tab_to(page, lambda tag, name, text, kind: tag == "A" and text == "S’inscrire")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/inscription/$"))
    assert serious_axe_violations(page) == []

    # First a submit with a missing field: the error is announced and the axe still passes.
    _tab_to(page, _field("first_name"))
    page.keyboard.type("Inès")
    _tab_to(page, lambda tag, name, text, kind: tag == "BUTTON" and text == "M’inscrire")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Ce champ est obligatoire.")
    assert serious_axe_violations(page) == []

    _tab_to(page, _field("last_name"))
    page.keyboard.type("Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("ines.martin@exemple.fr")
    _tab_to(page, _field("category"))
    page.keyboard.press("ArrowDown")  # the second category
    chosen = page.evaluate("() => document.activeElement.value")
    _tab_to(page, _field("consent"))
    page.keyboard.press("Space")
    question_fields = [q.pk for q in event.questions.order_by("position", "pk")]
    _tab_to(page, _field(f"q_{question_fields[0]}"))
    page.keyboard.press("ArrowDown")  # "Aucun"
    page.keyboard.press("ArrowDown")  # "Végétarien"
    _tab_to(page, _field(f"q_{question_fields[1]}"))
    page.keyboard.type("Boucle magnétique")
    _tab_to(page, _field("workshops"))
    page.keyboard.press("Space")
    _tab_to(page, lambda tag, name, text, kind: tag == "BUTTON" and text == "M’inscrire")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/evenements/inscription/[^/]+/$"))

    registration = Registration.objects.get()
    assert registration.first_name == "Inès" and registration.category.category == chosen
    assert registration.state == "confirmed"
    assert sorted(registration.answers.values()) == ["Boucle magnétique", "Végétarien"]
    assert list(registration.choices.values_list("session__title", flat=True)) == [
        "Atelier vitrines"
    ]
    status = page.get_by_role("status").or_(page.locator(".alert-success"))
    assert f"Inscription n° {registration.pk}" in status.first.inner_text()
    assert page.get_by_text(tokens.make(registration, tokens.CHECK_IN)).is_visible()
    badge = page.get_by_role("link", name="Télécharger mon badge (PDF)")
    assert badge.is_visible()
    assert serious_axe_violations(page) == []
    pdf = page.request.get(live_server.url + badge.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    assert any(m.to == ["ines.martin@exemple.fr"] for m in mailoutbox)


def _count(page, label="Présent"):
    text = page.locator("#compteurs").inner_text()
    return int(re.search(rf"{label}[^:]*: (\d+)", text).group(1))


def test_check_in_on_a_phone(browser, live_server):
    event = _assises()
    from cvv.events import services

    people = [
        services.registration_create(event=event, category="public", first_name=first,
                                     last_name=last, email=f"{last.lower()}@exemple.fr")
        for first, last in (("Inès", "Martin"), ("Hugo", "Bernard"), ("Léa", "Petit"))
    ]  # fmt: skip
    make_user(email="accueil@test.cvv", role="instructor")
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = watch(context.new_page())
    try:
        login(page, live_server, "accueil@test.cvv")
        url = f"{live_server.url}/evenements/{event.slug}/accueil/"
        page.goto(url)
        assert serious_axe_violations(page) == []
        present = _count(page)
        assert present == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # By name: the search finds Hugo Bernard, his arrival is recorded from the list.
        search = page.get_by_label("Ou chercher une personne par son nom")
        search.fill("bern")
        search.press("Enter")
        page.wait_for_selector("text=Hugo Bernard")
        assert serious_axe_violations(page) == []
        page.get_by_role("button", name="Enregistrer l’arrivée de Hugo Bernard").press("Enter")
        page.wait_for_selector(f"text=Inscription n° {people[1].pk} (Hugo Bernard)")
        assert _count(page) == present + 1

        # By code: what the scanner types (the badge's address) or a pasted code.
        code_field = page.get_by_label("Code d’accueil (scanné, collé ou saisi)")
        scanned = f"{live_server.url}/evenements/{event.slug}/accueil/?code=" + tokens.make(
            people[0], tokens.CHECK_IN
        )
        code_field.fill(scanned)
        code_field.press("Enter")
        page.wait_for_selector("text=Arrivée de Inès Martin enregistrée")
        assert _count(page) == present + 2
        assert serious_axe_violations(page) == []

        # The same code again: refused, with the time of the first arrival.
        code_field = page.get_by_label("Code d’accueil (scanné, collé ou saisi)")
        code_field.fill(tokens.make(people[0], tokens.CHECK_IN))
        code_field.press("Enter")
        error = page.locator("#id_code_error, .errorlist").first
        error.wait_for()
        assert "Code déjà utilisé : Inès Martin est arrivé(e) à" in page.content()
        assert _count(page) == present + 2
        assert serious_axe_violations(page) == []

        # A forged code (a real id with a made-up signature): refused.
        code_field = page.get_by_label("Code d’accueil (scanné, collé ou saisi)")
        code_field.fill(f"{people[2].pk}:falsifie")
        code_field.press("Enter")
        page.wait_for_selector("text=Code inconnu ou falsifié pour cet événement.")
        assert _count(page) == present + 2
        people[2].refresh_from_db()
        assert people[2].state == "confirmed"

        # A phone camera opens the address: the page names the person before recording.
        page.goto(scanned.replace(tokens.make(people[0], tokens.CHECK_IN),
                                  tokens.make(people[2], tokens.CHECK_IN)))  # fmt: skip
        assert "Léa Petit" in page.locator("#code-lu").inner_text()
        page.get_by_role("button", name="Enregistrer l’arrivée", exact=True).press("Enter")
        page.wait_for_selector("text=Arrivée de Léa Petit enregistrée")
        assert _count(page) == present + 3
        assert serious_axe_violations(page) == []

        # Live: an arrival recorded at another entrance shows here without reloading.
        page.evaluate("window.sameDocument = true")
        services.registration_create(event=event, category="elected", first_name="Noé",
                                     last_name="Garcia", email="noe@exemple.fr")  # fmt: skip
        services.check_in_by_code(
            event=event, actor=make_user(role="instructor"),
            code=tokens.make(Registration.objects.get(last_name="Garcia"), tokens.CHECK_IN),
        )  # fmt: skip
        page.wait_for_function(
            "n => /Présent : (\\d+)/.exec(document.getElementById('compteurs').textContent)[1]"
            " == n", arg=str(present + 4), timeout=12_000,
        )  # fmt: skip
        assert page.evaluate("window.sameDocument") is True
        assert not page.js_errors, page.js_errors
    finally:
        context.close()
    assert_no_csp_violation(page)
