"""The chain in the interface: declaration → decision → acquisition → lease → signature →
rent calls → payment, with the dates and amounts shown next to their article."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cvv.fonciere.models import Lease, Opportunity, RentCall
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_chain_through_the_pages(client, users):
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant",
                                       fonciere_followed=True)  # fmt: skip
    client.force_login(users["fonciere_officer"])
    response = client.post(
        reverse("fonciere:opportunity_create"),
        {"premises": premises.pk, "source": "dia_commerce", "received_on": "2021-01-31",
         "price": "180 000,00", "right_holder": "commune"},
        follow=True,
    )  # fmt: skip
    opportunity = Opportunity.objects.get()
    page = response.content.decode()
    assert f"Opportunité n° {opportunity.pk} enregistrée." in page
    assert "mercredi 31/03/2021" in page and "R214-5" in page and "180\u202f000,00\u00a0€" in page
    url = reverse("fonciere:opportunity_action", args=[opportunity.pk, "preempt"])
    late = client.post(url, {"on": "2021-04-01"}, follow=True).content.decode()
    assert "le silence vaut renonciation" in late
    client.post(url, {"on": "2021-03-15"})
    client.post(
        reverse("fonciere:opportunity_acquire", args=[opportunity.pk]),
        {"deed_on": "2021-05-20", "price": "175000", "costs": "12500"},
    )
    page = client.get(reverse("fonciere:opportunity", args=[opportunity.pk])).content.decode()
    assert "samedi 20/05/2023" in page and "L214-2" in page
    response = client.post(
        reverse("fonciere:lease_create"),
        {"premises": premises.pk, "kind": "commercial", "tenant_name": "Boulangerie Test",
         "tenant_sme": "on", "start": "2021-07-01", "years": "9", "rent": "24 000",
         "frequency": "trimestriel", "index": "ILC", "reference_quarter": "2021-T1"},
        follow=True,
    )  # fmt: skip
    lease = Lease.objects.get()
    assert f"Bail n° {lease.reference} créé." in response.content.decode()
    client.post(reverse("fonciere:lease_action", args=[lease.pk, "sign"]))
    client.post(reverse("fonciere:lease_action", args=[lease.pk, "calls"]), {"until": "2023-07-01"})
    assert RentCall.objects.count() == 9
    first = RentCall.objects.order_by("period_start").first()
    client.post(
        reverse("fonciere:lease_action", args=[lease.pk, "payment"]),
        {"rent_call": first.pk, "paid_on": "2021-07-02", "amount": "6000"},
    )
    assert first.payments.get().amount == Decimal("6000")
    page = client.get(reverse("fonciere:lease", args=[lease.pk])).content.decode()
    assert "24\u202f797,74\u00a0€" in page and "25\u202f665,66\u00a0€" in page
    assert "plafonnée à 3,5 %" in page and "L145-4" in page
    # Today is after the 2025 anniversary: 2025-T1 is not bundled, the page says so.
    assert "2025-T1 n’est pas encore connue" in page
    # Commune agents read their commune's files but cannot act.
    client.force_login(users["commune_agent"])
    assert client.get(reverse("fonciere:lease", args=[lease.pk])).status_code == 200
    assert client.post(reverse("fonciere:lease_action", args=[lease.pk, "end"])).status_code == 403
    assert dt.date(2030, 6, 30) == lease.end


def test_a_derogatory_lease_page_gives_its_length_and_conversion_date(client, users):
    """Art. L145-5: 3 years at most; a tenant left in possession more than a month after the
    term has a commercial lease — the page gives the date from which that holds."""
    premises = Premises.objects.create(commune=commune("93005"), address="6 rue", status="vacant",
                                       fonciere_followed=True)  # fmt: skip
    client.force_login(users["fonciere_officer"])
    client.post(
        reverse("fonciere:lease_create"),
        {"premises": premises.pk, "kind": "derogatoire", "tenant_name": "Atelier Test",
         "tenant_sme": "on", "start": "2024-03-01", "end": "2026-02-28", "years": "9",
         "rent": "12 000", "frequency": "mensuel", "index": "ILC",
         "reference_quarter": "2023-T4"},
    )  # fmt: skip
    lease = Lease.objects.get()
    page = client.get(reverse("fonciere:lease", args=[lease.pk])).content.decode()
    assert "L145-5" in page and "Durée : 24 mois" in page
    assert "dans les lieux le samedi 28/03/2026 a droit au bail commercial" in page


def test_lease_terms_in_arrears_entry_fee_guarantees_and_charges_inventory(client, users):
    """A lease payable à terme échu has its calls due on each period's last day; its entry
    fee, guarantees and charges inventory (art. L145-40-2) are recorded and shown."""
    premises = Premises.objects.create(commune=commune("93005"), address="8 rue", status="vacant",
                                       fonciere_followed=True)  # fmt: skip
    client.force_login(users["fonciere_officer"])
    fields = {"premises": premises.pk, "kind": "commercial", "tenant_name": "Épicerie Test",
              "tenant_sme": "on", "start": "2024-01-01", "years": "9", "rent": "12 000",
              "frequency": "trimestriel", "index": "ILC", "reference_quarter": "2023-T3",
              "payable_in_advance": "0", "guarantees": "Caution solidaire du gérant",
              "charges_inventory": "Taxe foncière : preneur\nGros travaux : bailleur"}  # fmt: skip
    refused = client.post(reverse("fonciere:lease_create"), {**fields, "entry_fee": "-5"})
    assert refused.status_code == 400 and not Lease.objects.exists()
    client.post(reverse("fonciere:lease_create"), {**fields, "entry_fee": "15 000"})
    lease = Lease.objects.get()
    assert lease.entry_fee == Decimal("15000") and not lease.payable_in_advance
    client.post(reverse("fonciere:lease_action", args=[lease.pk, "sign"]))
    client.post(reverse("fonciere:lease_action", args=[lease.pk, "calls"]), {"until": "2024-04-01"})
    due = list(RentCall.objects.order_by("period_start").values_list("due_on", flat=True))
    assert due == [dt.date(2024, 3, 31), dt.date(2024, 6, 30)]
    page = client.get(reverse("fonciere:lease", args=[lease.pk])).content.decode()
    assert "à terme échu" in page and "15\u202f000,00\u00a0€" in page
    assert "Caution solidaire du gérant" in page and "Gros travaux : bailleur" in page
