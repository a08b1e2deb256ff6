"""Vacancy classes (FONCIERE_RULES.md §5: frictional < 6 months, cyclical 6 months–2 years,
structural > 2 years) and month arithmetic, by hand and by property."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from cvv.premises.vacancy import add_months, vacancy_class, vacancy_months

D = dt.date


def test_add_months_golden():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)
    assert add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)


def test_vacancy_class_golden():
    since = D(2024, 3, 1)
    assert vacancy_class(since, D(2024, 8, 31)) == "frictionnelle"  # 5 months 30 days
    assert vacancy_class(since, D(2024, 9, 1)) == "conjoncturelle"  # 6 months exactly
    assert vacancy_class(since, D(2026, 3, 1)) == "conjoncturelle"  # 2 years exactly
    assert vacancy_class(since, D(2026, 3, 2)) == "structurelle"
    assert vacancy_class(since, D(2024, 2, 1)) is None
    assert vacancy_class(None, D(2024, 2, 1)) is None
    assert vacancy_months(since, D(2024, 8, 31)) == 5
    assert vacancy_months(since, D(2024, 9, 1)) == 6


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@settings(deadline=None)
@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_keeps_the_day_or_ends_the_month(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + dt.timedelta(1)).day == 1)


ORDER = ["frictionnelle", "conjoncturelle", "structurelle"]


@settings(deadline=None)
@given(dates, st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=500))
def test_vacancy_class_never_goes_back(since, days, more):
    first = since + dt.timedelta(days)
    later = first + dt.timedelta(more)
    assert ORDER.index(vacancy_class(since, first)) <= ORDER.index(vacancy_class(since, later))
    months = vacancy_months(since, first)
    assert add_months(since, months) <= first < add_months(since, months + 1)
    expected = (
        "frictionnelle"
        if months < 6
        else "structurelle"
        if first > add_months(since, 24)
        else "conjoncturelle"
    )
    assert vacancy_class(since, first) == expected
