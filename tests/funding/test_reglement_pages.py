"""An administrator edits the règlement through the pages: draft, edit, vote."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cvv.funding.models import Reglement


@pytest.mark.django_db
def test_admin_derives_edits_and_votes_a_version(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("fimacs:reglement_derive", args=["defaut-2026"]),
        {"code": "fimacs-2027", "title": "Règlement voté 2027", "effective_from": "2027-01-01"},
    )
    assert response.status_code == 302
    draft = Reglement.objects.get(code="fimacs-2027")
    edit_url = reverse("fimacs:reglement_edit", args=[draft.code])
    page = client.get(edit_url)
    assert page.status_code == 200
    data = {"title": draft.title, "deliberation": ""}
    for p in draft.parameters.all():
        data[f"value_{p.key}"] = str(p.value)
        data[f"source_{p.key}"] = p.source
    for c in draft.categories.all():
        if c.eligible:
            data[f"eligible_{c.code}"] = "on"
        data[f"rate_{c.code}"] = str(c.base_rate or "")
        data[f"ceiling_{c.code}"] = str(c.ceiling or "")
        data[f"catsource_{c.code}"] = c.source
    bad = client.post(edit_url, {**data, "value_rate_cap": "7"})
    assert bad.status_code == 400 and "entre 0 et 1" in bad.content.decode()
    data["value_small_bonus"] = "0.15"
    data["source_small_bonus"] = "Délibération CM2026-99, art. 3"
    assert client.post(edit_url, data).status_code == 302
    assert draft.parameters.get(key="small_bonus").value == Decimal("0.15")
    client.post(reverse("fimacs:reglement_adopt", args=[draft.code]), {"deliberation": "CM2026-99"})
    draft.refresh_from_db()
    assert draft.status == "adopted" and draft.deliberation == "CM2026-99"
    # A voted version is no longer editable: the edit page sends back to the version.
    assert client.get(edit_url).status_code == 302
    history = client.get(reverse("fimacs:reglement", args=[draft.code])).content.decode()
    assert "Règlement voté" in history and "Projet de règlement modifié" in history
