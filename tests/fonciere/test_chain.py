"""The chain: declaration → decision before the deadline → acquisition → lease → two
indexations → rent calls → payment, with dates and amounts checked against their article."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.fonciere import selectors, services
from cvv.fonciere.labels import AUDIT_LABELS
from cvv.fonciere.models import Lease, Opportunity
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def premises(db):
    return Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant",
                                   vacant_since=D(2020, 1, 1))  # fmt: skip


def test_full_chain(users, premises):
    officer = users["fonciere_officer"]
    opportunity = services.opportunity_create(
        actor=officer, premises=premises, source="dia_commerce", received_on=D(2021, 1, 31),
        price=Decimal("180000"), right_holder="commune",
    )  # fmt: skip
    # L214-1 / R214-5 C. urb.: 31 Jan + 2 months = 31 Mar.
    assert opportunity.deadline == D(2021, 3, 31)
    assert "R214-5" in opportunity.deadline_article
    with pytest.raises(ValidationError, match="31/03/2021"):
        services.opportunity_decide(actor=officer, opportunity=opportunity, preempt=True,
                                    on=D(2021, 4, 1))  # fmt: skip
    services.opportunity_decide(actor=officer, opportunity=opportunity, preempt=True,
                                on=D(2021, 3, 15))  # fmt: skip
    acquisition = services.acquisition_record(
        actor=officer, opportunity=opportunity, deed_on=D(2021, 5, 20),
        price=Decimal("175000"), costs=Decimal("12500"),
    )  # fmt: skip
    # L214-2 C. urb.: re-assignment within 2 years of the acquisition.
    assert acquisition.retrocession_deadline == D(2023, 5, 20)
    premises.refresh_from_db()
    assert premises.owner_kind == "fonciere" and premises.fonciere_followed
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Boulangerie Test",
        start=D(2021, 7, 1), rent=Decimal("24000"), reference_quarter="2021-T1",
        charges_provision=Decimal("300"), deposit=Decimal("12000"),
    )  # fmt: skip
    assert lease.reference == "B-2021-0001"
    assert lease.end == D(2030, 6, 30)  # L145-4: 9 years − 1 day
    services.lease_sign(actor=officer, lease=lease)
    premises.refresh_from_db()
    assert premises.status == "occupe" and premises.occupant_name == "Boulangerie Test"
    calls = services.rent_calls_generate(actor=officer, lease=lease, until=D(2023, 7, 1))
    assert len(calls) == 9  # quarters from 2021-07-01 to 2023-07-01
    by_start = {c.period_start: c for c in calls}
    # Before the first anniversary: 24000 / 4 = 6000.00.
    assert by_start[D(2021, 7, 1)].rent == Decimal("6000.00")
    # First indexation (2022-07-01, ILC 2022-T1 / 2021-T1, uncapped): 24797.74 / 4 = 6199.44.
    assert by_start[D(2022, 7, 1)].annual_rent == Decimal("24797.74")
    assert by_start[D(2022, 7, 1)].rent == Decimal("6199.44")  # 6199.435 half up
    # Second (2023-07-01, SME cap 3.5 %): 25665.66 / 4 = 6416.415 → 6416.42.
    assert by_start[D(2023, 7, 1)].annual_rent == Decimal("25665.66")
    assert by_start[D(2023, 7, 1)].rent == Decimal("6416.42")
    assert by_start[D(2023, 7, 1)].period_end == D(2023, 9, 30)
    # Idempotent.
    assert services.rent_calls_generate(actor=officer, lease=lease, until=D(2023, 7, 1)) == []
    first = by_start[D(2021, 7, 1)]
    services.payment_record(actor=officer, rent_call=first, paid_on=D(2021, 7, 3),
                            amount=Decimal("6300"))  # fmt: skip
    with pytest.raises(ValidationError, match="reste dû"):
        services.payment_record(actor=officer, rent_call=first, paid_on=D(2021, 7, 4),
                                amount=Decimal("0.01"))  # fmt: skip
    late = selectors.arrears(officer, today=D(2021, 11, 1))
    assert [(c.period_start, due, days) for c, due, days in late] == [
        (D(2021, 10, 1), Decimal("6300.00"), 31)
    ]
    codes = set(
        AuditEntry.objects.filter(action__startswith="fonciere.").values_list("action", flat=True)
    )
    assert codes <= set(AUDIT_LABELS), codes - set(AUDIT_LABELS)


def test_dpu_suspension_and_tacit_renunciation(users, premises):
    officer = users["fonciere_officer"]
    opportunity = services.opportunity_create(
        actor=officer, premises=premises, source="dia_dpu", received_on=D(2025, 1, 10)
    )
    services.opportunity_suspend(actor=officer, opportunity=opportunity, on=D(2025, 2, 10))
    # Suspended: the deadline does not run, nothing lapses.
    assert services.lapse_overdue(today=D(2025, 6, 1)) == 0
    services.opportunity_resume(actor=officer, opportunity=opportunity, on=D(2025, 3, 1))
    opportunity.refresh_from_db()
    assert opportunity.deadline == D(2025, 4, 1)  # R213-7: at least one month
    assert services.lapse_overdue(today=D(2025, 4, 1)) == 0
    assert services.lapse_overdue(today=D(2025, 4, 2)) == 1
    opportunity.refresh_from_db()
    assert opportunity.state == "renonciation_tacite"
    entry = AuditEntry.objects.get(action="fonciere.opportunity.lapse")
    assert entry.actor is None


def test_guards_and_scope(users, premises):
    with pytest.raises(PermissionDenied):
        services.opportunity_create(actor=users["commune_agent"], premises=premises,
                                    source="amiable", received_on=D(2025, 1, 1))  # fmt: skip
    opportunity = services.opportunity_create(
        actor=users["instructor"], premises=premises, source="amiable", received_on=D(2025, 1, 1)
    )
    assert opportunity.deadline is None
    for role in ("commune_agent", "territory_agent", "economic_actor"):
        with pytest.raises(TransitionDenied):
            services.opportunity_decide(actor=users[role], opportunity=opportunity,
                                        preempt=True, on=D(2025, 1, 5))  # fmt: skip
    assert set(selectors.opportunities_visible_to(users["commune_agent"])) == {opportunity}
    assert not selectors.opportunities_visible_to(users["other_commune_agent"]).exists()
    assert not selectors.opportunities_visible_to(users["economic_actor"]).exists()


def test_money_constraints(premises):
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.create(premises=premises, commune=premises.commune,
                                   source="amiable", received_on=D(2025, 1, 1),
                                   price=Decimal("-1"))  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Lease.objects.create(
            reference="X", premises=premises, commune=premises.commune, kind="commercial",
            tenant_name="T", start=D(2025, 1, 1), end=D(2034, 1, 1), rent=Decimal("-1"),
            reference_quarter="2024-T3",
        )  # fmt: skip
