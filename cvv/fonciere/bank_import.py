"""Bank statement import: a CSV (or XLSX) of the foncière's account, matched to the open
rent calls; the officer then confirms the proposed matches, which records the payments
through `collection.payment_with_credit` (never above what is due: an excess is the tenant's
credit).

Accepted file (read by `cvv.core.tabular.read_table`: UTF-8 or Latin-1, `;` or `,`, at most
2 Mo and 5,000 lines): a header line with three columns, named (case and accents ignored)
- date: `date`, `date operation`, `date de valeur` — `JJ/MM/AAAA` or `AAAA-MM-JJ`;
- label: `libelle`, `label`, `libelle operation`;
- amount: `montant`, `amount`, `credit` — French (`1 234,56`) or dotted (`1234.56`); a
  negative amount (`-45,00`) is a debit and is skipped, and so is an empty `credit` cell
  (statements with separate debit and credit columns).
One bad line refuses the whole file with its line number (the header is line 1); nothing is
kept.

Matching, for each credit line, against the calls still due (each call proposed once):
1. the call's reference (`B-2024-0003-202407`: the lease's number and the term's year and
   month, `-R` added for a charges regularisation) in the label;
2. the lease's number in the label: its oldest call still due;
3. the amount equal to what remains due on exactly one call.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.core.amounts import FRENCH, AmountError, parse_amount
from cvv.core.tabular import TableError, read_table
from cvv.fonciere import collection, selectors, services
from cvv.fonciere.enums import BankLineState, PaymentSource
from cvv.fonciere.models import BankLine, BankStatement, RentCall

MAX_BYTES = 2 * 1024**2
MAX_ROWS = 5_000
COLUMNS = {
    "date": ("date", "date operation", "date de valeur"),
    "label": ("libelle", "label", "libelle operation"),
    "amount": ("montant", "amount", "credit"),
}
LEASE_REFERENCE = re.compile(r"B-\d{4}-\d{4}", re.IGNORECASE)


def call_reference(call) -> str:
    """The reference the tenant quotes on its transfer."""
    return call.reference


def _fold(text):
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").split())


def _date(text):
    text = str(text or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"date illisible « {text[:20]} » (JJ/MM/AAAA attendu)")


def _amount(text):
    text = str(text or "").strip().replace("+", "", 1)
    debit = text.startswith("-")
    try:
        value = parse_amount(text.lstrip("-").strip(), field="montant", grammar=FRENCH)
    except AmountError as exc:
        raise ValueError(exc.message) from None
    return value, debit


def parse(data: bytes):
    """[(line_no, date, label, amount)] of the credit lines, or ValidationError listing the
    bad lines (French, line-numbered)."""
    try:
        header, rows = read_table(data, "Relevé bancaire", max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except TableError as exc:
        raise ValidationError(str(exc)) from None
    folded = {_fold(h): h for h in header}
    columns = {}
    for key, names in COLUMNS.items():
        found = next((folded[n] for n in names if n in folded), None)
        if found is None:
            raise ValidationError(
                f"Relevé bancaire : colonne « {names[0]} » absente (colonnes attendues : date, "
                "libellé, montant)."
            )
        columns[key] = found
    lines, errors = [], []
    for number, row in enumerate(rows, start=2):
        raw_amount = str(row.get(columns["amount"]) or "").strip()
        if not raw_amount and _fold(columns["amount"]) == "credit":
            continue  # a debit line of a statement with separate debit and credit columns
        try:
            booked_on = _date(row.get(columns["date"]))
            amount, debit = _amount(row.get(columns["amount"]))
            label = str(row.get(columns["label"]) or "").strip()[:300]
        except ValueError as exc:
            errors.append(f"Ligne {number} : {exc}.")
            continue
        if not debit and amount > 0:
            lines.append((number, booked_on, label, amount))
    if errors:
        raise ValidationError(errors[:20] + ([f"… et {len(errors) - 20} autres lignes."]
                                             if len(errors) > 20 else []))  # fmt: skip
    return lines


def _open_calls():
    calls = RentCall.objects.select_related("lease").order_by("due_on", "pk")
    return {call.pk: (call, due) for call, _paid, due in selectors.call_balances(calls) if due > 0}


def match(label, amount, open_calls, taken):
    """(call, reason) or (None, "") for one line; `taken` the calls already proposed."""
    available = [(c, due) for pk, (c, due) in open_calls.items() if pk not in taken]
    upper = label.upper()
    for call, _due in sorted(available, key=lambda row: -len(call_reference(row[0]))):
        if call_reference(call).upper() in upper:
            return call, f"référence {call_reference(call)} dans le libellé"
    for reference in LEASE_REFERENCE.findall(upper):
        for call, _due in available:
            if call.lease.reference.upper() == reference:
                return call, f"bail n° {call.lease.reference} : appel le plus ancien dû"
    same = [c for c, due in available if due == amount]
    if len(same) == 1:
        return same[0], "montant égal au reste dû d’un seul appel"
    return None, ""


@transaction.atomic
def import_statement(*, actor, data: bytes, filename, synthetic=False) -> BankStatement:
    services._check_manager(actor)
    lines = parse(data)
    statement = BankStatement.objects.create(
        filename=str(filename)[:200], uploaded_by=actor, synthetic=synthetic
    )
    open_calls, taken = _open_calls(), set()
    for number, booked_on, label, amount in lines:
        call, reason = match(label, amount, open_calls, taken)
        if call is not None:
            taken.add(call.pk)
        BankLine.objects.create(
            statement=statement, line_no=number, booked_on=booked_on, label=label,
            amount=amount, proposed_call=call, match_reason=reason,
            state=BankLineState.PROPOSED if call else BankLineState.UNMATCHED,
        )  # fmt: skip
    log_action("fonciere.bank_statement.import", actor=actor, obj=statement,
               data={"lines": len(lines), "proposed": len(taken)})  # fmt: skip
    return statement


@transaction.atomic
def confirm(*, actor, statement, line_ids) -> int:
    """Record the payments of the chosen proposed lines; returns how many."""
    services._check_manager(actor)
    lines = statement.lines.select_for_update().filter(
        pk__in=line_ids, state=BankLineState.PROPOSED, proposed_call__isnull=False
    )
    count = 0
    for line in lines:
        payment, credit = collection.payment_with_credit(
            actor=actor, rent_call=line.proposed_call, paid_on=line.booked_on,
            amount=line.amount, source=PaymentSource.BANK,
        )  # fmt: skip
        line.payment, line.credit, line.state = payment, credit, BankLineState.CONFIRMED
        line.save(update_fields=["payment", "credit", "state"])
        count += 1
    if count:
        log_action("fonciere.bank_statement.confirm", actor=actor, obj=statement,
                   data={"count": count})  # fmt: skip
    return count


@transaction.atomic
def dismiss(*, actor, statement, line_ids) -> int:
    services._check_manager(actor)
    count = statement.lines.filter(
        pk__in=line_ids, state__in=[BankLineState.PROPOSED, BankLineState.UNMATCHED]
    ).update(state=BankLineState.DISMISSED)
    if count:
        log_action("fonciere.bank_statement.dismiss", actor=actor, obj=statement,
                   data={"count": count})  # fmt: skip
    return count


def total(lines) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0"))


def open_calls():
    """[(call, remaining due)] of the calls still due, oldest first: what a line may be
    assigned to by hand."""
    return list(_open_calls().values())


@transaction.atomic
def assign(*, actor, line, rent_call) -> BankLine:
    """The officer assigns by hand a line the matching left without a call (or corrects a
    proposal) to a call still due; the payment is recorded when the line is confirmed."""
    services._check_manager(actor)
    line = BankLine.objects.select_for_update().get(pk=line.pk)
    if line.state not in (BankLineState.UNMATCHED, BankLineState.PROPOSED):
        raise ValidationError("Cette ligne a déjà été confirmée ou écartée.")
    due = collection.remaining_due(rent_call)
    if due <= 0:
        raise ValidationError({"rent_call": f"L’appel {rent_call.reference} est déjà soldé."})
    line.proposed_call = rent_call
    line.match_reason = "rapprochement manuel"
    line.state = BankLineState.PROPOSED
    line.save(update_fields=["proposed_call", "match_reason", "state"])
    log_action(
        "fonciere.bank_statement.assign", actor=actor, obj=line.statement,
        data={"line": line.line_no, "call": rent_call.reference, "amount": line.amount},
    )  # fmt: skip
    return line
