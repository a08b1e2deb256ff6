"""The commune's single view: one block per module, each scoped to the reader."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cvv.api.models import ApiToken
from cvv.coordination.models import MetroProgramme, Participation
from tests.factories import commune
from tests.impact.test_pages import fixture_rows  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_api_summary_has_one_key_per_module(client, users, fixture_rows):  # noqa: F811
    programme = MetroProgramme.objects.create(
        code="fim", name="Fonds", purpose="…", who_may_apply="…"
    )
    Participation.objects.create(
        commune=commune("93005"), programme=programme, project="Halle", amount=Decimal("10")
    )
    _, key = ApiToken.objects.issue(users["commune_agent"])
    answer = client.get("/api/v1/communes/93005/summary", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200
    summary = answer.json()
    assert summary["commune"]["nom"] == "Aulnay-sous-Bois"
    assert {"observatory", "programme", "coordination", "impact"} <= set(summary)
    assert summary["observatory"]["indicators"]["commerces_proximite"] == {
        "value": 730,
        "previous": 700,
    }
    assert summary["programme"]["accompaniments"][0]["started_on"] == "2025-06-01"
    assert summary["coordination"]["participations"][0]["project"] == "Halle"
    assert summary["impact"]["estimates"]["commerces_proximite"]["estimate"] == pytest.approx(24)
    other = ApiToken.objects.issue(users["other_commune_agent"])[1]
    answer = client.get("/api/v1/communes/93005/summary", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert answer.status_code == 404


def test_page_gathers_the_blocks_and_is_printable(client, users, fixture_rows):  # noqa: F811
    client.force_login(users["territory_agent"])
    page = client.get(reverse("synthesis:commune", args=["93005"])).content.decode()
    for block in ("bloc-observatory", "bloc-programme", "bloc-impact"):
        assert f'id="{block}"' in page
    assert "730 (+30 depuis le 31/12/2024)" in page
    assert "Données de démonstration" in page
    assert dt.date(2026, 6, 30).strftime("%d/%m/%Y") in page
