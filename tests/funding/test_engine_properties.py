"""Property-based tests of the FIMACS engine (hypothesis), on the real default règlement.

The invariants of the contract's step 6 (amended 2026-12-03) are checked on thousands of
generated dossiers: multi-category expenses, populations around the petite-commune
threshold, fragile or not, other public aid and aid already granted in the edition. The
bounds are recomputed here from the règlement's parameters, independently of the engine.

The examples are derandomised (the same ones on every run, in CI too): 1 500 dossiers and
1 000 splits. CVV_HYPOTHESIS_SCALE=10 runs ten times as many locally.
"""

import os
import random
from decimal import ROUND_FLOOR, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvv.funding.engine import STEP6_SOURCE, Case, Expense, compute, rules_from_dict, split
from cvv.funding.loader import default_data

DATA = default_data()
RULES = rules_from_dict(DATA)
PARAMS = {p["key"]: Decimal(p["value"]) for p in DATA["parameters"]}
CATEGORIES = {c["code"]: c for c in DATA["categories"]}
TABLE = [c["code"] for c in DATA["categories"]]
ELIGIBLE = [code for code in TABLE if CATEGORIES[code]["eligible"]]

SCALE = float(os.environ.get("CVV_HYPOTHESIS_SCALE", "1"))


def examples(count):
    """A fixed, derandomised budget (the same examples on every run, in CI too)."""
    return settings(
        max_examples=max(int(count * SCALE), 1),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def floor(value) -> int:
    return int(Decimal(value).to_integral_value(rounding=ROUND_FLOOR))


def cents(low_euros, high_euros):
    return st.integers(low_euros * 100, high_euros * 100).map(lambda c: Decimal(c) / 100)


# Expense lines in cents, from a few euros to 2 M€, with odd cents: the category ceilings
# (50 000 € … 500 000 €) bind in a good share of the examples.
AMOUNT = st.one_of(
    st.integers(1_000_000, 200_000_000), st.integers(0, 5_000_000), st.integers(0, 10_000)
).map(lambda c: Decimal(c) / 100)
EXPENSES = st.lists(st.builds(Expense, st.sampled_from(TABLE), AMOUNT), min_size=1, max_size=8).map(
    tuple
)
PER_TEN_THOUSAND = st.integers(0, 10_000)


@st.composite
def cases(draw):
    """A dossier whose other public aid and aid already granted are drawn relative to its
    own expenses, so that the public cap and the edition cap bind often, sometimes by a few
    cents, and sometimes leave no room at all."""
    expenses = draw(EXPENSES)
    eligible_base = sum(
        (e.amount_ht for e in expenses if CATEGORIES[e.category]["eligible"]), Decimal("0")
    )
    room = PARAMS["public_cap"] * eligible_base
    other = draw(
        st.one_of(
            st.just(Decimal("0")),
            PER_TEN_THOUSAND.map(lambda r: (room * r / 10_000).quantize(Decimal("0.01"))),
            st.integers(0, 200_000_000).map(lambda c: Decimal(c) / 100),
        )
    )
    granted = draw(
        st.one_of(
            st.just(Decimal("0")),
            st.integers(0, 120_000_000),  # anything up to 1.2 M€ (cents)
            st.integers(99_000_000, 100_000_000),  # at most 10 000 € of room left
        ).map(lambda c: Decimal(c) / 100)
    )
    return Case(
        commune="93005",
        in_metropole=draw(st.sampled_from([True] * 9 + [False])),
        population=draw(
            st.one_of(st.integers(0, 2_200_000), st.integers(19_990, 20_010), st.none())
        ),
        fragile=draw(st.sampled_from([False, True, None])),
        accompaniment_active=draw(st.sampled_from([True] * 9 + [False])),
        other_public_aid=other,
        already_granted_in_edition=granted,
        expenses=expenses,
    )


CASES = cases()


def expected_bounds(case):
    """Per eligible category: (base, rate, floor(min(rate × base, ceiling))), from the data."""
    bonus = Decimal("0")
    if case.population is not None and case.population < PARAMS["small_threshold"]:
        bonus += PARAMS["small_bonus"]
    if case.fragile:
        bonus += PARAMS["fragile_bonus"]
    bases = {}
    for expense in case.expenses:
        if CATEGORIES[expense.category]["eligible"]:
            bases[expense.category] = bases.get(expense.category, Decimal("0")) + (
                expense.amount_ht
            )
    bounds = {}
    for code, base in bases.items():
        rate = min(Decimal(CATEGORIES[code]["base_rate"]) + bonus, PARAMS["rate_cap"])
        aid = min(rate * base, Decimal(CATEGORIES[code]["ceiling"]))
        bounds[code] = (base, rate, floor(aid), aid)
    return bounds


@examples(1500)
@given(case=CASES, seed=st.integers(0, 2**32 - 1))
def test_compute_invariants(case, seed):
    result = compute(RULES, case)

    # Deterministic, and the order of the expense lines changes no amount (ties follow the
    # category table, not the input order).
    assert compute(RULES, case).as_json() == result.as_json()
    lines = list(case.expenses)
    random.Random(seed).shuffle(lines)
    shuffled = compute(RULES, Case(**{**case.__dict__, "expenses": tuple(lines)}))
    assert dict(shuffled.aid_by_category) == dict(result.aid_by_category)
    assert shuffled.aid_total == result.aid_total
    assert dict(shuffled.rates) == dict(result.rates)

    bounds = expected_bounds(case)
    parts = result.aid_by_category
    total = result.aid_total

    # Whole euros, never negative, one part per eligible category present.
    assert set(parts) == set(bounds)
    for amount in [*parts.values(), total]:
        assert amount >= 0
        assert amount == amount.to_integral_value()
    # The parts add up to the total exactly.
    assert sum(parts.values(), Decimal("0")) == total

    total_base = sum((base for base, _, _, _ in bounds.values()), Decimal("0"))
    eligible = (
        case.in_metropole and case.accompaniment_active and total_base >= PARAMS["min_expense"]
    )
    assert result.eligible is eligible
    if not eligible:
        assert total == 0 and all(v == 0 for v in parts.values())
        return

    # No part exceeds floor(min(r_c × base_c, ceiling_c)).
    for code, (_, rate, bound, _) in bounds.items():
        assert result.rates[code] == rate
        assert parts[code] <= bound, (code, parts[code], bound, result.explanation)

    # The total never exceeds the public cap nor the edition cap.
    public_room = PARAMS["public_cap"] * total_base - case.other_public_aid
    edition_room = PARAMS["edition_cap"] - case.already_granted_in_edition
    assert total <= max(public_room, Decimal("0"))
    assert total <= max(edition_room, Decimal("0"))

    # And it is exactly what the contract says: min(T, Σ a_c), T the total of step 5.
    subtotal = sum((aid for _, _, _, aid in bounds.values()), Decimal("0"))
    step5 = max(floor(max(min(subtotal, public_room, edition_room), Decimal("0"))), 0)
    sum_floors = sum(bound for _, _, bound, _ in bounds.values())
    assert total == min(step5, sum_floors)
    if step5 < sum_floors:
        # Largest remainder: each part is its quota rounded down or up.
        for code, (_, _, bound, _) in bounds.items():
            low = bound * step5 // sum_floors
            assert low <= parts[code] <= low + 1
    else:
        assert all(parts[code] == bounds[code][2] for code in bounds)

    # Step 6 is reported in the explanation whenever it changed an amount.
    changed = total != step5 or any(parts[c] != bounds[c][3] for c in bounds)
    multi = sum(1 for _, _, bound, _ in bounds.values() if bound > 0) > 1
    if changed and (multi or total != step5):
        assert any(STEP6_SOURCE in line for line in result.explanation), result.explanation


# Per-category aid before rounding, 4 decimals (rate × base in cents); absent categories None.
RAW = st.tuples(
    *[
        st.one_of(
            st.none(),
            st.integers(0, 60_000_000_000).map(lambda v: Decimal(v) / 10_000),
            st.integers(0, 40_000).map(lambda v: Decimal(v) / 10_000),  # under 4 euros
            st.sampled_from(["5000", "5000.5", "2500", "1"]).map(Decimal),  # equal remainders
        )
        for _ in ELIGIBLE
    ]
).map(lambda values: {code: v for code, v in zip(ELIGIBLE, values, strict=True) if v is not None})


@examples(1000)
@given(raw=RAW, draw=st.integers(0, 2**32 - 1))
def test_split_invariants(raw, draw):
    """Step 6 alone, as the committee uses it to share a granted amount below the computed
    aid: any whole total from 0 to a little above the sum of the floored amounts."""
    floors = {code: floor(value) for code, value in raw.items()}
    sum_floors = sum(floors.values())
    total = draw % (sum_floors + 4)
    parts = split(RULES, raw, Decimal(total))
    assert list(parts) == list(raw)
    assert sum(parts.values()) == min(total, sum_floors)
    for code, part in parts.items():
        assert part == part.to_integral_value() and 0 <= part <= floors[code]
    if total < sum_floors:
        # Quota property, and the euros left over go to the largest remainders, ties in
        # table order: no category with a smaller remainder (or equal and later in the
        # table) is served before one that is not.
        remainder = {code: floors[code] * total % sum_floors for code in raw}
        served = {code for code in raw if parts[code] > floors[code] * total // sum_floors}
        for a in served:
            for b in set(raw) - served:
                assert (remainder[a], -TABLE.index(a)) > (remainder[b], -TABLE.index(b))
    # Splitting the parts again by their own total changes nothing (the committee path when
    # it grants exactly the computed aid).
    assert split(RULES, parts, sum(parts.values())) == parts
