"""Helpers shared by the FIMACS services."""

import calendar
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def money(value, field) -> Decimal:
    """A non-negative amount to the cent, or a ValidationError naming the field."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, AttributeError):
        raise ValidationError({field: f"Montant illisible : « {value} »."}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"Montant illisible : « {value} »."})
    if amount < 0:
        raise ValidationError({field: "Le montant ne peut pas être négatif."})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: "Au plus deux décimales (centimes)."})
    return amount.quantize(Decimal("0.01"))
