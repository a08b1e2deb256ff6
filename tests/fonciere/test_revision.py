"""Triennial revision (L145-38 C. com.) and renewal (L145-34 C. com.) — golden cases
computed by hand, then properties."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvv.fonciere.indexation import IndexationError, bundled_values
from cvv.fonciere.revision import (
    ARTICLE_PHASING,
    ARTICLE_RENEWAL,
    ARTICLE_REVISION,
    phase,
    renewal,
    triennial_revision,
)

D = dt.date
VALUES = bundled_values()


def revise(**kwargs):
    base = {"index": "ILC", "rent": Decimal("24000"), "fixed_on": D(2021, 7, 1),
                "fixing_quarter": (2021, 1), "requested_on": D(2024, 7, 1),
                "request_quarter": (2024, 1), "values": VALUES}  # fmt: skip
    return triennial_revision(**{**base, **kwargs})


def test_l145_38_cap_is_the_index_variation_since_the_last_fixing():
    # 24000 × ILC 2024-T1 (134.58) / ILC 2021-T1 (116.73) = 24000 × 1.152917… = 27670.0077
    # → 27670.01; possible from 01/07/2024 (three years after the fixing).
    outcome = revise()
    assert outcome.possible_from == D(2024, 7, 1)
    assert outcome.cap == Decimal("27670.01") and outcome.rent == Decimal("27670.01")
    assert all(step.article == ARTICLE_REVISION for step in outcome.steps)
    assert "134.58" in outcome.steps[1].text and "116.73" in outcome.steps[1].text


def test_l145_38_rental_value_below_the_cap_applies_above_it_the_cap():
    assert revise(rental_value=Decimal("26000")).rent == Decimal("26000.00")
    assert revise(rental_value=Decimal("30000")).rent == Decimal("27670.01")


def test_l145_38_material_change_uncaps_and_phases_at_ten_percent():
    # 24000 → 30000: 26400.00 (+10 %), 29040.00 (+10 %), then 30000.00 (L145-34 last para).
    outcome = revise(rental_value=Decimal("30000"), material_change=True)
    assert outcome.rent == Decimal("30000.00") and not outcome.capped
    assert outcome.phasing == (
        (D(2024, 7, 1), Decimal("26400.00")),
        (D(2025, 7, 1), Decimal("29040.00")),
        (D(2026, 7, 1), Decimal("30000.00")),
    )
    assert outcome.steps[-1].article == ARTICLE_PHASING


def test_l145_38_refuses_a_request_before_three_years():
    with pytest.raises(IndexationError) as exc:
        revise(requested_on=D(2024, 6, 30))
    assert exc.value.field == "requested_on"


RENEWAL_VALUES = {("ILC", (2019, 1)): Decimal("114.64"), ("ILC", (2028, 1)): Decimal("143.30")}


def renew(**kwargs):
    base = {"index": "ILC", "initial_rent": Decimal("20000"), "start": D(2019, 4, 1),
                "reference_quarter": (2019, 1), "renewal_on": D(2028, 4, 1),
                "renewal_quarter": (2028, 1), "values": RENEWAL_VALUES}  # fmt: skip
    return renewal(**{**base, **kwargs})


def test_l145_34_renewal_capped_at_the_index_variation_over_the_lease():
    # 20000 × 143.30 / 114.64 = 20000 × 1.25 = 25000.00 exactly.
    outcome = renew()
    assert outcome.capped and outcome.cap == Decimal("25000.00")
    assert outcome.rent == Decimal("25000.00")
    assert renew(rental_value=Decimal("22000")).rent == Decimal("22000.00")
    assert outcome.steps[0].article == ARTICLE_RENEWAL


def test_l145_34_no_cap_above_nine_years_by_contract_or_twelve_by_prolongation():
    ten = renew(contractual_years=10, rental_value=Decimal("28000"), current_rent=Decimal("24000"))
    assert not ten.capped and ten.rent == Decimal("28000.00")
    # 24000 → 26400.00 → 28000.00 (10 % of the previous year's rent at most).
    assert ten.phasing == ((D(2028, 4, 1), Decimal("26400.00")),
                           (D(2029, 4, 1), Decimal("28000.00")))  # fmt: skip
    late = renew(renewal_on=D(2031, 4, 2))  # 12 years and a day after the start
    assert not late.capped and late.rent is None
    exactly_twelve = renew(renewal_on=D(2031, 4, 1))
    assert exactly_twelve.capped


@settings(deadline=None)
@given(rent=st.decimals(min_value=1, max_value=10**6, places=2),
       value=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=2)),
       years=st.integers(min_value=1, max_value=3))  # fmt: skip
def test_revision_properties(rent, value, years):
    outcome = revise(rent=rent, rental_value=value, requested_on=D(2021 + 3, 7, 1),
                     request_quarter=(2021 + years, 1))  # fmt: skip
    ratio = VALUES[("ILC", (2021 + years, 1))] / VALUES[("ILC", (2021, 1))]
    assert outcome.cap == (rent * ratio).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert outcome.rent <= outcome.cap
    if value is not None:
        assert outcome.rent == min(value, outcome.cap)


@settings(deadline=None)
@given(previous=st.decimals(min_value=1, max_value=10**6, places=2),
       factor=st.decimals(min_value=0, max_value=5, places=3))  # fmt: skip
def test_phasing_properties(previous, factor):
    target = (previous * factor).quantize(Decimal("0.01"))
    rows = phase(previous, target, D(2030, 1, 1))
    last = previous
    for _day, rent in rows:
        assert rent <= (last * Decimal("1.10")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert rent > last
        last = rent
    if rows:
        assert rows[-1][1] == target
    else:
        assert target <= (previous * Decimal("1.10")).quantize(Decimal("0.01"), ROUND_HALF_UP)
