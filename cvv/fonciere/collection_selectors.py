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
    """The triennial revisions still to come and the renewal of a commercial lease, each
    with its cap: [(title, outcome or None, error)].

    Revisions count from the last fixing of the rent (`collection.last_fixing`: the last
    rent recorded during the lease, else the initial rent at the start), every three years
    until the term, each capped from that fixing (no revision in between: the base stays
    the same); a request's quarter is the fixing's quarter shifted by the same years, as the
    indexation clause does. The renewal is capped from the initial rent over the expiring
    lease (L145-34), its 10 % phasing from the rent due at the term."""
    from cvv.fonciere import services
    from cvv.fonciere.collection import last_fixing

    if lease.kind != "commercial":
        return []
    values = values if values is not None else selectors.index_values()
    reference = parse_quarter(lease.reference_quarter)
    rent, fixed_on, fixing_quarter = last_fixing(lease)
    years = max(9, round((lease.end - lease.start).days / 365.25))
    items = []
    k = 1
    while (requested_on := add_months(fixed_on, 36 * k)) <= lease.end:
        title = f"Révision triennale à partir du {requested_on:%d/%m/%Y}"
        try:
            outcome = triennial_revision(
                index=lease.index, rent=rent, fixed_on=fixed_on,
                fixing_quarter=fixing_quarter, requested_on=requested_on,
                request_quarter=_shift(fixing_quarter, 3 * k), values=values,
                rental_value=rental_value, material_change=material_change,
            )  # fmt: skip
            items.append((title, outcome, ""))
        except IndexationError as exc:
            items.append((title, None, _missing(exc)))
        k += 1
    try:
        current = services.annual_rent_on(lease, lease.end, values).rent
    except IndexationError:
        current = None  # an index not yet published: the phasing starts from the cap's base
    try:
        outcome = renewal(
            index=lease.index, initial_rent=lease.rent, start=lease.start,
            reference_quarter=reference, renewal_on=lease.end + dt.timedelta(days=1),
            renewal_quarter=_shift(reference, years), values=values, contractual_years=years,
            rental_value=rental_value, material_change=material_change, current_rent=current,
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


def rent_settings_with_regularisation(lease):
    """[{"setting", "lines" (dicts with Decimal amounts and dates), "amount", "record",
    "notice" (the e-mail to the tenant, or None), "no_address"}] of the rents fixed during
    the lease, oldest first."""
    rows = []
    settings = lease.rent_settings.select_related("regularisation", "notice")
    for setting in settings.order_by("effective_on"):
        record = getattr(setting, "regularisation", None)
        lines = []
        for line in record.lines if record is not None else []:
            lines.append({
                **line,
                "period_start": dt.date.fromisoformat(line["period_start"]),
                "period_end": dt.date.fromisoformat(line["period_end"]),
                **{k: Decimal(line[k]) for k in ("billed", "due", "difference")},
            })  # fmt: skip
        notice = getattr(setting, "notice", None)
        rows.append({
            "setting": setting, "record": record, "lines": lines,
            "amount": record.amount if record is not None else None,
            "notice": notice, "no_address": notice is None and not lease.tenant_email,
        })  # fmt: skip
    return rows
