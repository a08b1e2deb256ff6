"""A revision or renewal recorded as the lease's new rent (RentSetting)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.fonciere import collection, services
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_a_revision_recorded_becomes_the_base_of_the_rent(client, users):
    """The revised rent (L145-38 C. com.) is recorded as the lease's new rent: calls from
    its date use it, indexation starts again from it at its own anniversaries."""

    officer = users["fonciere_officer"]
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Fleuriste",
        start=dt.date(2021, 7, 1), rent=Decimal("24000"), reference_quarter="2021-T1",
    )  # fmt: skip
    services.lease_sign(actor=officer, lease=lease)
    client.force_login(officer)
    url = reverse("fonciere:lease_action", args=[lease.pk, "rent"])
    response = client.post(url, {
        "loyer-kind": "revision", "loyer-effective_on": "2024-07-01",
        "loyer-annual_rent": "26 000", "loyer-reference_quarter": "2024-T1",
        "loyer-explanation": "Accord des parties",
    }, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "loyer de 26\u202f000,00\u00a0€ en vigueur le 01/07/2024" in page
    assert "art. L145-38 du code de commerce" in page and "Accord des parties" in page
    assert AuditEntry.objects.filter(action="fonciere.lease.rent_set").count() == 1
    # Before: indexed from the initial rent (25 665,66 after two indexations, the second
    # capped); from 2024-07-01: the revised rent, no indexation before its first anniversary.
    assert services.annual_rent_on(lease, dt.date(2024, 6, 30)).rent == Decimal("25665.66")
    assert services.annual_rent_on(lease, dt.date(2024, 7, 1)).rent == Decimal("26000.00")
    calls = services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2025, 1, 1))
    by_start = {c.period_start: c for c in calls}
    assert by_start[dt.date(2024, 4, 1)].rent == Decimal("6416.42")
    assert by_start[dt.date(2024, 7, 1)].rent == Decimal("6500.00")
    with pytest.raises(ValidationError, match="déjà été fixé"):
        collection.rent_setting_record(
            actor=officer, lease=lease, kind="revision", effective_on=dt.date(2024, 1, 1),
            annual_rent=Decimal("1"), reference_quarter="2023-T3",
        )  # fmt: skip
    client.force_login(users["commune_agent"])
    assert client.post(url, {}).status_code == 403
