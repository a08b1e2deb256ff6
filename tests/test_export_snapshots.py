"""Snapshot of one exported file of each format (CSV, CSV for Excel, XLSX, ODS): the parsed
content — sheet names, header, each cell's value and type — compared with tests/snapshots/, not the
bytes (which carry timestamps). `UPDATE_SNAPSHOTS=1` rewrites the snapshot after a change
that is meant; review its diff like code."""

import csv
import datetime
import io
import json
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cvv.core.exports import render_table

SNAPSHOT = Path(__file__).parent / "snapshots" / "exports.json"

# Every kind of value the platform exports; no text starts with = + - @ (formula-like
# text is another test's business).
COLUMNS = [
    ("reference", "Référence"),
    ("commune", "Commune"),
    ("amount", "Montant (€)"),
    ("count", "Pièces"),
    ("rate", "Taux"),
    ("date", "Déposé le"),
    ("paid", "Versé"),
    ("note", "Observation"),
]
ROWS = [
    {
        "reference": "FIM-2026-0001",
        "commune": "Aulnay-sous-Bois",
        "amount": Decimal("63000.50"),
        "count": 4,
        "rate": 0.4,
        "date": datetime.date(2026, 3, 15),
        "paid": True,
        "note": "Vitrines « rue de Paris », 2ᵉ tranche",
    },
    {
        "reference": "FIM-2026-0002",
        "commune": "L’Île-Saint-Denis",
        "amount": Decimal("0"),
        "count": 0,
        "rate": 0.5,
        "date": None,
        "paid": False,
        "note": None,
    },
]


def _typed(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return ["date", value.isoformat()]
    return [type(value).__name__, value]


def parse_csv(content):
    return {"rows": list(csv.reader(io.StringIO(content.decode("utf-8"))))}


def parse_excel_csv(content):
    return {
        "bom": content.startswith(b"\xef\xbb\xbf"),
        "rows": list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")),
    }


def parse_xlsx(content):
    workbook = load_workbook(io.BytesIO(content))
    return {
        "sheets": workbook.sheetnames,
        "rows": [
            [_typed(cell) for cell in row]
            for row in workbook[workbook.sheetnames[0]].iter_rows(values_only=True)
        ],
    }


def parse_ods(content):
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        mimetype = archive.read("mimetype").decode()
    document = load(io.BytesIO(content))
    tables = document.spreadsheet.getElementsByType(Table)
    rows = []
    for row in tables[0].getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            kind = cell.attributes.get((OFFICENS, "value-type"))
            value = cell.attributes.get((OFFICENS, "value")) or cell.attributes.get(
                (OFFICENS, "date-value")
            )
            text = "".join(str(p) for p in cell.getElementsByType(P))
            cells.append([kind, value, text])
        rows.append(cells)
    return {
        "mimetype": mimetype,
        "sheets": [t.attributes.get((TABLENS, "name")) for t in tables],
        "rows": rows,
    }


PARSERS = {
    "csv": parse_csv,
    "csv-excel": parse_excel_csv,
    "xlsx": parse_xlsx,
    "ods": parse_ods,
}


def parsed_exports():
    return {fmt: parse(render_table(COLUMNS, ROWS, fmt)) for fmt, parse in PARSERS.items()}


def test_snapshot_rows_have_no_formula_like_text():
    texts = [v for row in ROWS for v in row.values() if isinstance(v, str)]
    assert not [t for t in texts if t[:1] in "=+-@\t\r"]


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_export_matches_its_snapshot(fmt):
    current = json.loads(json.dumps(parsed_exports()[fmt], ensure_ascii=False))
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
        snapshot[fmt] = current
        SNAPSHOT.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n")
    expected = json.loads(SNAPSHOT.read_text())[fmt]
    assert current == expected
