"""Insurance policies and taxes foncières of an acquired premises: services, database
constraints, the acquisition page and the portfolio's owner costs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.fonciere import selectors_portfolio, services_portfolio
from cvv.fonciere.models import Acquisition, InsurancePolicy, PropertyTax
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def acquisition():
    premises = Premises.objects.create(
        commune=commune("93005"), address="8 rue Basse", status="vacant"
    )
    return Acquisition.objects.create(
        premises=premises,
        commune=premises.commune,
        deed_on=dt.date(2024, 3, 1),
        price=Decimal("100000"),
    )


def test_services_record_audit_and_compute_the_owner_costs(users, acquisition):
    officer = users["fonciere_officer"]
    services_portfolio.insurance_record(
        actor=officer, acquisition=acquisition, insurer="Mutuelle A", policy_number="P-1",
        cover="Propriétaire non occupant", premium=Decimal("480.50"),
        starts_on=dt.date(2024, 3, 1), ends_on=dt.date(2025, 2, 28),
    )  # fmt: skip
    services_portfolio.insurance_record(
        actor=officer, acquisition=acquisition, insurer="Mutuelle B", policy_number="P-2",
        cover="Propriétaire non occupant", premium=Decimal("520"),
        starts_on=dt.date(2025, 3, 1),
    )  # fmt: skip
    services_portfolio.tax_record(
        actor=officer, acquisition=acquisition, year=2024, amount=Decimal("1200")
    )
    assert AuditEntry.objects.filter(action="fonciere.insurance.record").count() == 2
    assert AuditEntry.objects.filter(action="fonciere.tax.record").count() == 1
    # In 2025: only the second policy is in force; the 2024 tax is borne by the owner.
    assert selectors_portfolio.owner_costs(acquisition, dt.date(2025, 6, 1)) == Decimal("1720")
    assert selectors_portfolio.owner_costs(acquisition, dt.date(2024, 6, 1)) == Decimal("1680.50")
    # The 2025 tax re-invoiced to the tenant (charges inventory): no longer a cost.
    services_portfolio.tax_record(
        actor=officer, acquisition=acquisition, year=2025, amount=Decimal("1250"), reinvoiced=True
    )
    assert selectors_portfolio.owner_costs(acquisition, dt.date(2025, 6, 1)) == Decimal("520")
    row = next(
        r for r in selectors_portfolio.portfolio_rows(officer, today=dt.date(2025, 6, 1))
        if r["id"] == acquisition.pk
    )  # fmt: skip
    assert row["owner_costs"] == Decimal("520")


def test_services_refuse_bad_input(users, acquisition):
    officer = users["fonciere_officer"]
    with pytest.raises(PermissionDenied):
        services_portfolio.tax_record(
            actor=users["commune_agent"], acquisition=acquisition, year=2024, amount=Decimal("1")
        )
    with pytest.raises(ValidationError):
        services_portfolio.tax_record(
            actor=officer, acquisition=acquisition, year=2024, amount=Decimal("-1")
        )
    with pytest.raises(ValidationError):  # before the acquisition
        services_portfolio.tax_record(
            actor=officer, acquisition=acquisition, year=2023, amount=Decimal("1")
        )
    services_portfolio.tax_record(actor=officer, acquisition=acquisition, year=2024, amount=1)
    with pytest.raises(ValidationError):  # one per year
        services_portfolio.tax_record(actor=officer, acquisition=acquisition, year=2024, amount=2)
    with pytest.raises(ValidationError):
        services_portfolio.insurance_record(
            actor=officer, acquisition=acquisition, insurer="A", policy_number="1", cover="x",
            premium=Decimal("10"), starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2024, 1, 1),
        )  # fmt: skip


def test_database_refuses_negative_amounts(acquisition):
    common = {"acquisition": acquisition, "commune": acquisition.commune}
    with pytest.raises(IntegrityError), transaction.atomic():
        PropertyTax.objects.create(**common, year=2024, amount=Decimal("-5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        InsurancePolicy.objects.create(
            **common, insurer="A", policy_number="1", cover="x", premium=Decimal("-1"),
            starts_on=dt.date(2024, 1, 1),
        )  # fmt: skip


def test_recorded_on_the_acquisition_page(client, users, acquisition):
    url = reverse("fonciere:acquisition", args=[acquisition.pk])
    client.force_login(users["fonciere_officer"])
    response = client.post(
        url,
        {
            "action": "insurance", "insurance-insurer": "Mutuelle A",
            "insurance-policy_number": "P-77", "insurance-cover": "PNO",
            "insurance-premium": "1 234,50", "insurance-starts_on": "2024-03-01",
        },
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Police n° P-77 enregistrée." in page
    assert InsurancePolicy.objects.get().premium == Decimal("1234.50")
    response = client.post(
        url,
        {"action": "tax", "tax-year": "2024", "tax-amount": "-3", "tax-reinvoiced": "on"},
    )
    assert response.status_code == 400 and not PropertyTax.objects.exists()
    client.post(url, {"action": "tax", "tax-year": "2024", "tax-amount": "900"})
    assert PropertyTax.objects.get().amount == Decimal("900")
    page = client.get(reverse("fonciere:portfolio")).content.decode()
    assert "2\u202f134,50\u00a0€ par an" in page  # 1 234,50 + 900
    client.force_login(users["commune_agent"])
    page = client.get(url).content.decode()
    assert "P-77" in page and "Enregistrer la police" not in page
    response = client.post(url, {"action": "tax", "tax-year": "2025", "tax-amount": "1"})
    assert response.status_code == 403
