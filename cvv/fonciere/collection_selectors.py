"""Scoped reads of the rent collection: arrears by age bucket, a lease's credits, the
triennial revision and renewal caps of a lease (engine `cvv.fonciere.revision`)."""

import datetime as dt
from decimal import Decimal

from cvv.fonciere import selectors
from cvv.fonciere.indexation import IndexationError, parse_quarter
from cvv.fonciere.models import BankStatement, RentCall
from cvv.fonciere.revision import renewal, triennial_revision
from cvv.premises.vacancy import add_months

# Ageing buckets of arrears, in days past the due date (usual credit-management buckets).
BUCKETS = ((30, "1 à 30 jours"), (60, "31 à 60 jours"), (90, "61 à 90 jours"),
           (None, "plus de 90 jours"))  # fmt: skip


def bucket_of(days: int) -> str:
    for limit, label in BUCKETS:
        if limit is None or days <= limit:
            return label
    raise AssertionError  # pragma: no cover


def ageing(user, *, today=None):
    """{"rows": [(call, due, days, bucket, reminders)], "buckets": [(label, count, amount)],
    "total": amount} of the calls past due and not fully paid, visible to `user`."""
    today = today or dt.date.today()
    rows, totals = [], {label: [0, Decimal("0")] for _limit, label in BUCKETS}
    for call, due, days in selectors.arrears(user, today=today):
        label = bucket_of(days)
        totals[label][0] += 1
        totals[label][1] += due
        rows.append((call, due, days, label, call.reminders.count()))
    return {
        "rows": rows,
        "buckets": [(label, *totals[label]) for _limit, label in BUCKETS],
        "total": sum((r[1] for r in rows), Decimal("0")),
    }


def call_for_view(user, pk):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        RentCall.objects.filter(lease__in=selectors.leases_visible_to(user)).select_related(
            "lease", "lease__premises", "lease__commune"
        ),
        pk=pk,
    )


def statements_visible_to(user):
    return (
        BankStatement.objects.all() if selectors.is_manager(user) else BankStatement.objects.none()
    )


def _shift(quarter, years):
    return (quarter[0] + years, quarter[1])


def revision_caps(lease, *, rental_value=None, material_change=False, values=None):
    """The triennial revisions (3, 6 years after the start) and the renewal of a commercial
    lease, each with its cap: [(title, outcome or None, error)]. The request's quarter is the
    reference quarter shifted by the same years (as the indexation clause does)."""
    if lease.kind != "commercial":
        return []
    values = values if values is not None else selectors.index_values()
    reference = parse_quarter(lease.reference_quarter)
    years = max(9, round((lease.end - lease.start).days / 365.25))
    items = []
    for k in range(1, years // 3):
        title = f"Révision triennale n° {k}"
        try:
            outcome = triennial_revision(
                index=lease.index, rent=lease.rent, fixed_on=lease.start,
                fixing_quarter=reference, requested_on=add_months(lease.start, 36 * k),
                request_quarter=_shift(reference, 3 * k), values=values,
                rental_value=rental_value, material_change=material_change,
            )  # fmt: skip
            items.append((title, outcome, ""))
        except IndexationError as exc:
            items.append((title, None, _missing(exc)))
    try:
        outcome = renewal(
            index=lease.index, initial_rent=lease.rent, start=lease.start,
            reference_quarter=reference, renewal_on=lease.end + dt.timedelta(days=1),
            renewal_quarter=_shift(reference, years), values=values, contractual_years=years,
            rental_value=rental_value, material_change=material_change,
        )  # fmt: skip
        items.append(("Renouvellement", outcome, ""))
    except IndexationError as exc:
        items.append(("Renouvellement", None, _missing(exc)))
    return items


def _missing(exc):
    """French text of an unknown index value ("no ILC value for 2027-T3")."""
    words = str(exc).split()
    if "value" in words and words[-1][:4].isdigit():
        return (
            f"indice {words[words.index('value') - 1]} du trimestre {words[-1]} pas encore "
            "publié ou importé"
        )
    return "indice inconnu"
