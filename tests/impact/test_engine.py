"""The difference-in-differences engine: golden cases derived by hand, and properties."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvv.impact import engine
from cvv.impact.engine import Unit


def unit(code, before, now, *, size="S", territoire="T7", need=0.5):
    return Unit(code, size, territoire, need, before, now)


def test_golden_case_wide_interval_is_not_conclusive():
    # Treated: 100 → 110 (Δ 10). Controls Δ 2, 4, 6: mean 4, sd 2, n 3, t(0.95; 2) = 2.920.
    # d = 6; half-width = 2.920 × 2 × √(1 + 1/3) = 6.7435; interval [−0.74; 12.74] ∋ 0.
    treated = unit("T", 100, 110)
    group = [unit("A", 50, 52), unit("B", 50, 54), unit("C", 50, 56)]
    e = engine.estimate(treated, group, "règle")
    assert e.value == pytest.approx(6.0)
    assert (e.treated_delta, e.control_delta, e.n) == (10, 4, 3)
    assert e.low == pytest.approx(6 - 6.7435, abs=1e-3)
    assert e.high == pytest.approx(6 + 6.7435, abs=1e-3)
    assert not e.conclusive


def test_golden_case_tight_group_is_conclusive():
    # Controls all Δ = 1 (sd 0): the interval is the point d = 10 − 1 = 9.
    e = engine.estimate(unit("T", 0, 10), [unit(c, 5, 6) for c in "ABCD"])
    assert (e.value, e.low, e.high) == (9, 9, 9)
    assert e.conclusive


def test_no_interval_and_no_claim_below_two_comparable_communes():
    e = engine.estimate(unit("T", 0, 10), [unit("A", 0, 1)])
    assert e.value == 9 and not e.has_interval and not e.conclusive
    e = engine.estimate(unit("T", None, 10), [unit("A", 0, 1), unit("B", 0, 2)])
    assert e.value is None


def test_group_rule_same_size_and_territory_then_nearest_need():
    treated = unit("T", 0, 1, size="S", territoire="T7", need=0.50)
    same = [unit(c, 0, 1, size="S", territoire="T7") for c in "ABC"]
    group, rule = engine.comparison_group(treated, [*same, unit("X", 0, 1, size="L")])
    assert [u.code for u in group] == ["A", "B", "C"]
    assert rule == "même classe de taille et même territoire"
    pool = [
        unit(c, 0, 1, size="S", territoire="T8", need=need)
        for c, need in zip("DEFGHIJ", [0.1, 0.45, 0.52, 0.9, 0.6, 0.3, 0.49], strict=True)
    ]
    group, rule = engine.comparison_group(treated, [same[0], *pool])
    # The 5 nearest by need among size S: A (0.50), J (0.49), F (0.52), E (0.45), H (0.60).
    assert [u.code for u in group] == ["A", "E", "F", "H", "J"]
    assert rule == "même classe de taille, indice de besoin le plus proche"


def test_average_effect_golden():
    # d = 1, 2, 3: mean 2, sd 1, m 3: half-width 2.920 × 1 / √3 = 1.6859.
    estimates = [engine.Estimate(v, None, None, 3, None, None, "") for v in (1.0, 2.0, 3.0)]
    e = engine.average_effect(estimates)
    assert e.value == pytest.approx(2)
    assert e.high - e.value == pytest.approx(1.6859, abs=1e-4)


def test_t_quantile_is_conservative_between_tabulated_values():
    assert engine.t_quantile(35) == engine.T95[30]
    assert engine.t_quantile(1000) == engine.Z95
    with pytest.raises(ValueError):
        engine.t_quantile(0)


finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
deltas = st.lists(finite, min_size=2, max_size=12)


@given(treated=finite, controls=deltas, shift=finite)
def test_shifting_every_value_leaves_the_estimate_unchanged(treated, controls, shift):
    group = [unit(str(i), 0, d) for i, d in enumerate(controls)]
    moved = [unit(str(i), 0, d + shift) for i, d in enumerate(controls)]
    a = engine.estimate(unit("T", 0, treated), group)
    b = engine.estimate(unit("T", 0, treated + shift), moved)
    assert b.value == pytest.approx(a.value, abs=1e-6)
    assert (b.high - b.low) == pytest.approx(a.high - a.low, rel=1e-6, abs=1e-6)


@given(treated=finite, controls=deltas)
def test_interval_is_symmetric_around_the_estimate(treated, controls):
    e = engine.estimate(unit("T", 0, treated), [unit(str(i), 0, d) for i, d in enumerate(controls)])
    assert e.low <= e.value <= e.high
    assert e.value - e.low == pytest.approx(e.high - e.value, rel=1e-9, abs=1e-9)


@given(controls=deltas, k=st.floats(min_value=0.01, max_value=100))
def test_scaling_scales_the_estimate_and_its_interval(controls, k):
    treated = unit("T", 0, 7.0)
    a = engine.estimate(treated, [unit(str(i), 0, d) for i, d in enumerate(controls)])
    b = engine.estimate(
        unit("T", 0, 7.0 * k), [unit(str(i), 0, d * k) for i, d in enumerate(controls)]
    )
    assert b.value == pytest.approx(a.value * k, rel=1e-6, abs=1e-6)
    assert b.high - b.low == pytest.approx((a.high - a.low) * k, rel=1e-6, abs=1e-6)


@given(controls=deltas)
def test_a_commune_moving_like_its_group_shows_no_difference(controls):
    mean = math.fsum(controls) / len(controls)
    e = engine.estimate(unit("T", 0, mean), [unit(str(i), 0, d) for i, d in enumerate(controls)])
    assert e.value == pytest.approx(0, abs=1e-6)
    assert not e.conclusive or e.low == e.high


@given(
    need=st.floats(0, 1),
    pool=st.lists(
        st.tuples(st.sampled_from("SL"), st.sampled_from(["T7", "T8"]), st.floats(0, 1)),
        max_size=20,
    ),
)
def test_group_never_holds_the_commune_itself_and_is_bounded(need, pool):
    treated = unit("T", 0, 1, need=need)
    units = [unit("T", 0, 1)] + [
        unit(f"C{i}", 0, 1, size=s, territoire=t, need=n) for i, (s, t, n) in enumerate(pool)
    ]
    group, _ = engine.comparison_group(treated, units)
    assert "T" not in {u.code for u in group}
    same = [u for u in units[1:] if u.size_class == "S" and u.territoire == "T7"]
    assert (
        len(group) == len(same) if len(same) >= engine.MIN_GROUP else len(group) <= engine.NEAREST
    )
