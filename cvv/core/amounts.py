"""The one parser of amounts typed or sent by users (API, command line, forms, services).

Grammar (checked by a strict regular expression on ASCII text *before* any conversion to
`Decimal`, after a length bound checked first of all):

- ``strict`` (API, command line): ``1234`` or ``1234.56`` — ASCII digits, no sign, no leading
  zero (except ``0`` / ``0.5``), a dot and one or two decimals; no exponent, no underscore,
  no thousands separator, no whitespace anywhere.
- ``french`` (web forms): the strict form, or a comma as decimal separator (``1234,56``), and
  thousands grouped by three with a single space, no-break space or narrow no-break space
  (``1 234 567,89``). Surrounding whitespace is removed by the form field beforehand; none is
  accepted inside except those group separators.

At most ``max_digits`` digits in all (the model column's ``max_digits``) and at most
``decimal_places`` decimals (two: cents). Amounts are never negative. Anything else raises
`AmountError(field, message)` with a French message; callers turn it into a 400 naming the
field (API), exit status 2 (command line), a form error or a ValidationError (services).
"""

import re
from decimal import Decimal

DEFAULT_MAX_DIGITS = 14  # the money columns: DecimalField(max_digits=14, decimal_places=2)
DEFAULT_DECIMAL_PLACES = 2
_GROUP_SEPARATORS = " \u00a0\u202f"
STRICT = "strict"
FRENCH = "french"
_STRICT = re.compile(r"(?P<int>0|[1-9][0-9]*)(?:\.(?P<dec>[0-9]+))?")
_FRENCH = re.compile(
    r"(?P<int>0|[1-9][0-9]{0,2}(?:[ \u00a0\u202f][0-9]{3})+|[1-9][0-9]*)(?:[.,](?P<dec>[0-9]+))?"
)


class AmountError(ValueError):
    def __init__(self, field, message):
        super().__init__(f"champ « {field} » : {message}")
        self.field = field
        self.message = message


def amount_pattern(*, max_digits=DEFAULT_MAX_DIGITS, decimal_places=DEFAULT_DECIMAL_PLACES):
    """The strict grammar as a JSON-schema/OpenAPI `pattern` (for the API documents)."""
    integer = max_digits - decimal_places
    decimals = rf"(\.[0-9]{{1,{decimal_places}}})?" if decimal_places else ""
    return rf"^(0|[1-9][0-9]{{0,{integer - 1}}}){decimals}$"


def max_length(*, max_digits=DEFAULT_MAX_DIGITS, grammar=STRICT):
    """Longest text either grammar can accept for `max_digits` digits."""
    separators = max_digits // 3 if grammar == FRENCH else 0
    return max_digits + 1 + separators


def parse_amount(
    value,
    *,
    field,
    max_digits=DEFAULT_MAX_DIGITS,
    decimal_places=DEFAULT_DECIMAL_PLACES,
    grammar=STRICT,
) -> Decimal:
    """A non-negative `Decimal` with `decimal_places` places, or `AmountError` naming `field`.

    `value` is text (the grammar above), an `int` or a `Decimal` (already parsed by a trusted
    caller, e.g. a form's cleaned data: bounded the same way without converting to text)."""
    if isinstance(value, bool):
        raise AmountError(field, _expected(grammar))
    if isinstance(value, int | Decimal):
        return _bounded_number(value, field, max_digits, decimal_places)
    if not isinstance(value, str):
        raise AmountError(field, _expected(grammar))
    if len(value) > max_length(max_digits=max_digits, grammar=grammar):
        raise AmountError(field, f"montant trop long (au plus {max_digits} chiffres)")
    match = (_FRENCH if grammar == FRENCH else _STRICT).fullmatch(value)
    if match is None:
        if value.startswith("-"):
            raise AmountError(field, f"montant négatif : {value}")
        raise AmountError(field, f"montant illisible « {value} » ({_expected(grammar)})")
    integer = match["int"].translate({ord(c): None for c in _GROUP_SEPARATORS})
    decimals = match["dec"] or ""
    if len(decimals) > decimal_places:
        raise AmountError(field, _places(decimal_places, value))
    if len(integer) > max_digits - decimal_places:
        raise AmountError(field, _too_big(max_digits, decimal_places))
    text = f"{integer}.{decimals}" if decimals else integer
    return Decimal(text).quantize(Decimal(1).scaleb(-decimal_places))


def _bounded_number(value, field, max_digits, decimal_places):
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(field, f"montant illisible : {value}")
        if value.is_signed() and value != 0:
            raise AmountError(field, f"montant négatif : {value}")
        # adjusted() is the exponent of the leading digit: bounded without any arithmetic
        if value != 0 and value.adjusted() >= max_digits - decimal_places:
            raise AmountError(field, _too_big(max_digits, decimal_places))
        if value != 0 and value.as_tuple().exponent < -(max_digits + decimal_places):
            raise AmountError(field, _places(decimal_places, value))
        quantum = Decimal(1).scaleb(-decimal_places)
        quantized = value.quantize(quantum)
        if quantized != value:
            raise AmountError(field, _places(decimal_places, value))
        return abs(quantized)
    if value < 0:
        raise AmountError(field, f"montant négatif : {value}")
    if value >= 10 ** (max_digits - decimal_places):
        raise AmountError(field, _too_big(max_digits, decimal_places))
    return Decimal(value).quantize(Decimal(1).scaleb(-decimal_places))


def _expected(grammar):
    if grammar == FRENCH:
        return "notation attendue : 1200,50 ou 1 200,50"
    return 'notation décimale simple attendue, par exemple "1200.50"'


def _places(decimal_places, value):
    if decimal_places == 2:
        return f"au plus deux décimales (centimes) : {value}"
    if decimal_places == 0:
        return f"un montant en euros entiers, sans décimales : {value}"
    return f"au plus {decimal_places} décimales : {value}"


def _too_big(max_digits, decimal_places):
    return f"montant trop grand (au plus {max_digits - decimal_places} chiffres avant la virgule)"
