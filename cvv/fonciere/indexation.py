"""Annual indexation of a commercial lease's rent: a pure engine.

Rules (docs/fonciere.md §Indexation, from the reference FONCIERE_RULES.md §2):
- at each anniversary k of `start` (29 February → last day of February), the comparison
  quarter Q_k is the reference quarter + k years (Cass. 3e civ. 25 Feb 2016, n° 14-28.165);
- v_k = I(Q_k) / I(Q_{k-1}) − 1, negative variations applied (Cass. 3e civ. 14 Jan 2016);
- SME cap (loi 2022-1158 art. 14, extended by loi 2023-568): ILC, SME tenant, Q_k between
  2022-T2 and 2024-T1 inclusive → v_k ≤ 3.5 %, never caught up later;
- rent_k = rent_{k-1} × (1 + v_k) rounded half up to the cent (exact ratios in between);
- a variation of more than 25 % since the rent was last set opens a revision (L145-39).
"""

import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from cvv.premises.vacancy import add_months

INDICES = ("ILC", "ILAT")
SME_CAP = Decimal("0.035")
SME_CAP_FROM, SME_CAP_TO = (2022, 2), (2024, 1)
REVISION_THRESHOLD = Decimal("0.25")
QUARTER = re.compile(r"^(\d{4})-T([1-4])$")
CENT = Decimal("0.01")
ARTICLE_INDEXATION = "art. L145-39 du code de commerce et L112-1 du code monétaire et financier"
ARTICLE_SME_CAP = "art. 14 de la loi 2022-1158 (prolongé par la loi 2023-568)"
ARTICLE_REVISION = "art. L145-39 du code de commerce (variation de plus de 25 %)"


class IndexationError(ValueError):
    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


def parse_quarter(text, field="reference_quarter"):
    match = QUARTER.match(text) if isinstance(text, str) else None
    if not match:
        raise IndexationError(field, f"malformed quarter {text!r} (expected YYYY-Tn)")
    return int(match[1]), int(match[2])


def quarter_text(quarter):
    return f"{quarter[0]}-T{quarter[1]}"


@cache
def bundled_values() -> dict:
    """{(index, (year, quarter)): Decimal} of reference/index_values.csv."""
    path = Path(__file__).resolve().parent / "reference" / "index_values.csv"
    with path.open(encoding="utf-8") as handle:
        return {
            (row["index"], parse_quarter(row["quarter"])): Decimal(row["value"])
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True)
class Step:
    date: dt.date
    quarter: tuple
    index: Decimal
    previous_index: Decimal
    variation: Decimal  # exact ratio − 1, after the cap
    capped: bool
    rent: Decimal


@dataclass(frozen=True)
class Result:
    rent: Decimal
    initial_rent: Decimal
    variation_since_setting: Decimal
    revision_possible: bool
    steps: tuple
    missing: tuple | None = None  # with `partial`: the first quarter whose value is unknown


def _in_cap_period(quarter):
    return SME_CAP_FROM <= quarter <= SME_CAP_TO


def index_rent(
    *, index, rent, start, reference_quarter, on, sme, values=None, partial=False
) -> Result:
    """The rent on `on` of a lease whose `rent` took effect on `start` with base quarter
    `reference_quarter` ((year, n)); `values` {(index, (year, n)): Decimal} (bundled
    values by default). An unknown quarter raises, or with `partial` stops the chain there
    (`Result.missing`) so a page can show the steps known so far."""
    if index not in INDICES:
        raise IndexationError("index", f"unknown index {index!r} (ILC or ILAT)")
    if rent < 0:
        raise IndexationError("rent", "must not be negative")
    if on < start:
        raise IndexationError("on", "before start")
    values = bundled_values() if values is None else values

    def value_of(quarter):
        try:
            return values[(index, quarter)]
        except KeyError:
            raise IndexationError(
                "index", f"no {index} value for {quarter_text(quarter)}"
            ) from None

    current = Decimal(rent).quantize(CENT, ROUND_HALF_UP)
    initial = current
    previous_quarter = reference_quarter
    previous_index = value_of(previous_quarter)
    steps, missing = [], None
    k = 1
    while (anniversary := add_months(start, 12 * k)) <= on:
        quarter = (reference_quarter[0] + k, reference_quarter[1])
        if partial and (index, quarter) not in values:
            missing = quarter
            break
        index_value = value_of(quarter)
        variation = index_value / previous_index - 1
        capped = bool(sme and index == "ILC" and _in_cap_period(quarter) and variation > SME_CAP)
        if capped:
            variation = SME_CAP
        current = (current * (1 + variation)).quantize(CENT, ROUND_HALF_UP)
        steps.append(
            Step(anniversary, quarter, index_value, previous_index, variation, capped, current)
        )
        previous_index, previous_quarter = index_value, quarter
        k += 1
    since = current / initial - 1 if initial else Decimal(0)
    return Result(
        rent=current,
        initial_rent=initial,
        variation_since_setting=since,
        revision_possible=since > REVISION_THRESHOLD,
        steps=tuple(steps),
        missing=missing,
    )


def _fraction(value):
    return str(value.quantize(Decimal("0.0001"), ROUND_HALF_UP))


def compute(payload: dict, values=None) -> dict:
    """The JSON contract of FONCIERE_RULES.md §2 (`cvv fonciere index-rent --json`)."""
    if not isinstance(payload, dict):
        raise IndexationError("index", "expected a JSON object")
    try:
        rent = Decimal(str(payload.get("rent")))
        if not rent.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise IndexationError("rent", f"malformed amount {payload.get('rent')!r}") from None
    dates = {}
    for field in ("start", "on"):
        value = payload.get(field)
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            dates[field] = dt.date.fromisoformat(value)
        except ValueError:
            raise IndexationError(field, f"malformed date {value!r}") from None
    sme = payload.get("sme", False)
    if not isinstance(sme, bool):
        raise IndexationError("sme", "expected true or false")
    if payload.get("index") not in INDICES:
        raise IndexationError("index", f"unknown index {payload.get('index')!r} (ILC or ILAT)")
    result = index_rent(
        index=payload["index"],
        rent=rent,
        start=dates["start"],
        reference_quarter=parse_quarter(payload.get("reference_quarter")),
        on=dates["on"],
        sme=sme,
        values=values,
    )
    return {
        "rent": str(result.rent),
        "variation_since_setting": _fraction(result.variation_since_setting),
        "revision_possible": result.revision_possible,
        "steps": [
            {
                "date": step.date.isoformat(),
                "quarter": quarter_text(step.quarter),
                "index": str(step.index),
                "previous_index": str(step.previous_index),
                "variation": _fraction(step.variation),
                "capped": step.capped,
                "rent": str(step.rent),
            }
            for step in result.steps
        ],
    }
