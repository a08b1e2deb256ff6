"""French display of amounts and rates in the FIMACS explanations (plain text, no HTML)."""

from decimal import Decimal

CENT = Decimal("0.01")


def euros(value: Decimal) -> str:
    """French display of an amount: 12 345,67 € (whole euros without decimals)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        text = f"{int(value):,}".replace(",", "\u202f")
    else:
        text = f"{value.quantize(CENT):,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text} €"


def exact_euros(value: Decimal) -> str:
    """An amount with all its decimals (5 000,495 €), where rounding to the cent would
    misstate what is rounded down next."""
    value = Decimal(value)
    if value == value.to_integral_value() or value.as_tuple().exponent >= -2:
        return euros(value)
    sign = "-" if value < 0 else ""
    whole, _, decimals = f"{abs(value):f}".partition(".")
    decimals = decimals.rstrip("0").ljust(2, "0")
    return sign + f"{int(whole):,}".replace(",", "\u202f") + f",{decimals} €"


def percent(rate: Decimal) -> str:
    value = (Decimal(rate) * 100).normalize()
    text = f"{value:f}".replace(".", ",")
    return f"{text} %"


def points(rate: Decimal) -> str:
    value = (Decimal(rate) * 100).normalize()
    return f"{value:f}".replace(".", ",") + " points"
