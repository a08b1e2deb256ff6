"""French display of the foncière's figures: `{{ amount|euros }}` (8 250,00 €),
`{{ fraction|percent }}` (3,32 %), `{{ day|jour }}` (lundi 31/03/2025)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import date_format

register = template.Library()
NNBSP = "\u202f"


def _french(value: Decimal, places: int) -> str:
    text = f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}"
    sign = "-" if text.startswith("-") else ""
    integer, _, decimals = text.lstrip("-").partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    return sign + NNBSP.join(groups or ["0"]) + (f",{decimals}" if decimals else "")


@register.filter
def euros(value):
    if value is None or value == "":
        return "—"
    return _french(Decimal(str(value)), 2) + "\u00a0€"


@register.filter
def percent(value):
    if value is None:
        return "—"
    return _french(Decimal(str(value)) * 100, 2) + "\u00a0%"


@register.filter
def jour(value):
    return date_format(value, "l d/m/Y") if value else "—"
