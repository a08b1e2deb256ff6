"""Indexation (FONCIERE_RULES.md §2) — golden chains computed by hand, then properties."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvv.fonciere.indexation import (
    IndexationError,
    bundled_values,
    compute,
    index_rent,
)

CONTRACT = {
    "index": "ILC",
    "rent": "24000.00",
    "start": "2021-07-01",
    "reference_quarter": "2021-T1",
    "on": "2025-03-15",
    "sme": True,
}


def test_contract_example_with_sme_cap():
    # 2022-07-01: 24000 × 120.61 / 116.73 = 24797.74 (2022-T1 is before the cap period);
    # 2023-07-01: 128.68/120.61 − 1 = 6.69 % capped at 3.5 % (loi 2022-1158 art. 14):
    #   24797.74 × 1.035 = 25665.6609 → 25665.66;
    # 2024-07-01: 134.58/128.68 − 1 = 4.59 %, 2024-T1 still capped: 25665.66 × 1.035 =
    #   26563.9581 → 26563.96; 2025-07-01 is after `on`.
    out = compute(CONTRACT)
    assert [s["rent"] for s in out["steps"]] == ["24797.74", "25665.66", "26563.96"]
    assert [s["capped"] for s in out["steps"]] == [False, True, True]
    assert out["steps"][0] == {
        "date": "2022-07-01", "quarter": "2022-T1", "index": "120.61",
        "previous_index": "116.73", "variation": "0.0332", "capped": False, "rent": "24797.74",
    }  # fmt: skip
    assert out["rent"] == "26563.96"
    assert out["variation_since_setting"] == "0.1068"  # 26563.96 / 24000 − 1
    assert out["revision_possible"] is False


def test_without_sme_the_full_variation_applies():
    # 24797.74 × 128.68 / 120.61 = 26456.9537 → 26456.95;
    # 26456.95 × 134.58 / 128.68 = 27670.0057 → 27670.01; 27670.01 / 24000 − 1 = 15.29 %.
    out = compute({**CONTRACT, "sme": False})
    assert [s["rent"] for s in out["steps"]] == ["24797.74", "26456.95", "27670.01"]
    assert out["variation_since_setting"] == "0.1529"


def test_negative_variation_is_applied_and_ilat_is_never_capped():
    # The bundled ILC never fell over a whole year since 2019: synthetic values.
    values = {("ILC", (2024, 1)): Decimal("100"), ("ILC", (2025, 1)): Decimal("98")}
    result = index_rent(
        index="ILC", rent=Decimal("10000"), start=dt.date(2024, 6, 1),
        reference_quarter=(2024, 1), on=dt.date(2025, 6, 1), sme=True, values=values,
    )  # fmt: skip
    assert result.rent == Decimal("9800.00") and result.steps[0].variation == Decimal("-0.02")
    ilat = compute({**CONTRACT, "index": "ILAT", "reference_quarter": "2022-T1",
                    "start": "2022-07-01"})  # fmt: skip
    # ILAT: 24000 × 128.59 / 120.73 = 25562.4948 → 25562.49;
    # 25562.49 × 135.13 / 128.59 = 26862.5809 → 26862.58 (uncapped: the cap is the ILC's).
    assert [s["capped"] for s in ilat["steps"]] == [False, False]
    assert [s["rent"] for s in ilat["steps"]] == ["25562.49", "26862.58"]


def test_29_february_anniversary_moves_to_the_28th():
    out = compute({**CONTRACT, "start": "2020-02-29", "reference_quarter": "2019-T3",
                   "on": "2021-02-28", "sme": False})  # fmt: skip
    assert [s["date"] for s in out["steps"]] == ["2021-02-28"]


def test_revision_flag_above_25_percent():
    values = {("ILC", (2020, 1)): Decimal("100"), ("ILC", (2021, 1)): Decimal("126")}
    result = index_rent(
        index="ILC", rent=Decimal("1000"), start=dt.date(2020, 6, 1),
        reference_quarter=(2020, 1), on=dt.date(2021, 6, 1), sme=False, values=values,
    )  # fmt: skip
    assert result.revision_possible and result.rent == Decimal("1260.00")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"index": "ICC"}, "index"),
        ({"reference_quarter": "2021-Q1"}, "reference_quarter"),
        ({"start": "2021-13-01"}, "start"),
        ({"rent": "-1"}, "rent"),
        ({"rent": "abc"}, "rent"),
        ({"on": "2020-01-01"}, "on"),
        ({"on": "2030-01-01"}, "index"),  # 2026-T1 unknown
    ],
)
def test_bad_input_names_the_field(change, field):
    with pytest.raises(IndexationError) as exc:
        compute({**CONTRACT, **change})
    assert exc.value.field == field


QUARTERS = sorted(q for (index, q) in bundled_values() if index == "ILC")


@settings(deadline=None)
@given(
    st.decimals(min_value=Decimal("0"), max_value=Decimal("10000000"), places=2),
    st.sampled_from(QUARTERS[:12]),
    st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2022, 12, 31)),
    st.integers(0, 4000),
)
def test_sme_rent_never_exceeds_the_uncapped_rent_nor_35_percent_a_year(rent, quarter, start, d):
    on = start + dt.timedelta(d)
    years_known = 2024 - quarter[0]
    on = min(on, dt.date(start.year + years_known, start.month, min(start.day, 28)))
    common = {"index": "ILC", "rent": rent, "start": start, "reference_quarter": quarter, "on": on}
    capped = index_rent(**common, sme=True)
    free = index_rent(**common, sme=False)
    assert capped.rent <= free.rent
    assert len(capped.steps) == len(free.steps)
    previous = capped.initial_rent
    for step in capped.steps:
        if (2022, 2) <= step.quarter <= (2024, 1):
            assert step.rent <= (previous * Decimal("1.035")).quantize(Decimal("0.01")) + Decimal(
                "0.01"
            )
        previous = step.rent
