import pytest
from django.urls import reverse

from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_a_commune_agent_adds_edits_and_changes_the_status(client, users):
    client.force_login(users["commune_agent"])
    response = client.post(
        reverse("premises:create"),
        {
            "commune": commune("93005").pk,
            "address": "8 place du Marché",
            "status": "vacant",
            "on": "2024-02-01",
            "sales_area_m2": "72,5",
            "step_free": "true",
            "extraction_possible": "unknown",
        },
        follow=True,
    )
    premises = Premises.objects.get()
    assert f"Local {premises.reference} ajouté au registre." in response.content.decode()
    assert str(premises.sales_area_m2) == "72.5" and premises.step_free is True
    assert premises.extraction_possible is None
    page = client.get(reverse("premises:detail", args=[premises.pk])).content.decode()
    assert "72,5 m²" in page and "01/02/2024" in page and "Vacance" in page
    response = client.post(
        reverse("premises:edit", args=[premises.pk]),
        {"address": "8 place du Marché", "naf_code": "56.10A", "ground_floor": "on",
         "step_free": "true", "extraction_possible": "true"},
        follow=True,
    )  # fmt: skip
    premises.refresh_from_db()
    assert premises.activity_category == "cafes_hotels_restaurants"
    response = client.post(
        reverse("premises:status", args=[premises.pk]),
        {"status": "occupe", "on": "2025-01-01"},
        follow=True,
    )
    assert "Statut du local" in response.content.decode()
    premises.refresh_from_db()
    assert premises.status == "occupe" and premises.vacant_since is None


def test_the_commune_list_is_limited_to_own_communes(client, users):
    client.force_login(users["commune_agent"])
    page = client.get(reverse("premises:create")).content.decode()
    assert "Aulnay" in page and "Montreuil" not in page
