"""Legal deadlines of the foncière: a pure engine, inputs in, dates and their article out.

Rules and articles: docs/fonciere.md §Deadlines (copied from the reference FONCIERE_RULES.md
§4). Month arithmetic: a period of n months from day D ends on the day of the n-th following
month bearing D's number, or on that month's last day (`add_months`); no shift for week-ends
or holidays. The contract `cvv fonciere deadlines --json` and `POST
/api/v1/fonciere/deadlines` call `compute(payload)`.
"""

import datetime as dt

from cvv.premises.vacancy import add_months

ARTICLES = {
    "dia_commerce": "art. L214-1 et R214-5 du code de l’urbanisme",
    "dia_dpu": "art. L213-2 et R213-7 du code de l’urbanisme",
    "retrocession": "art. L214-2 du code de l’urbanisme",
    "bail_commercial": "art. L145-4 et L145-9 du code de commerce",
    "bail_derogatoire": "art. L145-5 du code de commerce",
    "charges_statement": "art. L145-40-2 et R145-36 du code de commerce",
    "tenant_first_refusal": "art. L145-46-1 du code de commerce",
}
KINDS = tuple(ARTICLES)
MAX_DEROGATORY_MONTHS = 36


class DeadlineError(ValueError):
    """Bad input: `field` names the input at fault."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


def _date(payload, field, *, required=True):
    value = payload.get(field)
    if value is None:
        if required:
            raise DeadlineError(field, "missing date")
        return None
    if isinstance(value, dt.date):
        return value
    message = f"malformed date {value!r} (expected YYYY-MM-DD)"
    if not isinstance(value, str) or len(value) != 10:
        raise DeadlineError(field, message)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DeadlineError(field, message) from None


def _bool(payload, field):
    value = payload.get(field, False)
    if not isinstance(value, bool):
        raise DeadlineError(field, "expected true or false")
    return value


def dia_commerce(received: dt.date) -> dt.date:
    """2 months from receipt of the declaration; silence is renunciation (R214-5)."""
    return add_months(received, 2)


def dia_dpu(received, suspended_on=None, resumed_on=None) -> dt.date:
    """2 months from receipt (L213-2). A request for documents or a visit suspends the
    period; it resumes on `resumed_on` for the time that was left, at least one month."""
    deadline = add_months(received, 2)
    if suspended_on is None and resumed_on is None:
        return deadline
    if suspended_on is None or resumed_on is None:
        raise DeadlineError(
            "suspended_on" if suspended_on is None else "resumed_on",
            "suspended_on and resumed_on go together",
        )
    if not received <= suspended_on <= deadline:
        raise DeadlineError("suspended_on", "suspension outside the 2-month period")
    if resumed_on < suspended_on:
        raise DeadlineError("resumed_on", "resumed before suspended")
    left = deadline - suspended_on
    return max(resumed_on + left, add_months(resumed_on, 1))


def retrocession(acquired, location_gerance=False) -> dt.date:
    return add_months(acquired, 36 if location_gerance else 24)


def bail_commercial(start, years=9) -> dict:
    if not isinstance(years, int) or isinstance(years, bool) or years < 9:
        raise DeadlineError("years", "a commercial lease lasts at least 9 years")
    term = add_months(start, 12 * years) - dt.timedelta(days=1)
    breaks = []
    k = 1
    while 3 * k < years:
        period_end = add_months(start, 36 * k) - dt.timedelta(days=1)
        breaks.append({"period_end": period_end, "notice_by": add_months(period_end, -6)})
        k += 1
    return {"term": term, "breaks": breaks, "landlord_notice_by": add_months(term, -6)}


def lease_months(start, end) -> int:
    """Months of a lease from `start` to `end` inclusive, a started month counting whole."""
    if end < start:
        raise DeadlineError("end", "end before start")
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if add_months(start, months) > after:
        months -= 1
    return months + (1 if add_months(start, months) < after else 0)


def bail_derogatoire(start, end, previous_months=0) -> dict:
    if not isinstance(previous_months, int) or previous_months < 0:
        raise DeadlineError("previous_months", "expected a non-negative whole number")
    total = previous_months + lease_months(start, end)
    if total > MAX_DEROGATORY_MONTHS:
        raise DeadlineError(
            "end", f"derogatory leases total {total} months, above {MAX_DEROGATORY_MONTHS}"
        )
    return {"total_months": total, "commercial_lease_if_occupied_after": add_months(end, 1)}


def charges_statement(year) -> dt.date:
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2199:
        raise DeadlineError("year", "expected a year")
    return dt.date(year + 1, 9, 30)


def tenant_first_refusal(offer_received, accepted_on=None, loan=False) -> dict:
    accept_by = add_months(offer_received, 1)
    if accepted_on is not None and not offer_received <= accepted_on <= accept_by:
        raise DeadlineError("accepted_on", "acceptance outside the one-month period")
    complete_by = add_months(accepted_on or accept_by, 4 if loan else 2)
    return {"accept_by": accept_by, "complete_by": complete_by}


def compute(payload: dict) -> dict:
    """The JSON contract: one object in (see FONCIERE_RULES.md §4), one object out with
    ISO dates. Raises DeadlineError naming the field."""
    if not isinstance(payload, dict):
        raise DeadlineError("kind", "expected a JSON object")
    kind = payload.get("kind")
    if kind not in KINDS:
        raise DeadlineError("kind", f"unknown kind {kind!r}")
    if kind == "dia_commerce":
        result = {"deadline": dia_commerce(_date(payload, "received"))}
    elif kind == "dia_dpu":
        result = {
            "deadline": dia_dpu(
                _date(payload, "received"),
                _date(payload, "suspended_on", required=False),
                _date(payload, "resumed_on", required=False),
            )
        }
    elif kind == "retrocession":
        result = {
            "deadline": retrocession(_date(payload, "acquired"), _bool(payload, "location_gerance"))
        }
    elif kind == "bail_commercial":
        result = bail_commercial(_date(payload, "start"), payload.get("years", 9))
    elif kind == "bail_derogatoire":
        result = bail_derogatoire(
            _date(payload, "start"), _date(payload, "end"), payload.get("previous_months", 0)
        )
    elif kind == "charges_statement":
        result = {"deadline": charges_statement(payload.get("year"))}
    else:
        result = tenant_first_refusal(
            _date(payload, "offer_received"),
            _date(payload, "accepted_on", required=False),
            _bool(payload, "loan"),
        )
    return _iso(result)


def _iso(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso(item) for item in value]
    return value
