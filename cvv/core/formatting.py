"""One French format for numbers, money and rates, everywhere (pages, e-mails, exports, PDFs).

Built on Django's l10n (`django.utils.numberformat` with the project's formats,
settings.FORMAT_MODULE_PATH = "cvv.formats"): thousands grouped by a narrow no-break space,
a decimal comma, a no-break space before the unit.

    money(Decimal("8250"))     -> "8 250,00 €"      money(8250, 0) -> "8 250 €"
    number(1234.5, 1)          -> "1 234,5"         percent(Decimal("0.5")) -> "50 %"
    of_place("Aulnay-sous-Bois") -> "d’Aulnay-sous-Bois"   of_place("Paris") -> "de Paris"

The template filters of the same names are builtins (cvv.core.templatetags.fr).
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import numberformat
from django.utils.formats import get_format

NBSP = "\u00a0"
EMPTY = "—"


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def number(value, places=None) -> str:
    """A number in French: 1 234,5 (`places` decimals, cut towards zero for money; None
    keeps its own decimals without trailing zeros)."""
    amount = _decimal(value)
    if amount is None:
        return EMPTY if value in (None, "") else str(value)
    if places is None:
        amount = amount.normalize() if amount != amount.to_integral_value() else amount.quantize(1)
    return numberformat.format(
        amount,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=places,
        grouping=get_format("NUMBER_GROUPING"),
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def money(value, places=2) -> str:
    """8 250,00 € (rounded down to the cent, the FIMACS rule; places=0: whole euros)."""
    amount = _decimal(value)
    if amount is None:
        return EMPTY if value in (None, "") else str(value)
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    return f"{number(amount, places)}{NBSP}€"


def percent(rate, places=None) -> str:
    """A rate stored as a fraction (0.50) shown as a percentage: 50 % (12,5 %)."""
    amount = _decimal(rate)
    if amount is None:
        return EMPTY if rate in (None, "") else str(rate)
    value = amount * 100
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{number(value, places)}{NBSP}%"


def points(value) -> str:
    """A value already in percent (12.5) with its sign: 12,5 %."""
    amount = _decimal(value)
    if amount is None:
        return EMPTY if value in (None, "") else str(value)
    return f"{number(amount)}{NBSP}%"


VOWELS = set("aeiouyhàâäéèêëîïôöùûüœæAEIOUYHÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")
# Place names starting with an aspirated h (no elision): « de Houilles », « de Hautmont ».
ASPIRATED_H = ("Houilles", "Hautes-", "Haut", "Hérouville", "Hay")


def of_place(name: str) -> str:
    """« d’Aulnay-sous-Bois », « de Paris », « du Blanc-Mesnil », « des Lilas »: the
    French elision and contraction before a place name."""
    name = (name or "").strip()
    if not name:
        return ""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    if name[0] in VOWELS and not name.startswith(ASPIRATED_H):
        return f"d’{name}"
    return f"de {name}"
