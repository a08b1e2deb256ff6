"""Regularisation of the rent calls already issued when a rent is fixed during the lease
(triennial revision L145-38, renewal L145-34 C. com.): a pure engine.

For each term call whose period ends on or after the new rent's effective date, the rent
due is recomputed as the calls are (`rent_schedule.term_rent`: `annual × months / 12`,
franchises and steps weighted by day): the days from the effective date at the revised
annual rent, the days before it (a term straddling the date) at the annual rent billed,
franchise days at nothing and step days at the step's rent in both cases. Summed, then
rounded half up to the cent once per call, as the calls are. The difference is the rent
due minus the rent billed; the total is the sum of the differences (positive: owed by the
tenant; negative: to credit). Decimal only.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cvv.fonciere import rent_schedule

CENT = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class CallLine:
    call_id: int | None
    period_start: dt.date
    period_end: dt.date
    billed: Decimal
    due: Decimal
    revised_days: int  # days of the period from the effective date
    total_days: int

    @property
    def difference(self) -> Decimal:
        return self.due - self.billed

    @property
    def straddles(self) -> bool:
        return 0 < self.revised_days < self.total_days


def term_due(
    *, period_start, period_end, months, billed_annual, revised_annual, effective_on,
    adjustments=(),
) -> Decimal:  # fmt: skip
    """The rent of the term [period_start, period_end] (inclusive) with `revised_annual`
    from `effective_on` and `billed_annual` before it (see the module's rules)."""
    if effective_on <= period_start:
        return rent_schedule.term_rent(
            period_start=period_start, period_end=period_end, months=months,
            annual_rent=revised_annual, adjustments=adjustments,
        ).rent  # fmt: skip
    if effective_on > period_end:
        return rent_schedule.term_rent(
            period_start=period_start, period_end=period_end, months=months,
            annual_rent=billed_annual, adjustments=adjustments,
        ).rent  # fmt: skip
    total_days = (period_end - period_start).days + 1
    touching = [a for a in adjustments if a.start <= period_end and a.end >= period_start]
    cuts = {period_start, effective_on, period_end + dt.timedelta(days=1)}
    for adj in touching:
        cuts.update({max(adj.start, period_start), min(adj.end, period_end) + dt.timedelta(1)})
    bounds = sorted(cuts)
    amount = ZERO
    for start, after in zip(bounds, bounds[1:], strict=False):
        covering = next((a for a in touching if a.start <= start <= a.end), None)
        if covering is not None:
            annual = ZERO if covering.kind == rent_schedule.FRANCHISE else covering.annual_rent
        else:
            annual = revised_annual if start >= effective_on else billed_annual
        amount += Decimal(annual) * months / 12 * (after - start).days / total_days
    return amount.quantize(CENT, ROUND_HALF_UP)


def regularise(calls, *, effective_on, months, revised_annual_on, adjustments=()):
    """`CallLine`s of the `calls` (objects with `pk`, `period_start`, `period_end`, `rent`,
    `annual_rent`) whose period ends on or after `effective_on`, and their total.
    `revised_annual_on(day)`: the annual rent from the new base on `day`."""
    lines = []
    for call in sorted(calls, key=lambda c: c.period_start):
        if call.period_end < effective_on:
            continue
        first = max(call.period_start, effective_on)
        due = term_due(
            period_start=call.period_start, period_end=call.period_end, months=months,
            billed_annual=call.annual_rent, revised_annual=revised_annual_on(first),
            effective_on=effective_on, adjustments=adjustments,
        )  # fmt: skip
        lines.append(CallLine(
            getattr(call, "pk", None), call.period_start, call.period_end, Decimal(call.rent),
            due, (call.period_end - first).days + 1, (call.period_end - call.period_start).days + 1,
        ))  # fmt: skip
    return lines, sum((line.difference for line in lines), ZERO)
