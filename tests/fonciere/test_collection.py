"""Rent collection through the services: franchises and steps in the calls (stipulation du
bail), reminders, credits (payments never above what is due), the annual charges statement
(L145-40-2, R145-36 C. com.), the deposit returned net at exit (L145-40 C. com.), arrears by
age, PDFs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cvv.audit.models import AuditEntry
from cvv.core.workflows import SYSTEM
from cvv.fonciere import collection, collection_selectors, pdf_documents, services
from cvv.fonciere.models import LeaseAdjustment, Payment, RentCall
from cvv.fonciere.workflows import LEASE_WORKFLOW
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def lease(users):
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    lease = services.lease_create(
        actor=users["fonciere_officer"], premises=premises, kind="commercial",
        tenant_name="Boulangerie Test", start=D(2021, 7, 1), rent=Decimal("24000"),
        reference_quarter="2021-T1", charges_provision=Decimal("300"), deposit=Decimal("12000"),
    )  # fmt: skip
    return services.lease_sign(actor=users["fonciere_officer"], lease=lease)


def test_calls_apply_franchise_and_step(users, lease):
    officer = users["fonciere_officer"]
    collection.adjustment_add(actor=officer, lease=lease, kind="franchise",
                              start=D(2021, 7, 1), end=D(2021, 8, 31))  # fmt: skip
    collection.adjustment_add(actor=officer, lease=lease, kind="palier", start=D(2021, 9, 1),
                              end=D(2022, 6, 30), annual_rent=Decimal("18000"))  # fmt: skip
    issued = services.rent_calls_generate(actor=officer, lease=lease, until=D(2022, 7, 1))
    calls = {c.period_start: c for c in issued}
    # Quarter 07–09/2021 (92 days): 62 days free, 30 days at the 18000 step:
    # 18000 / 4 = 4500 × 30 / 92 = 1467.391… → 1467.39; the charges provision stays due.
    first = calls[D(2021, 7, 1)]
    assert first.rent == Decimal("1467.39") and first.charges == Decimal("300")
    assert "franchise de loyer" in first.explanation and "art. 1103" in first.explanation
    # Whole quarter inside the step: 18000 / 4 = 4500.00.
    assert calls[D(2021, 10, 1)].rent == Decimal("4500.00")
    # After the step, the indexed rent (24797.74, L145-39) × 3 / 12 = 6199.44.
    assert calls[D(2022, 7, 1)].rent == Decimal("6199.44")
    assert calls[D(2022, 7, 1)].explanation == ""
    # A franchise touching a term already called is refused (the call would not change).
    with pytest.raises(ValidationError, match="déjà émis"):
        collection.adjustment_add(actor=officer, lease=lease, kind="franchise",
                                  start=D(2022, 7, 1), end=D(2022, 7, 31))  # fmt: skip
    with pytest.raises(ValidationError, match="chevauche"):
        collection.adjustment_add(actor=officer, lease=lease, kind="franchise",
                                  start=D(2022, 6, 1), end=D(2023, 7, 31))  # fmt: skip
    with pytest.raises(PermissionDenied):
        collection.adjustment_add(actor=users["commune_agent"], lease=lease, kind="franchise",
                                  start=D(2029, 1, 1), end=D(2029, 1, 31))  # fmt: skip
    assert LeaseAdjustment.objects.count() == 2
    assert AuditEntry.objects.filter(action="fonciere.adjustment.create").count() == 2


def test_payment_excess_becomes_credit_and_reminders(users, lease):
    officer = users["fonciere_officer"]
    first, second = services.rent_calls_generate(actor=officer, lease=lease,
                                                 until=D(2021, 10, 1))  # fmt: skip
    assert first.total == Decimal("6300.00")
    payment, credit = collection.payment_with_credit(
        actor=officer, rent_call=first, paid_on=D(2021, 7, 2), amount=Decimal("6500")
    )
    assert payment.amount == Decimal("6300.00") and credit.amount == Decimal("200.00")
    assert collection.remaining_due(first) == 0
    assert pdf_documents.receipt_available(first)
    assert pdf_documents.receipt_pdf(first).startswith(b"%PDF")
    assert not pdf_documents.receipt_available(second)
    with pytest.raises(ValidationError, match="suit l’échéance"):
        collection.reminder_send(actor=officer, rent_call=second, on=D(2021, 10, 1))
    levels = [collection.reminder_send(actor=officer, rent_call=second, on=D(2021, 10, d)).level
              for d in (15, 25, 31)]  # fmt: skip
    assert levels == [1, 2, 3]
    with pytest.raises(ValidationError, match="mise en demeure"):
        collection.reminder_send(actor=officer, rent_call=second, on=D(2021, 11, 5))
    reminder = second.reminders.get(level=3)
    assert pdf_documents.reminder_pdf(reminder).startswith(b"%PDF")
    with pytest.raises(ValidationError, match="soldé"):
        collection.reminder_send(actor=officer, rent_call=first, on=D(2021, 8, 1))
    collection.credit_apply(actor=officer, credit=credit, rent_call=second, on=D(2021, 11, 6))
    assert collection.remaining_due(second) == Decimal("6100.00")
    credit.refresh_from_db()
    assert credit.remaining == 0
    assert pdf_documents.call_pdf(second).startswith(b"%PDF")


def test_ageing_buckets(users, lease):
    officer = users["fonciere_officer"]
    services.rent_calls_generate(actor=officer, lease=lease, until=D(2022, 4, 1))
    result = collection_selectors.ageing(officer, today=D(2022, 4, 20))
    # Calls due 01/07/2021 (293 days), 01/10 (201), 01/01/2022 (109), 01/04 (19 days).
    assert [(label, count) for label, count, _amount in result["buckets"]] == [
        ("1 à 30 jours", 1), ("31 à 60 jours", 0), ("61 à 90 jours", 0),
        ("plus de 90 jours", 3),
    ]  # fmt: skip
    assert result["total"] == Decimal("25200.00")
    assert collection_selectors.ageing(users["other_commune_agent"])["rows"] == []


def test_charges_statement_regularisation_and_credit(users, lease):
    officer = users["fonciere_officer"]
    services.rent_calls_generate(actor=officer, lease=lease, until=D(2022, 12, 31))
    # Provisions of the terms starting in 2022: 4 × 300 = 1200.
    statement = collection.charges_statement_record(
        actor=officer, lease=lease, year=2022, actual_charges=Decimal("1450"),
        sent_on=D(2023, 6, 15),
    )  # fmt: skip
    # L145-40-2 and R145-36 C. com.: the statement of 2022 is due before 30/09/2023.
    assert statement.deadline == D(2023, 9, 30)
    assert statement.provisions == Decimal("1200.00") and statement.balance == Decimal("250.00")
    call = statement.regularisation_call
    assert call.kind == "regularisation" and call.total == Decimal("250.00")
    assert call.reference.endswith("-R") and "R145-36" in call.explanation
    with pytest.raises(ValidationError, match="déjà établi"):
        collection.charges_statement_record(
            actor=officer, lease=lease, year=2022, actual_charges=Decimal("1"),
            sent_on=D(2023, 7, 1),
        )  # fmt: skip
    # 2021: two terms (07 and 10) = 600 called, 450 spent: a credit of 150 for the tenant.
    late = collection.charges_statement_record(
        actor=officer, lease=lease, year=2021, actual_charges=Decimal("450"),
        sent_on=D(2022, 10, 3),
    )  # fmt: skip
    assert late.credit.amount == Decimal("150.00") and late.sent_on > late.deadline


def test_deposit_returned_net_of_unpaid_rent_and_charges(users, lease):
    officer = users["fonciere_officer"]
    calls = services.rent_calls_generate(actor=officer, lease=lease, until=D(2022, 4, 1))
    for call in calls[:2]:
        services.payment_record(actor=officer, rent_call=call, paid_on=call.due_on,
                                amount=call.total)  # fmt: skip
    with pytest.raises(ValidationError, match="terminez"):
        collection.deposit_return(actor=officer, lease=lease, on=D(2022, 6, 30))
    _payment, credit = collection.payment_with_credit(
        actor=officer, rent_call=calls[0], paid_on=D(2022, 1, 5), amount=Decimal("100")
    )
    LEASE_WORKFLOW.apply(lease, "end", actor=officer, reason="Départ du preneur")
    record = collection.deposit_return(actor=officer, lease=lease, on=D(2022, 6, 30))
    # Unpaid: 2 × 6300 = 12600; the credit (100) first, then the deposit (12000): 12000
    # deducted, nothing returned, 500 still due.
    assert record.deducted == Decimal("12000.00") and record.credits == Decimal("0")
    assert record.returned == Decimal("0") and record.still_due == Decimal("500.00")
    assert Payment.objects.filter(source="depot").count() == 2
    assert Payment.objects.filter(source="avoir").count() == 1
    with pytest.raises(ValidationError, match="déjà restitué"):
        collection.deposit_return(actor=officer, lease=lease, on=D(2022, 7, 1))


def test_deposit_returned_with_credits_when_all_is_paid(users, lease):
    officer = users["fonciere_officer"]
    call = services.rent_calls_generate(actor=officer, lease=lease, until=D(2021, 7, 1))[0]
    collection.payment_with_credit(actor=officer, rent_call=call, paid_on=D(2021, 7, 1),
                                   amount=Decimal("6350"))  # fmt: skip
    LEASE_WORKFLOW.apply(lease, "end", actor=officer, reason="Départ")
    record = collection.deposit_return(actor=officer, lease=lease, on=D(2021, 9, 30))
    assert (record.deducted, record.credits, record.returned, record.still_due) == (
        Decimal("0"), Decimal("50.00"), Decimal("12050.00"), Decimal("0"),
    )  # fmt: skip


def test_regularisation_and_term_calls_coexist(users, lease):
    officer = users["fonciere_officer"]
    services.rent_calls_generate(actor=officer, lease=lease, until=D(2022, 1, 1))
    collection.charges_statement_record(
        actor=officer, lease=lease, year=2021, actual_charges=Decimal("900"),
        sent_on=D(2022, 3, 1),
    )  # fmt: skip
    assert RentCall.objects.filter(lease=lease, kind="regularisation").count() == 1
    assert services.rent_calls_generate(actor=officer, lease=lease, until=D(2022, 1, 1)) == []
    assert SYSTEM is not None
