from decimal import Decimal

from cvv.funding.templatetags.fimacs import eur, eur0


def test_french_money_display():
    assert eur(Decimal("23600")) == "23\u202f600,00\u00a0€"
    assert eur(Decimal("1234567.891")) == "1\u202f234\u202f567,89\u00a0€"
    assert eur0(Decimal("47200.00")) == "47\u202f200\u00a0€"
    assert eur0("63000") == "63\u202f000\u00a0€"
    assert eur(None) == "—" and eur0("") == "—"
    assert eur(Decimal("-5")) == "-5,00\u00a0€"
