"""The committee's decision form starts empty: no decision pre-selected, no amount pre-filled
(issue 10, "committee forms start empty instead of pre-set to granted")."""

import datetime
import re

import pytest
from django.urls import reverse

from cvv.funding.models import AgendaItem, Dossier
from cvv.funding.services import committee
from tests.funding.factories import make_draft, make_envelope, walk

pytestmark = pytest.mark.django_db


def _agenda_item(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.READY_FOR_COMMITTEE, users)
    make_envelope(dossier.edition, users["metropole_admin"])
    session = committee.session_create(
        edition=dossier.edition,
        title="Comité",
        date=datetime.date(2026, 6, 1),
        actor=users["instructor"],
    )
    return committee.agenda_add(session=session, dossier=dossier, actor=users["instructor"])


def test_decision_form_starts_empty_and_a_grant_needs_its_amount(client, users):
    item = _agenda_item(users)
    assert item.proposed_amount > 0
    client.force_login(users["instructor"])
    url = reverse("fimacs:session_decide", args=[item.session_id, item.pk])
    page = client.get(reverse("fimacs:session", args=[item.session_id])).content.decode()
    form = page[page.index(f'action="{url}"') :]
    form = form[: form.index("</form>")]
    select = form[form.index('name="decision"') : form.index("</select>")]
    assert re.search(r'<option value="">', select) and "selected" not in select
    amount = re.search(r'<input[^>]*name="amount"[^>]*>', form).group(0)
    assert "value=" not in amount
    response = client.post(url, {"decision": "granted", "amount": ""}, follow=True)
    assert "Indiquez le montant accordé" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).decision == ""
    client.post(url, {"decision": "", "amount": "1000"})
    assert AgendaItem.objects.get(pk=item.pk).decision == ""
    response = client.post(url, {"decision": "granted", "amount": "1000"}, follow=True)
    item.refresh_from_db()
    assert item.decision == "granted" and item.decided_amount == 1000
