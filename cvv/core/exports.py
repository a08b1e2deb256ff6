"""Tabular exports in the formats users ask for: CSV, CSV for Excel, XLSX and ODS.

"CSV (Excel)" is what a French Excel opens by a double click without the import wizard:
UTF-8 with a byte order mark (else accents are read as Windows-1252), `;` as separator
(the list separator of the French locale), decimal comma and dates as dd/mm/yyyy. Plain
CSV stays RFC 4180 (comma, decimal point, ISO dates) for programs.

Every text cell goes through `neutralise` (formula injection, OWASP "CSV injection"):
text that a spreadsheet would read as a formula or a DDE command gets a leading `'`.
Numbers, dates and booleans are written as such and never altered; booleans read "oui" /
"non" in CSV and ODS (XLSX keeps its native boolean cells).
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from cvv.core.downloads import file_response

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-excel": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
}


_FORMAT_LIST = ", ".join(FORMATS)
# The names shown next to the export links, in this order.
FORMAT_LABELS = {"csv": "CSV", "csv-excel": "CSV (Excel)", "xlsx": "XLSX", "ods": "ODS"}


class UnknownFormat(ValueError):
    pass


# Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) evaluate a cell
# typed or imported as text: = + - @ (formula, DDE), tab and CR/LF (which some
# importers strip before looking at the next character), and their full-width forms.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# Blanks that some importers trim before looking at the first character (" =1+1").
_LEADING_BLANKS = " \u00a0\u202f\u3000\x0b\x0c"
# Control characters XML 1.0 cannot carry: openpyxl refuses them and odfpy writes a file
# that no spreadsheet opens. They are dropped from XLSX and ODS text.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(value):
    """The value, with text that could run as a formula made inert by a leading `'`.

    Only `str` values are touched: an int, Decimal or float (a negative amount
    included) stays a number. The single entry point for every export writer."""
    if not isinstance(value, str) or not value:
        return value
    stripped = value.lstrip(_LEADING_BLANKS)
    if stripped and stripped[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


_TYPED = (bool, int, float, Decimal, date, datetime)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, _TYPED):
        return value
    return neutralise(str(value))


def _text(value: str) -> str:
    return _XML_ILLEGAL.sub("", neutralise(value))


def _csv_cell(value):
    if isinstance(value, bool):  # as in ODS, not Python's True/False
        return "oui" if value else "non"
    return _cell(value)


def to_csv(columns, rows) -> bytes:
    buffer = io.StringIO()
    # CRLF (RFC 4180): Python 3.11 quotes a field holding a lone CR only when CR is
    # part of the line terminator; unquoted, that CR would split the row in two.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(label) for _, label in columns])
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key, _ in columns])
    return buffer.getvalue().encode("utf-8")


def _excel_csv_cell(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | float):
        return format(value, "f" if isinstance(value, Decimal) else "").replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return _cell(value)


def to_excel_csv(columns, rows) -> bytes:
    """CSV that Excel in French opens as is: BOM, `;`, decimal comma, dd/mm/yyyy; text
    neutralised as in every format (a negative number is a number, never text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_cell(label) for _, label in columns])
    for row in rows:
        writer.writerow([_excel_csv_cell(row.get(key)) for key, _ in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(worksheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        return float(value)
    if value is not None and not isinstance(value, _TYPED):
        cell = WriteOnlyCell(worksheet, value=_text(str(value)))
        # Text is text: never let openpyxl store it as a formula, whatever it starts with.
        cell.data_type = "s"
        return cell
    return value


def to_xlsx(columns, rows, *, sheet="Données") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.append([_xlsx_cell(worksheet, label) for _, label in columns])
    for row in rows:
        worksheet.append([_xlsx_cell(worksheet, row.get(key)) for key, _ in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_ods(columns, rows, *, sheet="Données") -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet[:31])

    def add_row(values):
        table_row = TableRow()
        for value in values:
            if isinstance(value, bool):
                cell = TableCell(valuetype="string")
                cell.addElement(P(text="oui" if value else "non"))
            elif isinstance(value, int | float | Decimal):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            elif isinstance(value, datetime | date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            elif value is None or value == "":
                cell = TableCell()
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=_text(str(value))))
            table_row.addElement(cell)
        table.addElement(table_row)

    add_row([label for _, label in columns])
    for row in rows:
        add_row([row.get(key) for key, _ in columns])
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def render_table(columns, rows, fmt) -> bytes:
    """`columns`: list of (key, header); `rows`: iterable of dicts."""
    rows = list(rows)
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "csv-excel":
        return to_excel_csv(columns, rows)
    if fmt == "xlsx":
        return to_xlsx(columns, rows)
    if fmt == "ods":
        return to_ods(columns, rows)
    raise UnknownFormat(f"Format inconnu « {fmt} » : choisir parmi {_FORMAT_LIST}.")


def table_response(columns, rows, fmt, filename_stem):
    content = render_table(columns, rows, fmt)
    content_type, extension = FORMATS[fmt]
    suffix = "_excel" if fmt == "csv-excel" else ""
    return file_response(
        content, filename=f"{filename_stem}{suffix}.{extension}", content_type=content_type
    )
