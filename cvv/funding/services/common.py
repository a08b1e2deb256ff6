"""Helpers shared by the FIMACS services."""

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from cvv.core.amounts import DEFAULT_MAX_DIGITS, FRENCH, AmountError, parse_amount


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def money(value, field, *, max_digits=DEFAULT_MAX_DIGITS, decimal_places=2) -> Decimal:
    """A non-negative amount to the cent (text in the forms' French grammar, or a Decimal
    from a form), parsed by `cvv.core.amounts`; a ValidationError naming the field."""
    try:
        return parse_amount(
            value if isinstance(value, Decimal | int) else str(value).strip(),
            field=field,
            max_digits=max_digits,
            decimal_places=decimal_places,
            grammar=FRENCH,
        )
    except AmountError as exc:
        raise ValidationError({field: f"{exc.message[:1].upper()}{exc.message[1:]}."}) from None
