"""The one amount parser (`cvv.core.amounts`) and the bounded form fields built on it."""

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

import cvv.www
from cvv.core.amounts import FRENCH, STRICT, AmountError, amount_pattern, parse_amount
from cvv.core.forms import AmountField, BoundedDateField, BoundedDateTimeField

GOOD = [
    ("0", STRICT, Decimal("0.00")),
    ("1234", STRICT, Decimal("1234.00")),
    ("1234.5", STRICT, Decimal("1234.50")),
    ("1234.56", STRICT, Decimal("1234.56")),
    ("999999999999.99", STRICT, Decimal("999999999999.99")),
    ("1234,56", FRENCH, Decimal("1234.56")),
    ("1 234,56", FRENCH, Decimal("1234.56")),
    ("1\u00a0234\u00a0567", FRENCH, Decimal("1234567.00")),
    ("12\u202f345.6", FRENCH, Decimal("12345.60")),
]
BAD = [
    "1e400000",
    "1E5",
    "9" * 4400,
    "9" * 13,  # 13 digits before the point: the columns hold 12
    "1_000",
    "١٢",  # Arabic-Indic digits
    "１２",  # full-width digits
    " 12",
    "12 ",
    "12\n",
    "+12",
    "-12",
    "-0",
    "012",
    "1.001",
    "1.",
    ".5",
    "",
    "NaN",
    "Infinity",
    "0x10",
    "1,5",  # strict: no comma
    "1 234",  # strict: no group separator
]


@pytest.mark.parametrize(("text", "grammar", "value"), GOOD)
def test_plain_decimal_notation_is_read(text, grammar, value):
    assert parse_amount(text, field="f", grammar=grammar) == value


@pytest.mark.parametrize("text", BAD)
def test_anything_else_is_refused_naming_the_field(text):
    with pytest.raises(AmountError) as exc:
        parse_amount(text, field="expenses[0].amount_ht")
    assert exc.value.field == "expenses[0].amount_ht"
    assert "expenses[0].amount_ht" in str(exc.value)


@pytest.mark.parametrize(
    "text", ["12 34", "1  234", "1 23", "1234 567", "1,234.5", "1.234,5", "1,2,3", "12,345"]
)
def test_french_grammar_groups_by_three_only(text):
    if text == "12,345":  # a comma with three decimals is not a thousands separator
        with pytest.raises(AmountError, match="deux décimales"):
            parse_amount(text, field="f", grammar=FRENCH)
        return
    with pytest.raises(AmountError):
        parse_amount(text, field="f", grammar=FRENCH)


def test_max_digits_follows_the_column():
    assert parse_amount("999", field="f", max_digits=5) == Decimal("999.00")
    with pytest.raises(AmountError, match="trop grand"):
        parse_amount("1000", field="f", max_digits=5)
    with pytest.raises(AmountError, match="sans décimales"):
        parse_amount("1.5", field="f", max_digits=12, decimal_places=0)


@pytest.mark.parametrize(
    "value", [Decimal("1e400000"), Decimal("NaN"), Decimal("-1"), Decimal("1.001"), 10**20, -1]
)
def test_numbers_from_code_are_bounded_the_same_way(value):
    with pytest.raises(AmountError):
        parse_amount(value, field="f")


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_every_column_value_round_trips_in_both_grammars(value):
    text = f"{value:f}"
    assert parse_amount(text, field="f") == value
    french = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert parse_amount(french, field="f", grammar=FRENCH) == value


@given(st.text(max_size=40))
def test_any_text_is_either_a_bounded_amount_or_an_amount_error(text):
    for grammar in (STRICT, FRENCH):
        try:
            value = parse_amount(text, field="f", grammar=grammar)
        except AmountError:
            continue
        assert Decimal(0) <= value < Decimal(10**12)
        assert value == value.quantize(Decimal("0.01"))


@given(st.from_regex(amount_pattern(), fullmatch=True))
def test_the_documented_pattern_is_accepted(text):
    parse_amount(text.rstrip("\n"), field="f")


def _form_classes():
    for module_info in pkgutil.walk_packages(cvv.www.__path__, "cvv.www."):
        if module_info.name.endswith(".forms"):
            module = importlib.import_module(module_info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_every_decimal_and_date_field_of_the_forms_is_bounded():
    """A class rule: no form reads an amount or a date with an unbounded Django field."""
    classes = list(_form_classes())
    assert len(classes) > 20
    for cls in classes:
        for name, field in cls.base_fields.items():
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            assert not isinstance(field, forms.DecimalField), where
            if isinstance(field, forms.FloatField):  # coordinates: bounded on both sides
                assert field.min_value is not None and field.max_value is not None, where
            if isinstance(field, forms.DateTimeField):
                assert isinstance(field, BoundedDateTimeField), where
            elif isinstance(field, forms.DateField):
                assert isinstance(field, BoundedDateField), where


def test_amount_field_gives_a_form_error_not_an_exception():
    field = AmountField(label="Montant", max_digits=14)
    assert field.clean(" 1 234,50 ") == Decimal("1234.50")
    for bad in ("1" * 20, "1e400000", "1_0", "abc", "-5"):
        with pytest.raises(forms.ValidationError):
            field.clean(bad)


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
def test_dates_outside_1900_2200_are_form_errors(text):
    with pytest.raises(forms.ValidationError, match="plage"):
        BoundedDateField().clean(text)
    with pytest.raises(forms.ValidationError, match="plage"):
        BoundedDateTimeField().clean(f"{text}T00:00")
    assert BoundedDateField().clean("2026-05-01") == datetime.date(2026, 5, 1)
