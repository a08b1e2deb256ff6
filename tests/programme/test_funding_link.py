"""The plan links to the FIMACS funding applications, and the dashboard sums them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cvv.funding.models import Dossier
from cvv.programme.dashboard_data import dashboard_rows
from tests.funding.factories import make_draft

pytestmark = pytest.mark.django_db


def test_action_page_and_dashboard_show_funding(client, users):
    dossier = make_draft(users["commune_agent"])
    action = dossier.action
    rows = dashboard_rows()
    assert rows[0].funding_requested == 0  # a draft is not a request yet
    Dossier.objects.filter(pk=dossier.pk).update(
        state="granted", requested_amount=Decimal("50000"), granted_amount=Decimal("40000")
    )
    row = dashboard_rows()[0]
    assert (row.funding_requested, row.funding_granted) == (Decimal("50000"), Decimal("40000"))
    client.force_login(users["commune_agent"])
    page = client.get(reverse("programme:action", args=[action.pk])).content.decode()
    assert dossier.reference in page
    assert reverse("fimacs:dossier", args=[dossier.pk]) in page
