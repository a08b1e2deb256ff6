"""The impact page and API on a small fixture, against figures computed here by hand."""

import datetime as dt

import pytest
from django.urls import reverse

from cvv.api.models import ApiToken
from cvv.observatory.models import Computation, IndicatorRow
from cvv.observatory.selectors import size_class
from cvv.territories.models import Commune
from tests.factories import commune as commune_of
from tests.programme.factories import make_accompaniment

pytestmark = pytest.mark.django_db
BEFORE, NOW = dt.date(2024, 12, 31), dt.date(2026, 6, 30)


def rows(date, values):
    computation = Computation.objects.create(reference_date=date, synthetic=True)
    for code, shops in values.items():
        IndicatorRow.objects.create(
            computation=computation,
            reference_date=date,
            level="commune",
            code=code,
            nom=code,
            values={"commerces_proximite": shops, "indice_besoin": 0.5},
        )


@pytest.fixture
def fixture_rows():
    aulnay = Commune.objects.get(code="93005")
    peers = [
        c.code
        for c in Commune.objects.filter(territoire=aulnay.territoire).exclude(pk=aulnay.pk)
        if size_class(c.population) == size_class(aulnay.population)
    ][:3]
    assert len(peers) == 3
    # Aulnay 700 → 730 (Δ 30); peers Δ 4, 6, 8: mean 6, sd 2, n 3.
    rows(BEFORE, {"93005": 700, peers[0]: 300, peers[1]: 300, peers[2]: 300})
    rows(NOW, {"93005": 730, peers[0]: 304, peers[1]: 306, peers[2]: 308})
    make_accompaniment("93005", started_on=dt.date(2025, 6, 1))
    return peers


def test_api_gives_the_estimate_computed_by_hand(client, users, fixture_rows):
    _, key = ApiToken.objects.issue(users["commune_agent"])
    answer = client.get("/api/v1/impact?level=commune", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200
    row = next(r for r in answer.json() if r["indicator"] == "commerces_proximite")
    # d = 30 − 6 = 24; half-width = 2.920 × 2 × √(4/3) = 6.7435 → [17.26, 30.74], conclusive.
    assert row["commune"] == "93005" and row["comparison_group_size"] == 3
    assert row["estimate"] == pytest.approx(24)
    assert row["low"] == pytest.approx(17.2565, abs=1e-3)
    assert row["high"] == pytest.approx(30.7435, abs=1e-3)
    assert row["conclusive"] and row["synthetic"]
    assert row["before_date"] == "2024-12-31" and row["now_date"] == "2026-06-30"
    other = ApiToken.objects.issue(users["other_commune_agent"])[1]
    answer = client.get("/api/v1/impact", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert answer.json() == []  # Montreuil is not accompanied; Aulnay is not theirs


def test_page_shows_the_estimate_and_its_reading(client, users, fixture_rows):
    client.force_login(users["instructor"])
    page = client.get(reverse("impact:impact")).content.decode()
    assert "Aulnay-sous-Bois" in page
    assert "17,26 à 30,74" in page
    assert "hausse mesurable" in page
    assert "données de démonstration" in page


def test_no_claim_without_a_computation_before_the_accompaniment(client, users):
    rows(NOW, {"93005": 730})
    make_accompaniment("93005", started_on=dt.date(2025, 6, 1))
    client.force_login(users["commune_agent"])
    page = client.get(reverse("impact:impact")).content.decode()
    assert "Pas encore mesurable" in page


def test_funded_project_shows_its_perimeters_before_and_after(client, users):
    from cvv.funding.loader import load_default
    from cvv.funding.models import Dossier
    from tests.funding.factories import make_draft, walk

    load_default()
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    for date, shops in ((dossier.decided_on - dt.timedelta(days=30), 40), (NOW, 43)):
        computation = Computation.objects.create(reference_date=date)
        IndicatorRow.objects.create(
            computation=computation,
            reference_date=date,
            level="centralite",
            code="7",
            commune_code="93005",
            nom="Centre-ville — Aulnay-sous-Bois",
            values={"commerces_proximite": shops},
        )
    from cvv.premises.models import Premises
    from cvv.premises.services import premises_create, premises_set_status

    premises = premises_create(
        actor=users["commune_agent"],
        commune=commune_of("93005"),
        address="3 rue du Marché",
        status="vacant",
        on=dossier.decided_on - dt.timedelta(days=200),
    )
    Premises.objects.filter(pk=premises.pk).update(in_centre=True)
    premises_set_status(
        actor=users["commune_agent"],
        premises=premises,
        status="occupe",
        on=dossier.decided_on + dt.timedelta(days=40),
    )
    _, key = ApiToken.objects.issue(users["commune_agent"])
    rows = client.get("/api/v1/impact/projects", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert rows == [
        {
            "dossier": dossier.reference,
            "commune": "93005",
            "decided_on": dossier.decided_on.isoformat(),
            "perimeter": "Centre-ville — Aulnay-sous-Bois",
            "before_date": (dossier.decided_on - dt.timedelta(days=30)).isoformat(),
            "now_date": NOW.isoformat(),
            "indicators": {
                "commerces_proximite": [40.0, 43.0],
                "densite_commerciale": [None, None],
                "solde": [None, None],
                "taux_rotation": [None, None],
                "taux_vacance": [None, None],
                "indice_diversite": [None, None],
            },
            "reopened_premises": [premises.reference],
        }
    ]
    client.force_login(users["commune_agent"])
    page = client.get(reverse("impact:impact")).content.decode()
    assert f"projet-{dossier.pk}" in page and "3 rue du Marché" in page
