"""Read back what cvv.core.exports writes, cell by cell, to check what a spreadsheet sees."""

import csv
import io
import zipfile
from xml.etree import ElementTree

ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
FORMULA = "f"


def read_cells(content: bytes, fmt: str) -> list[list[tuple[object, str]]]:
    """Rows of (value, kind): kind is "f" for a formula, "s" for text, "n" for a number,
    "d" for a date, "" for an empty cell (CSV cells are all text, kind "s")."""
    if fmt == "csv":
        rows = csv.reader(io.StringIO(content.decode("utf-8"), newline=""))
        return [[(value, "s") for value in row] for row in rows]
    if fmt == "csv-excel":  # what Excel reads: BOM, then `;`-separated cells
        assert content.startswith(b"\xef\xbb\xbf"), "no byte order mark"
        rows = csv.reader(io.StringIO(content[3:].decode("utf-8"), newline=""), delimiter=";")
        return [[(value, "s") for value in row] for row in rows]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content)).active
        return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
    if fmt == "ods":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
        rows = []
        for row in root.iter(f"{{{ODS_NS['table']}}}table-row"):
            cells = []
            for cell in row.findall("table:table-cell", ODS_NS):
                if cell.get(f"{{{ODS_NS['table']}}}formula"):
                    kind = FORMULA
                else:
                    value_type = cell.get(f"{{{ODS_NS['office']}}}value-type") or ""
                    kind = {"string": "s", "float": "n", "date": "d"}.get(value_type, "")
                text = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", ODS_NS))
                cells.append((text, kind))
            rows.append(cells)
        return rows
    raise ValueError(fmt)


def column(content: bytes, fmt: str, header: str) -> list[tuple[object, str]]:
    """The cells below `header` (first row)."""
    rows = read_cells(content, fmt)
    index = [value for value, _ in rows[0]].index(header)
    return [row[index] for row in rows[1:]]
