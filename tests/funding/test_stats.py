"""Rebalancing figures and the simulation of a draft règlement."""

import datetime
from decimal import Decimal

import pytest

from cvv.funding.models import Dossier, Reglement
from cvv.funding.services.reglements import reglement_create_draft, reglement_update
from cvv.funding.stats import rebalancing, simulate, size_class
from cvv.territories.models import Commune
from tests.funding.factories import make_draft, walk


def test_size_classes():
    assert [size_class(p) for p in (0, 19_999, 20_000, 49_999, 99_999, 2_000_000)] == [
        "petite",
        "petite",
        "moyenne",
        "moyenne",
        "grande",
        "tres_grande",
    ]


@pytest.mark.django_db
def test_rebalancing_aid_per_inhabitant(users):
    walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    data = rebalancing()
    aulnay = Commune.objects.get(code="93005")
    assert data["total"] == Decimal("63000")
    group = data["by_size"][size_class(aulnay.population)]
    population = sum(
        c.population
        for c in Commune.objects.all()
        if size_class(c.population) == size_class(aulnay.population)
    )
    assert group["population"] == population
    assert group["aid"] == Decimal("63000")
    assert group["per_inhabitant"] == (Decimal("63000") / population).quantize(Decimal("0.01"))
    assert data["share_small"] == 0  # Aulnay is not a small commune
    row = next(r for r in data["rows"] if r["commune"].code == "93005")
    assert aulnay.population == 87_599  # INSEE reference population loaded in tests
    assert row["per_inhabitant"] == Decimal("0.72")  # 63 000 € / 87 599 inhabitants, by hand


@pytest.mark.django_db
def test_simulation_of_a_more_generous_draft(users, admin_user):
    walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    draft = reglement_create_draft(
        source=Reglement.objects.get(code="defaut-2026"),
        code="plus-genereux",
        title="",
        effective_from=datetime.date(2027, 1, 1),
        actor=admin_user,
    )
    reglement_update(
        reglement=draft,
        actor=admin_user,
        categories={
            "TRAVAUX_LOCAUX": {
                "eligible": True,
                "base_rate": "0.50",
                "ceiling": "200000",
                "source": "Projet de délibération",
            }
        },
    )
    result = simulate(draft)
    row = result["rows"][0]
    # Current: 48 000 + 15 000 requested; simulated: 50 % x 120 000 + 15 000 = 75 000.
    assert (row["current"], row["simulated"]) == (Decimal("63000"), Decimal("75000"))
    assert result["simulated_total"] - result["current_total"] == Decimal("12000")
