"""The rent collection in the pages: franchise, revision caps with their article, PDFs,
reminders, arrears, bank statement import and confirmation, charges statement, deposit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cvv.fonciere import services
from cvv.fonciere.models import BankLine, Payment
from cvv.fonciere.workflows import LEASE_WORKFLOW
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def lease(users):
    officer = users["fonciere_officer"]
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Librairie",
        start=D(2021, 7, 1), rent=Decimal("24000"), reference_quarter="2021-T1",
        charges_provision=Decimal("300"), deposit=Decimal("12000"),
    )  # fmt: skip
    return services.lease_sign(actor=officer, lease=lease)


def test_lease_page_collection(client, users, lease):
    client.force_login(users["fonciere_officer"])
    url = reverse("fonciere:lease", args=[lease.pk])
    response = client.post(
        reverse("fonciere:lease_adjustment", args=[lease.pk]),
        {"franchise-kind": "franchise", "franchise-start": "2021-07-01",
         "franchise-end": "2021-08-31"}, follow=True,
    )  # fmt: skip
    assert "Franchise de loyer du 01/07/2021 au 31/08/2021 enregistré" in response.content.decode()
    assert client.post(reverse("fonciere:lease_adjustment", args=[lease.pk]), {}).status_code == 400
    client.post(reverse("fonciere:lease_action", args=[lease.pk, "calls"]), {"until": "2021-10-01"})
    page = client.get(url).content.decode()
    assert "art. 1103 du code civil" in page and "franchise de loyer" in page
    # L145-38: the first triennial revision's cap (24000 × 134.58 / 116.73 = 27670.01).
    assert "27\u202f670,01\u00a0€" in page and "art. L145-38 du code de commerce" in page
    page = client.get(url, {"rental_value": "26 000", "material_change": ""}).content.decode()
    assert "26\u202f000,00\u00a0€" in page
    call = lease.calls.order_by("period_start").first()
    pdf = client.get(reverse("fonciere:call_notice", args=[call.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("fonciere:call_receipt", args=[call.pk])).status_code == 404
    services.payment_record(actor=users["fonciere_officer"], rent_call=call, paid_on=D(2021, 7, 1),
                            amount=call.total)  # fmt: skip
    assert client.get(reverse("fonciere:call_receipt", args=[call.pk])).status_code == 200
    second = lease.calls.order_by("period_start").last()
    response = client.post(reverse("fonciere:call_reminder", args=[second.pk]),
                           {"on": "2021-10-20", "next": "impayes"}, follow=True)  # fmt: skip
    assert "première relance de l’appel du 01/10/2021 enregistrée" in response.content.decode()
    reminder = second.reminders.get()
    assert client.get(reverse("fonciere:reminder_letter", args=[reminder.pk])).status_code == 200
    arrears = client.get(reverse("fonciere:arrears")).content.decode()
    assert "plus de 90 jours" in arrears and second.reference in arrears
    response = client.post(
        reverse("fonciere:lease_charges", args=[lease.pk]),
        {"charges-year": "2021", "charges-actual_charges": "700", "charges-sent_on": "2022-05-02"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "décompte de charges 2021 enregistré" in page
    assert "vendredi 30/09/2022" in page  # R145-36: before 30 September of N+1
    assert client.post(reverse("fonciere:lease_charges", args=[lease.pk]), {}).status_code == 400
    LEASE_WORKFLOW.apply(lease, "end", actor=users["fonciere_officer"], reason="Départ")
    response = client.post(reverse("fonciere:lease_deposit", args=[lease.pk]),
                           {"depot-on": "2022-06-30"}, follow=True)  # fmt: skip
    assert "dépôt de garantie restitué" in response.content.decode()
    assert client.post(reverse("fonciere:lease_deposit", args=[lease.pk]), {}).status_code == 400


def test_bank_statement_pages(client, users, lease):
    officer = users["fonciere_officer"]
    call = services.rent_calls_generate(actor=officer, lease=lease, until=D(2021, 7, 1))[0]
    client.force_login(officer)
    url = reverse("fonciere:bank_statements")
    assert client.post(url, {}).status_code == 400
    bad = SimpleUploadedFile("r.csv", b"date;libelle;montant\n02/07/2021;A;abc\n")
    response = client.post(url, {"file": bad})
    assert (
        response.status_code == 400 and "Ligne 2 : montant illisible" in response.content.decode()
    )
    good = SimpleUploadedFile("r.csv", f"date;libelle;montant\n02/07/2021;{call.reference};"
                                       "6300,00\n".encode())  # fmt: skip
    response = client.post(url, {"file": good}, follow=True)
    page = response.content.decode()
    assert "importé : vérifiez les rapprochements proposés" in page and call.reference in page
    statement_url = response.redirect_chain[-1][0]
    assert client.post(statement_url, {}).status_code == 400
    assert not Payment.objects.exists()  # nothing before the officer confirms
    line = BankLine.objects.get()
    response = client.post(statement_url, {"lines": [line.pk], "action": "confirm"}, follow=True)
    assert "1 paiement(s) enregistré(s)" in response.content.decode()
    assert Payment.objects.get().source == "releve"


def test_collection_pages_show_no_code_nor_english(client, users, lease):
    from tests.visible_text import leaks, visible_text

    officer = users["fonciere_officer"]
    services.rent_calls_generate(actor=officer, lease=lease, until=D(2021, 10, 1))
    client.force_login(officer)
    for url in (reverse("fonciere:lease", args=[lease.pk]), reverse("fonciere:arrears"),
                reverse("fonciere:bank_statements")):  # fmt: skip
        found = leaks(visible_text(client.get(url).content.decode()))
        assert not found, f"{url}: {found}"
