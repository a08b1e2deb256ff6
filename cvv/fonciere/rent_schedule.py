"""Rent of one term when the lease grants rent-free periods (franchise) or sets rent steps
(paliers): a pure engine.

Neither is a legal rule: the lease stipulates them (freedom of contract, art. 1103 of the
code civil), so every amount they produce is shown with « stipulation du bail ». Rules:

- a **franchise** (rent-free period, from `start` to `end` inclusive) waives the rent of
  those days; the charges provision stays due (the franchise covers rent only);
- a **palier** (step) sets the annual rent HT of its days (not indexed: the indexed rent of
  the lease applies outside every step);
- the term's full rent is `annual rent × months / 12` (the indexed rent of the term's first
  day); the days of the term are split into segments by the franchises and steps; each
  segment weighs `its days / the term's days`; the sum is rounded half up to the cent once,
  so a term without franchise or step keeps exactly `annual × months / 12`;
- franchises and steps must not overlap each other and must lie inside the lease.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FRANCHISE = "franchise"
STEP = "palier"
KINDS = (FRANCHISE, STEP)
CENT = Decimal("0.01")
ARTICLE = "stipulation du bail (art. 1103 du code civil)"


class ScheduleError(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Adjustment:
    kind: str
    start: dt.date
    end: dt.date  # inclusive
    annual_rent: Decimal | None = None  # steps only


@dataclass(frozen=True)
class Segment:
    start: dt.date
    end: dt.date
    days: int
    kind: str  # "", FRANCHISE or STEP
    annual_rent: Decimal  # the annual rent applied on these days (0 for a franchise)


@dataclass(frozen=True)
class TermRent:
    rent: Decimal
    full_rent: Decimal  # the term's rent without franchise or step (exact, not rounded)
    segments: tuple

    @property
    def adjusted(self) -> bool:
        return any(s.kind for s in self.segments)

    def explanation(self) -> str:
        """French, one sentence a segment, empty when no franchise or step touches the term."""
        if not self.adjusted:
            return ""
        parts = []
        for s in self.segments:
            span = f"du {s.start:%d/%m/%Y} au {s.end:%d/%m/%Y} ({s.days} j)"
            if s.kind == FRANCHISE:
                parts.append(f"{span} : franchise de loyer")
            elif s.kind == STEP:
                parts.append(f"{span} : palier à {_fr(s.annual_rent)} € par an")
            else:
                parts.append(f"{span} : loyer du bail ({_fr(s.annual_rent)} € par an)")
        return " ; ".join(parts) + f" — {ARTICLE}."


def _fr(amount):
    return f"{amount:.2f}".replace(".", ",")


def validate(adjustments, *, lease_start=None, lease_end=None):
    """Raise ScheduleError when an adjustment is malformed, outside the lease or overlaps
    another."""
    ordered = sorted(adjustments, key=lambda a: a.start)
    for adj in ordered:
        if adj.kind not in KINDS:
            raise ScheduleError("kind", "Type inconnu : franchise ou palier.")
        if adj.end < adj.start:
            raise ScheduleError("end", "La fin précède le début.")
        if adj.kind == STEP and (adj.annual_rent is None or adj.annual_rent < 0):
            raise ScheduleError("annual_rent", "Un palier fixe un loyer annuel positif ou nul.")
        if lease_start and adj.start < lease_start or lease_end and adj.end > lease_end:
            raise ScheduleError("start", "La période doit être comprise dans le bail.")
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start <= before.end:
            raise ScheduleError(
                "start",
                f"Cette période chevauche celle du {before.start:%d/%m/%Y} au "
                f"{before.end:%d/%m/%Y}.",
            )


def term_rent(*, period_start, period_end, months, annual_rent, adjustments=()) -> TermRent:
    """The rent of the term [period_start, period_end] (inclusive) billed as `months`/12 of
    `annual_rent`, with the franchises and steps in `adjustments`."""
    if period_end < period_start:
        raise ScheduleError("period_end", "La fin de la période précède son début.")
    full = Decimal(annual_rent) * months / 12
    total_days = (period_end - period_start).days + 1
    touching = sorted(
        (a for a in adjustments if a.start <= period_end and a.end >= period_start),
        key=lambda a: a.start,
    )
    segments, cursor, amount = [], period_start, Decimal(0)

    def add(start, end, kind, annual):
        nonlocal amount
        days = (end - start).days + 1
        segments.append(Segment(start, end, days, kind, Decimal(annual)))
        amount += Decimal(annual) * months / 12 * days / total_days

    for adj in touching:
        start, end = max(adj.start, period_start), min(adj.end, period_end)
        if start > cursor:
            add(cursor, start - dt.timedelta(days=1), "", annual_rent)
        add(start, end, adj.kind, 0 if adj.kind == FRANCHISE else adj.annual_rent)
        cursor = end + dt.timedelta(days=1)
    if cursor <= period_end:
        add(cursor, period_end, "", annual_rent)
    if not touching:
        amount = full  # exactly annual × months / 12, no day weighting
    return TermRent(amount.quantize(CENT, ROUND_HALF_UP), full, tuple(segments))
