"""French money display for the FIMACS pages: `{{ amount|eur }}` (to the cent) and
`{{ amount|eur0 }}` (whole euros); empty values show a dash."""

from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django import template

register = template.Library()
NBSP = "\u202f"


def _group(integer_part: str) -> str:
    sign = "-" if integer_part.startswith("-") else ""
    digits = integer_part.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + NBSP.join(groups or ["0"])


def _format(value, places):
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    quantum = Decimal(1).scaleb(-places)
    text = f"{amount.quantize(quantum, rounding=ROUND_DOWN):f}"
    integer, _, decimals = text.partition(".")
    return _group(integer) + (f",{decimals}" if places else "") + "\u00a0€"


@register.filter
def eur(value):
    return _format(value, 2)


@register.filter
def eur0(value):
    return _format(value, 0)
