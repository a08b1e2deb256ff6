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


def _lease(officer, start, rent, quarter):
    premises = Premises.objects.create(commune=commune("93005"), address="6 rue", status="vacant")
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Librairie",
        start=start, rent=Decimal(rent), reference_quarter=quarter,
    )  # fmt: skip
    return services.lease_sign(actor=officer, lease=lease) or lease


def _revise(officer, lease, on, rent, quarter, **extra):
    return collection.rent_setting_record(
        actor=officer, lease=lease, kind="revision", effective_on=on,
        annual_rent=Decimal(rent), reference_quarter=quarter, **extra,
    )  # fmt: skip


def test_a_revision_is_checked_against_the_cap_from_the_last_fixing(users):
    """Golden case (L145-38 C. com.), by hand: 24 000 € fixed on 01/07/2021 (ILC 2021-T1 =
    116.73); revision asked on 01/07/2024 with ILC 2024-T1 = 134.58: cap = 24 000 × 134.58 /
    116.73 = 27 670.01 €. Above it only with a material change; not before three years."""
    officer = users["fonciere_officer"]
    lease = _lease(officer, dt.date(2021, 7, 1), "24000", "2021-T1")
    with pytest.raises(ValidationError, match="à partir du 01/07/2024"):
        _revise(officer, lease, dt.date(2024, 6, 30), "25000", "2024-T1")
    with pytest.raises(ValidationError) as refused:
        _revise(officer, lease, dt.date(2024, 7, 1), "27670.02", "2024-T1")
    assert "dépasse le plafond de 27\u202f670,01\u00a0€" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError, match="doit suivre celui de la dernière fixation"):
        _revise(officer, lease, dt.date(2024, 7, 1), "25000", "2020-T4")
    assert not lease.rent_settings.exists()
    _revise(officer, lease, dt.date(2024, 7, 1), "27670.01", "2024-T1")  # the cap itself
    later = _lease(officer, dt.date(2021, 7, 1), "24000", "2021-T1")
    setting = _revise(officer, later, dt.date(2024, 7, 1), "30000", "2024-T1",
                      material_change=True)  # fmt: skip
    assert setting.annual_rent == Decimal("30000")
    entry = AuditEntry.objects.filter(action="fonciere.lease.rent_set").order_by("-pk").first()
    assert entry.data["material_change"] is True


def test_revisions_count_from_the_last_rent_recorded(users):
    """By hand: 20 000 € from 01/07/2019 (ILC 2019-T1 = 114.64); revised on 01/07/2022 to
    21 000 € with ILC 2022-T1 = 120.61 (cap 20 000 × 120.61 / 114.64 = 21 041.52: within).
    The next revision counts from that fixing: possible from 01/07/2025, capped at
    21 000 × ILC 2025-T1 (136.10, imported) / 120.61 = 23 697.04 €; the next would fall
    after the term (30/06/2028), where the renewal waits for the 2028-T1 value. Not before
    01/07/2025."""
    from cvv.fonciere.collection_selectors import revision_caps
    from cvv.fonciere.models import IndexValue

    officer = users["fonciere_officer"]
    lease = _lease(officer, dt.date(2019, 7, 1), "20000", "2019-T1")
    with pytest.raises(ValidationError) as refused:
        _revise(officer, lease, dt.date(2022, 7, 1), "21041.53", "2022-T1")
    assert "plafond de 21\u202f041,52\u00a0€" in " ".join(refused.value.messages)
    _revise(officer, lease, dt.date(2022, 7, 1), "21000", "2022-T1")
    IndexValue.objects.create(index="ILC", year=2025, quarter=1, value=Decimal("136.10"))
    caps = revision_caps(lease)
    titles = [title for title, _outcome, _error in caps]
    assert titles == ["Révision triennale à partir du 01/07/2025", "Renouvellement"]
    assert caps[0][1].cap == Decimal("23697.04")
    assert caps[1][1] is None and "2028-T1" in caps[1][2]
    with pytest.raises(ValidationError, match="à partir du 01/07/2025"):
        _revise(officer, lease, dt.date(2025, 6, 1), "22000", "2025-T1")
    with pytest.raises(ValidationError) as refused:
        _revise(officer, lease, dt.date(2025, 7, 1), "23697.05", "2025-T1")
    assert "plafond de 23\u202f697,04\u00a0€" in " ".join(refused.value.messages)
