"""Regularisation of the rent calls already issued when a rent is fixed during the lease
(engine `cvv.fonciere.regularisation`), its billing once on the next call, and the tenant
told by e-mail once per revision."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cvv.audit.models import AuditEntry
from cvv.fonciere import collection, regularisation, rent_schedule, services
from cvv.fonciere.models import RentRegularisation, RentSettingNotice, TenantCredit
from cvv.fonciere.tasks import send_rent_setting_email
from cvv.premises.models import Premises
from tests.factories import commune

D = Decimal


class Call:
    def __init__(self, pk, start, end, annual, rent):
        self.pk, self.period_start, self.period_end = pk, start, end
        self.annual_rent, self.rent = D(annual), D(rent)


def test_golden_quarterly_with_a_straddling_term():
    """By hand. Quarterly calls billed at 12 000 €/year (3 000 € a term); revised rent
    13 200 €/year from 15/02/2025.
    - Q4 2024 (01/10–31/12/2024) ends before the date: not listed.
    - Q1 2025 (01/01–31/03/2025, 90 days) straddles it: 45 days before (31 in January, 14 in
      February), 45 days from it (14 in February, 31 in March):
      12 000 × 3/12 × 45/90 + 13 200 × 3/12 × 45/90 = 1 500 + 1 650 = 3 150,00; + 150,00.
    - Q2 2025 (01/04–30/06/2025) wholly after: 13 200 × 3/12 = 3 300,00; + 300,00.
    Total: 150 + 300 = 450,00 owed by the tenant."""
    calls = [
        Call(1, dt.date(2024, 10, 1), dt.date(2024, 12, 31), "12000", "3000.00"),
        Call(2, dt.date(2025, 1, 1), dt.date(2025, 3, 31), "12000", "3000.00"),
        Call(3, dt.date(2025, 4, 1), dt.date(2025, 6, 30), "12000", "3000.00"),
    ]
    lines, total = regularisation.regularise(
        calls, effective_on=dt.date(2025, 2, 15), months=3,
        revised_annual_on=lambda day: D("13200"),
    )  # fmt: skip
    assert [(li.call_id, li.due, li.difference) for li in lines] == [
        (2, D("3150.00"), D("150.00")), (3, D("3300.00"), D("300.00")),
    ]  # fmt: skip
    assert (lines[0].revised_days, lines[0].total_days, lines[0].straddles) == (45, 90, True)
    assert total == D("450.00")


def test_golden_monthly_with_a_franchise_and_a_lower_rent():
    """By hand. Monthly calls at 9 000 €/year (750 € a month); a franchise from 01/03 to
    10/03/2025; revised rent 8 400 €/year from 16/03/2025.
    - March (31 days) billed 750 × 21/31 = 508,064… → 508,06 (10 franchise days).
      Due: 10 days × 0 + 5 days (11–15) at 9 000 + 16 days (16–31) at 8 400:
      750 × 5/31 + 700 × 16/31 = 120,9677… + 361,2903… = 482,2580… → 482,26; − 25,80.
    - April: 700,00 due against 750,00 billed; − 50,00.
    Total − 75,80: to credit to the tenant."""
    franchise = rent_schedule.Adjustment("franchise", dt.date(2025, 3, 1), dt.date(2025, 3, 10))
    calls = [
        Call(1, dt.date(2025, 3, 1), dt.date(2025, 3, 31), "9000", "508.06"),
        Call(2, dt.date(2025, 4, 1), dt.date(2025, 4, 30), "9000", "750.00"),
    ]
    lines, total = regularisation.regularise(
        calls, effective_on=dt.date(2025, 3, 16), months=1,
        revised_annual_on=lambda day: D("8400"), adjustments=[franchise],
    )  # fmt: skip
    assert [li.difference for li in lines] == [D("-25.80"), D("-50.00")]
    assert total == D("-75.80")


@settings(max_examples=80, derandomize=True, database=None, deadline=None)
@given(
    billed=st.integers(0, 500_000_00), revised=st.integers(0, 500_000_00),
    offset=st.integers(-40, 200), monthly=st.booleans(),
)  # fmt: skip
def test_properties(billed, revised, offset, monthly):
    """Sum of the differences = total; no difference when the revised rent is the billed
    one; each difference between 0 and the whole term's difference (prorata), same sign."""
    billed, revised = D(billed) / 100, D(revised) / 100
    months = 1 if monthly else 3
    start = dt.date(2025, 1, 1)
    calls, k = [], 0
    while k < 4:
        s = start if k == 0 else calls[-1].period_end + dt.timedelta(1)
        end = dt.date(s.year + (s.month + months - 1) // 12, (s.month + months - 1) % 12 + 1, 1)
        rent = rent_schedule.term_rent(period_start=s, period_end=end - dt.timedelta(1),
                                       months=months, annual_rent=billed).rent  # fmt: skip
        calls.append(Call(k, s, end - dt.timedelta(1), billed, rent))
        k += 1
    effective = start + dt.timedelta(offset)
    lines, total = regularisation.regularise(
        calls, effective_on=effective, months=months, revised_annual_on=lambda day: revised
    )  # fmt: skip
    assert total == sum((li.difference for li in lines), D(0))
    full = (
        rent_schedule.term_rent(
            period_start=start, period_end=calls[0].period_end, months=months, annual_rent=revised
        ).rent
        - calls[0].rent
    )
    for line in lines:
        assert line.period_end >= effective
        whole = (revised - billed) * months / 12
        assert abs(line.difference) <= abs(whole) + D("0.01")
        assert line.difference * whole >= 0
        if not line.straddles:
            assert line.difference == full
    if revised == billed:
        assert total == 0 and all(li.difference == 0 for li in lines)


def _lease(officer, email=""):
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Fleuriste",
        start=dt.date(2021, 7, 1), rent=D("24000"), reference_quarter="2021-T1",
        tenant_email=email,
    )  # fmt: skip
    return services.lease_sign(actor=officer, lease=lease)


@pytest.mark.django_db
def test_a_lower_revision_straddling_a_term_becomes_a_credit(users):
    """By hand (ILC, SME tenant). 24 000 € on 01/07/2021, indexed to 25 665,66 € (see
    test_rent_setting), then on 01/07/2024 by ILC 2024-T1 / 2023-T1 = 134.58 / 128.68
    (+4.58 %) capped at 3.5 % (loi 2022-1158): 25 665,66 + 898,2981 = 26 563,9581 →
    26 563,96 €; terms billed 26 563,96 / 4 = 6 640,99 €.
    Revision to 26 000 € from 01/08/2024 (cap 27 670,01 €):
    - Q3 (01/07–30/09, 92 days; 31 before, 61 from): 26 563,96 × 3/12 × 31/92 + 26 000 ×
      3/12 × 61/92 = (205 870,69 + 396 500) / 92 = 602 370,69 / 92 = 6 547,5075 → 6 547,51;
      − 93,48;
    - Q4 (01/10–31/12): 6 500,00; − 140,99. Total − 234,47: the tenant's credit."""
    officer = users["fonciere_officer"]
    lease = _lease(officer)
    services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2024, 10, 1))
    setting = collection.rent_setting_record(
        actor=officer, lease=lease, kind="revision", effective_on=dt.date(2024, 8, 1),
        annual_rent=D("26000"), reference_quarter="2024-T1",
    )  # fmt: skip
    record = setting.regularisation
    assert record.previous_rent == D("26563.96")
    assert [(li["billed"], li["due"], li["difference"], li["prorata"]) for li in record.lines] == [
        ("6640.99", "6547.51", "-93.48", "61/92"), ("6640.99", "6500.00", "-140.99", ""),
    ]  # fmt: skip
    assert record.amount == D("-234.47") and record.settled_at is not None
    credit = TenantCredit.objects.get(lease=lease)
    assert credit.amount == D("234.47") and credit.origin == "loyer" and record.credit == credit
    # The credit is never billed as a line of a call.
    (call,) = services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2025, 1, 1))
    assert call.regularisation == 0


@pytest.mark.django_db
def test_a_higher_revision_is_billed_once_on_the_next_call(users, client):
    """By hand: revision to 27 000 € from 01/10/2024; Q4 billed 6 640,99 (see above), due
    27 000 / 4 = 6 750,00: + 109,01 owed, a separate line of the next call (Q1 2025:
    6 750 + 109,01 = 6 859,01), never of the one after."""
    officer = users["fonciere_officer"]
    lease = _lease(officer)
    services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2024, 10, 1))
    setting = collection.rent_setting_record(
        actor=officer, lease=lease, kind="revision", effective_on=dt.date(2024, 10, 1),
        annual_rent=D("27000"), reference_quarter="2024-T2",
    )  # fmt: skip
    assert setting.regularisation.amount == D("109.01")
    assert len(setting.regularisation.lines) == 1  # Q3 ends before the date
    client.force_login(officer)
    page = client.get(reverse("fonciere:lease", args=[lease.pk])).content.decode()
    assert "Régularisation à prévoir : <strong>109,01\u00a0€</strong>" in page
    assert "sera portée en ligne distincte sur le prochain appel" in page
    assert "n’a pu être informé par courriel" in page  # no address recorded
    (q1,) = services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2025, 1, 1))
    assert (q1.rent, q1.regularisation, q1.total) == (D("6750.00"), D("109.01"), D("6859.01"))
    assert "Régularisation du loyer fixé au 01/10/2024" in q1.regularisation_label
    (q2,) = services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2025, 4, 1))
    assert q2.regularisation == 0
    record = RentRegularisation.objects.get()
    assert record.billed_on == q1 and record.settled_at is not None
    assert AuditEntry.objects.filter(action="fonciere.rent_regularisation.bill").count() == 1
    pdf_lines = services_lines(q1)
    assert pdf_lines[-1][:2] == ["Régularisation de loyer", "109,01 €"]
    page = client.get(reverse("fonciere:lease", args=[lease.pk])).content.decode()
    assert f"Portée en ligne distincte sur l’appel {q1.reference}" in page


def services_lines(call):
    from cvv.fonciere import pdf_documents

    return pdf_documents.lines(call)


@pytest.mark.django_db
def test_the_tenant_is_told_once_by_email(users, django_capture_on_commit_callbacks, client):
    officer = users["fonciere_officer"]
    lease = _lease(officer, email="gerance@fleuriste.example")
    services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2024, 10, 1))
    with django_capture_on_commit_callbacks(execute=True):
        setting = collection.rent_setting_record(
            actor=officer, lease=lease, kind="revision", effective_on=dt.date(2024, 10, 1),
            annual_rent=D("27000"), reference_quarter="2024-T2",
        )  # fmt: skip
        assert mail.outbox == []  # only after the commit
    (message,) = mail.outbox
    assert message.to == ["gerance@fleuriste.example"]
    body = message.body
    for text in (
        "Loyer annuel HT précédent : 26\u202f563,96\u00a0€",
        "Nouveau loyer annuel HT : 27\u202f000,00\u00a0€",
        "En vigueur le : 01/10/2024",
        "ILC 2021-T1 : 116.73",
        "ILC 2024-T2 : 136.72",
        "109,01\u00a0€ restent dus",
    ):
        assert text in body, text
    assert send_rent_setting_email.call_local(setting.pk) == 0  # never twice
    assert len(mail.outbox) == 1 and RentSettingNotice.objects.count() == 1
    entry = AuditEntry.objects.get(action="fonciere.lease.rent_notice")
    assert "gerance@" not in str(entry.data)
    client.force_login(officer)
    page = client.get(reverse("fonciere:lease", args=[lease.pk])).content.decode()
    assert "Preneur informé par courriel le" in page
