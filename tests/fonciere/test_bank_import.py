"""Bank statement import: bounded, atomic, line-numbered French errors; matches proposed by
reference, lease number or amount; payments recorded only on confirmation, never above what
is due (the excess is the tenant's credit)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.fonciere import bank_import, services
from cvv.fonciere.models import BankLine, BankStatement, Payment, TenantCredit
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def calls(users):
    officer = users["fonciere_officer"]
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Fleuriste",
        start=D(2021, 7, 1), rent=Decimal("24000"), reference_quarter="2021-T1",
        charges_provision=Decimal("300"),
    )  # fmt: skip
    services.lease_sign(actor=officer, lease=lease)
    return services.rent_calls_generate(actor=officer, lease=lease, until=D(2022, 1, 1))


def test_parse_accepts_french_and_dotted_amounts_and_skips_debits():
    data = (
        "Date;Libellé;Montant\n"
        "02/07/2021;VIR FLEURISTE;6 300,00\n"
        "2021-07-03;FRAIS;-12,50\n"
        "05/07/2021;VIR;1234.5\n"
    ).encode()
    assert bank_import.parse(data) == [
        (2, D(2021, 7, 2), "VIR FLEURISTE", Decimal("6300.00")),
        (4, D(2021, 7, 5), "VIR", Decimal("1234.50")),
    ]


def test_parse_separate_credit_column_skips_empty_credits():
    data = "date operation,libelle,debit,credit\n01/07/2021,CB,45,\n02/07/2021,VIR,,10\n"
    assert bank_import.parse(data.encode()) == [(3, D(2021, 7, 2), "VIR", Decimal("10.00"))]


def test_bad_lines_refuse_the_whole_file_with_their_numbers(users, calls):
    data = b"date;libelle;montant\n02/07/2021;A;10\n31/02/2021;B;10\n03/07/2021;C;dix\n"
    with pytest.raises(ValidationError) as exc:
        bank_import.import_statement(actor=users["fonciere_officer"], data=data, filename="r.csv")
    messages = exc.value.messages
    assert messages[0].startswith("Ligne 3 : date illisible")
    assert messages[1].startswith("Ligne 4 : montant illisible")
    assert not BankStatement.objects.exists() and not BankLine.objects.exists()
    with pytest.raises(ValidationError, match="colonne « montant » absente"):
        bank_import.parse(b"date;libelle\n01/01/2021;A\n")
    with pytest.raises(ValidationError, match="dépasse 2 Mo"):
        bank_import.parse(b"date;libelle;montant\n" + b"x" * (2 * 1024**2))


def test_matching_then_confirmation(users, calls):
    officer = users["fonciere_officer"]
    first, second, third = calls
    data = (
        "date;libelle;montant\n"
        f"02/07/2021;VIR FLEURISTE REF {first.reference};6500,00\n"
        f"03/10/2021;VIREMENT BAIL {first.lease.reference};6300,00\n"
        "04/01/2022;VIREMENT SANS REFERENCE;6300,00\n"
        "05/01/2022;AUTRE;99,00\n"
    ).encode()
    with pytest.raises(PermissionDenied):
        bank_import.import_statement(actor=users["commune_agent"], data=data, filename="r.csv")
    statement = bank_import.import_statement(actor=officer, data=data, filename="r.csv")
    lines = list(statement.lines.order_by("line_no"))
    assert [line.proposed_call_id for line in lines] == [first.pk, second.pk, third.pk, None]
    assert "référence" in lines[0].match_reason and "bail n°" in lines[1].match_reason
    assert "montant" in lines[2].match_reason and lines[3].state == "sans_appel"
    assert not Payment.objects.exists()  # nothing before the officer confirms
    count = bank_import.confirm(actor=officer, statement=statement,
                                line_ids=[lines[0].pk, lines[1].pk, lines[3].pk])  # fmt: skip
    assert count == 2
    # 6500 for a call of 6300: 6300 paid, 200 kept as the tenant's credit.
    assert Payment.objects.get(rent_call=first).amount == Decimal("6300.00")
    assert TenantCredit.objects.get().amount == Decimal("200.00")
    assert set(Payment.objects.values_list("source", flat=True)) == {"releve"}
    # Confirming again records nothing more.
    assert bank_import.confirm(actor=officer, statement=statement, line_ids=[lines[0].pk]) == 0
    assert bank_import.dismiss(actor=officer, statement=statement, line_ids=[lines[3].pk]) == 1


def test_manual_assignment_of_an_unmatched_line(client, users, calls):
    officer = users["fonciere_officer"]
    # 2 000 € with no reference: no call is proposed.
    data = b"date;libelle;montant\n10/07/2021;VIR SANS REFERENCE;2000\n"
    statement = bank_import.import_statement(actor=officer, data=data, filename="r.csv")
    line = statement.lines.get()
    assert line.state == "sans_appel" and line.proposed_call is None
    first = calls[0]
    url = reverse("fonciere:bank_line_assign", args=[line.pk])
    client.force_login(users["commune_agent"])
    assert client.get(url).status_code == 403
    client.force_login(officer)
    page = client.get(reverse("fonciere:bank_statement", args=[statement.pk])).content.decode()
    assert url in page
    page = client.get(url).content.decode()
    assert f"{first.reference} — Fleuriste — reste dû 6\u202f300,00\u00a0€" in page
    assert client.post(url, {"rent_call": "999999"}).status_code == 400
    response = client.post(url, {"rent_call": first.pk}, follow=True)
    assert f"Ligne 2 rapprochée de l’appel {first.reference}" in response.content.decode()
    line.refresh_from_db()
    assert (line.state, line.proposed_call, line.match_reason) == (
        "proposee",
        first,
        "rapprochement manuel",
    )
    entry = AuditEntry.objects.get(action="fonciere.bank_statement.assign")
    assert entry.data["call"] == first.reference and entry.actor == officer
    # Confirmed like any proposal: the payment is recorded from the line.
    assert bank_import.confirm(actor=officer, statement=statement, line_ids=[line.pk]) == 1
    assert Payment.objects.get().amount == Decimal("2000") and first.payments.count() == 1
    # A confirmed line cannot be reassigned; a settled call cannot be chosen.
    with pytest.raises(ValidationError, match="déjà été confirmée"):
        bank_import.assign(actor=officer, line=line, rent_call=calls[1])
    other = BankLine.objects.create(
        statement=statement,
        line_no=3,
        booked_on=D(2021, 7, 11),
        label="VIR",
        amount=Decimal("10"),
        state="sans_appel",
    )
    services.payment_record(
        actor=officer, rent_call=calls[1], paid_on=D(2021, 10, 1), amount=calls[1].total
    )
    with pytest.raises(ValidationError, match="déjà soldé"):
        bank_import.assign(actor=officer, line=other, rent_call=calls[1])
    with pytest.raises(PermissionDenied):
        bank_import.assign(actor=users["commune_agent"], line=other, rent_call=calls[0])
