"""Franchises and steps of a lease (stipulation du bail, art. 1103 C. civ.) — golden cases
computed by hand, then properties."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvv.fonciere.rent_schedule import (
    FRANCHISE,
    STEP,
    Adjustment,
    ScheduleError,
    term_rent,
    validate,
)

D = dt.date
CENT = Decimal("0.01")


def test_no_adjustment_keeps_annual_times_months_over_twelve():
    # 24797.74 × 3 / 12 = 6199.435 → 6199.44 (half up), the indexed call of test_chain.
    result = term_rent(period_start=D(2022, 7, 1), period_end=D(2022, 9, 30), months=3,
                       annual_rent=Decimal("24797.74"))  # fmt: skip
    assert result.rent == Decimal("6199.44") and not result.adjusted
    assert result.explanation() == ""


def test_franchise_of_two_months_in_a_quarter():
    # Quarter 01/07–30/09/2021 = 92 days; franchise July–August (62 days);
    # September's 30 days are due: 24000 / 4 = 6000 × 30 / 92 = 1956.5217… → 1956.52.
    result = term_rent(
        period_start=D(2021, 7, 1), period_end=D(2021, 9, 30), months=3,
        annual_rent=Decimal("24000"),
        adjustments=[Adjustment(FRANCHISE, D(2021, 7, 1), D(2021, 8, 31))],
    )  # fmt: skip
    assert result.rent == Decimal("1956.52")
    assert [(s.days, s.kind) for s in result.segments] == [(62, FRANCHISE), (30, "")]
    assert "franchise de loyer" in result.explanation()
    assert "art. 1103 du code civil" in result.explanation()


def test_step_from_mid_month():
    # Month of 31 days, 12000/yr = 1000/month: 15 days at 1000 + 16 days at 9000/12 = 750:
    # (15 × 1000 + 16 × 750) / 31 = 27000 / 31 = 870.967… → 870.97.
    result = term_rent(
        period_start=D(2022, 1, 1), period_end=D(2022, 1, 31), months=1,
        annual_rent=Decimal("12000"),
        adjustments=[Adjustment(STEP, D(2022, 1, 16), D(2022, 12, 31), Decimal("9000"))],
    )  # fmt: skip
    assert result.rent == Decimal("870.97")
    assert "palier à 9000,00 € par an" in result.explanation()


def test_franchise_over_the_whole_term_is_zero():
    result = term_rent(
        period_start=D(2021, 7, 1), period_end=D(2021, 9, 30), months=3,
        annual_rent=Decimal("24000"),
        adjustments=[Adjustment(FRANCHISE, D(2021, 6, 1), D(2021, 12, 31))],
    )  # fmt: skip
    assert result.rent == Decimal("0.00")


def test_validation_refuses_overlap_and_outside_the_lease():
    a = Adjustment(FRANCHISE, D(2021, 7, 1), D(2021, 9, 30))
    with pytest.raises(ScheduleError, match="chevauche"):
        validate([a, Adjustment(STEP, D(2021, 9, 1), D(2022, 6, 30), Decimal("1"))])
    with pytest.raises(ScheduleError, match="comprise dans le bail"):
        validate([a], lease_start=D(2021, 8, 1), lease_end=D(2030, 7, 31))
    with pytest.raises(ScheduleError, match="positif"):
        validate([Adjustment(STEP, D(2021, 7, 1), D(2021, 9, 30), None)])
    with pytest.raises(ScheduleError, match="précède"):
        validate([Adjustment(FRANCHISE, D(2021, 7, 2), D(2021, 7, 1))])


amounts = st.decimals(min_value=0, max_value=10**6, places=2)
days = st.integers(min_value=0, max_value=400)


@settings(deadline=None)
@given(annual=amounts, step=amounts, offset=days, length=days, months=st.sampled_from([1, 3]),
       kind=st.sampled_from([FRANCHISE, STEP]))  # fmt: skip
def test_properties(annual, step, offset, length, months, kind):
    start = D(2024, 1, 1)
    end = D(2024, 1 + months, 1) - dt.timedelta(days=1)
    adj = Adjustment(kind, start + dt.timedelta(days=offset),
                     start + dt.timedelta(days=offset + length),
                     step if kind == STEP else None)  # fmt: skip
    result = term_rent(period_start=start, period_end=end, months=months, annual_rent=annual,
                       adjustments=[adj])  # fmt: skip
    full = (annual * months / 12).quantize(CENT, ROUND_HALF_UP)
    # The segments partition the term, contiguous, in order.
    assert sum(s.days for s in result.segments) == (end - start).days + 1
    assert result.segments[0].start == start and result.segments[-1].end == end
    for a, b in zip(result.segments, result.segments[1:], strict=False):
        assert b.start == a.end + dt.timedelta(days=1)
    # A franchise never raises the rent; the rent lies between the lower and higher rates.
    low = min(annual, step if kind == STEP else Decimal(0)) if result.adjusted else annual
    high = max(annual, step if kind == STEP else Decimal(0)) if result.adjusted else annual
    assert (low * months / 12).quantize(CENT, ROUND_HALF_UP) <= result.rent
    assert result.rent <= (high * months / 12).quantize(CENT, ROUND_HALF_UP)
    if kind == FRANCHISE:
        assert result.rent <= full
    if not result.adjusted:
        assert result.rent == full
