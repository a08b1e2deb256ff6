"""Pure date rules of the register: month arithmetic and the vacancy class.

Vacancy classes (FONCIERE_RULES.md §5, usual definitions of commercial vacancy used by the
Métropole's observatory and by the CNCC/Procos studies): frictional under 6 months,
cyclical from 6 months to 2 years, structural over 2 years."""

import calendar
import datetime as dt

from cvv.premises.enums import VacancyClass

FRICTIONAL_MONTHS = 6
STRUCTURAL_MONTHS = 24


def add_months(day: dt.date, months: int) -> dt.date:
    """The day bearing `day`'s number `months` months later (earlier when negative); the
    month's last day when it has no such day (31 January + 1 month = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def vacancy_class(since: dt.date | None, on: dt.date) -> str | None:
    """The vacancy class of a premises vacant since `since`, on day `on` (None when not
    vacant or `on` precedes `since`). 6 months exactly is cyclical, 2 years exactly too."""
    if since is None or on < since:
        return None
    if on < add_months(since, FRICTIONAL_MONTHS):
        return VacancyClass.FRICTIONAL
    if on <= add_months(since, STRUCTURAL_MONTHS):
        return VacancyClass.CYCLICAL
    return VacancyClass.STRUCTURAL


def vacancy_months(since: dt.date | None, on: dt.date) -> int | None:
    """Whole months of vacancy on `on`."""
    if since is None or on < since:
        return None
    months = (on.year - since.year) * 12 + on.month - since.month
    if add_months(since, months) > on:
        months -= 1
    return months
