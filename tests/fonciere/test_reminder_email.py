"""Rent reminders e-mailed to the tenant's contact address when the lease has one (the
letter attached; the address never copied elsewhere nor shown to the commune)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.fonciere import collection, services
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db


def unpaid_call(users, email):
    officer = users["fonciere_officer"]
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Librairie",
        start=dt.date(2021, 7, 1), rent=Decimal("24000"), reference_quarter="2021-T1",
        tenant_email=email,
    )  # fmt: skip
    lease = services.lease_sign(actor=officer, lease=lease)
    services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2021, 7, 1))
    return lease.calls.get()


def test_reminders_are_emailed_with_their_letter(users, django_capture_on_commit_callbacks):
    call = unpaid_call(users, "compta@librairie.example")
    officer = users["fonciere_officer"]
    with django_capture_on_commit_callbacks(execute=True):
        first = collection.reminder_send(actor=officer, rent_call=call, on=dt.date(2021, 7, 20))
    assert first.emailed
    (message,) = mail.outbox
    assert message.to == ["compta@librairie.example"]
    assert message.subject == f"[Foncière] Première relance — bail n° {call.lease.reference}"
    assert "la somme de 6\u202f000,00 € reste due" in message.body
    assert "Librairie" in message.body  # the tenant's name, as in the letter; nothing more
    (attachment,) = message.attachments
    assert attachment[2] == "application/pdf" and attachment[1].startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        collection.reminder_send(actor=officer, rent_call=call, on=dt.date(2021, 8, 20))
        collection.reminder_send(actor=officer, rent_call=call, on=dt.date(2021, 9, 20))
    assert "L145-41" in mail.outbox[2].body and "Mise en demeure" in mail.outbox[2].subject
    # The audit records that it was e-mailed, not the address.
    entry = AuditEntry.objects.filter(action="fonciere.reminder.create").first()
    assert entry.data["emailed"] is True and "compta@" not in str(entry.data)


def test_no_address_no_email(users, django_capture_on_commit_callbacks):
    call = unpaid_call(users, "")
    with django_capture_on_commit_callbacks(execute=True):
        reminder = collection.reminder_send(
            actor=users["fonciere_officer"], rent_call=call, on=dt.date(2021, 7, 20)
        )
    assert not reminder.emailed and mail.outbox == []


def test_the_address_is_shown_to_the_fonciere_only(client, users):
    call = unpaid_call(users, "compta@librairie.example")
    url = reverse("fonciere:lease", args=[call.lease.pk])
    client.force_login(users["fonciere_officer"])
    assert "compta@librairie.example" in client.get(url).content.decode()
    client.force_login(users["commune_agent"])
    page = client.get(url)
    assert page.status_code == 200 and "compta@librairie.example" not in page.content.decode()


def test_the_address_is_changed_on_the_lease_page(client, users):
    call = unpaid_call(users, "")
    lease = call.lease
    url = reverse("fonciere:lease_action", args=[lease.pk, "contact"])
    client.force_login(users["fonciere_officer"])
    client.post(url, {"contact-tenant_email": "pas une adresse"})
    lease.refresh_from_db()
    assert lease.tenant_email == ""
    response = client.post(url, {"contact-tenant_email": "gerant@librairie.example"}, follow=True)
    assert "adresse de contact enregistrée" in response.content.decode()
    lease.refresh_from_db()
    assert lease.tenant_email == "gerant@librairie.example"
    entry = AuditEntry.objects.get(action="fonciere.lease.contact")
    assert entry.data == {"recorded": True}
    client.force_login(users["commune_agent"])
    assert client.post(url, {"contact-tenant_email": "x@example.org"}).status_code == 403
