"""Measured impact: a difference-in-differences estimate with its uncertainty, as pure
functions (no database).

For an accompanied commune T and an indicator, Δ_T = value now − value before the
accompaniment; its comparison group C is made of communes never accompanied, of the same size
class and territory (at least `MIN_GROUP` of them), else the `NEAREST` communes of the same
size class closest by need index, else the `NEAREST` closest by need index. The estimate is

    d = Δ_T − mean(Δ_C)

and, since T is one commune, its interval is the prediction interval of one more member of C:

    d ± t(0.95; n−1) · sd(Δ_C) · √(1 + 1/n)          (90 % interval, n = |C| ≥ 2)

With fewer than two comparable communes no interval is given and no claim is made. Across
the programme, the average effect is the mean of the communes' d with the interval
mean ± t(0.95; m−1) · sd(d) / √m (m ≥ 2 communes). Few communes give wide intervals: the
page says when an interval contains 0 ("no measurable difference")."""

import math
import statistics
from dataclasses import dataclass

MIN_GROUP = 3
NEAREST = 5
LEVEL = 0.90
# Student's t quantile 0.95 (two-sided 90 %), by degrees of freedom; beyond, the next lower
# tabulated df is used (conservative), and the normal quantile past 120.
T95 = {
    1: 6.314, 2: 2.920, 3: 2.353, 4: 2.132, 5: 2.015, 6: 1.943, 7: 1.895, 8: 1.860,
    9: 1.833, 10: 1.812, 11: 1.796, 12: 1.782, 13: 1.771, 14: 1.761, 15: 1.753, 16: 1.746,
    17: 1.740, 18: 1.734, 19: 1.729, 20: 1.725, 21: 1.721, 22: 1.717, 23: 1.714, 24: 1.711,
    25: 1.708, 26: 1.706, 27: 1.703, 28: 1.701, 29: 1.699, 30: 1.697, 40: 1.684, 60: 1.671,
    120: 1.658,
}  # fmt: skip
Z95 = 1.645


def t_quantile(df: int) -> float:
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    if df > 120:
        return Z95
    return T95[max(d for d in T95 if d <= df)]


@dataclass(frozen=True)
class Unit:
    """A commune for one indicator: its groups and its values before and now."""

    code: str
    size_class: str
    territoire: str
    need: float | None
    before: float | None
    now: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.now is None:
            return None
        return self.now - self.before


@dataclass(frozen=True)
class Estimate:
    value: float | None  # d, or None when the commune has no before/now values
    low: float | None
    high: float | None
    n: int  # size of the comparison group (communes with a Δ)
    treated_delta: float | None
    control_delta: float | None  # mean Δ of the group
    rule: str  # how the group was formed, in French

    @property
    def has_interval(self) -> bool:
        return self.low is not None

    @property
    def conclusive(self) -> bool:
        """The interval excludes 0: a difference the data can carry."""
        return self.has_interval and (self.low > 0 or self.high < 0)


def comparison_group(treated: Unit, pool) -> tuple[list[Unit], str]:
    """Communes of `pool` (never accompanied, Δ known) comparable to `treated`."""
    pool = [u for u in pool if u.code != treated.code and u.delta is not None]
    same = [
        u for u in pool if u.size_class == treated.size_class and u.territoire == treated.territoire
    ]
    if len(same) >= MIN_GROUP:
        return sorted(same, key=lambda u: u.code), "même classe de taille et même territoire"
    if treated.need is None:
        return sorted(same, key=lambda u: u.code), "même classe de taille et même territoire"
    by_need = [u for u in pool if u.need is not None]
    same_size = [u for u in by_need if u.size_class == treated.size_class]
    source, rule = (
        (same_size, "même classe de taille, indice de besoin le plus proche")
        if len(same_size) >= MIN_GROUP
        else (by_need, "indice de besoin le plus proche")
    )
    nearest = sorted(source, key=lambda u: (abs(u.need - treated.need), u.code))[:NEAREST]
    return sorted(nearest, key=lambda u: u.code), rule


def estimate(treated: Unit, group, rule="") -> Estimate:
    deltas = [u.delta for u in group if u.delta is not None]
    n = len(deltas)
    if treated.delta is None or n == 0:
        return Estimate(None, None, None, n, treated.delta, None, rule)
    control = statistics.fmean(deltas)
    value = treated.delta - control
    if n < 2:
        return Estimate(value, None, None, n, treated.delta, control, rule)
    half = t_quantile(n - 1) * statistics.stdev(deltas) * math.sqrt(1 + 1 / n)
    return Estimate(value, value - half, value + half, n, treated.delta, control, rule)


def average_effect(estimates) -> Estimate:
    """The programme's average effect over the communes' estimates."""
    values = [e.value for e in estimates if e.value is not None]
    m = len(values)
    if m == 0:
        return Estimate(None, None, None, 0, None, None, "moyenne des communes accompagnées")
    mean = statistics.fmean(values)
    if m < 2:
        return Estimate(mean, None, None, m, None, None, "moyenne des communes accompagnées")
    half = t_quantile(m - 1) * statistics.stdev(values) / math.sqrt(m)
    return Estimate(
        mean, mean - half, mean + half, m, None, None, "moyenne des communes accompagnées"
    )
