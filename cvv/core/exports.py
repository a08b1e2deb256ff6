"""Tabular exports in the formats users ask for: CSV, XLSX and ODS."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
}


class UnknownFormat(ValueError):
    pass


def _cell(value):
    if value is None:
        return ""
    return value


def to_csv(columns, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key, _ in columns])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(columns, rows, *, sheet="Données") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.append([label for _, label in columns])
    for row in rows:
        values = []
        for key, _ in columns:
            value = row.get(key)
            values.append(float(value) if isinstance(value, Decimal) else value)
        worksheet.append(values)
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
                cell.addElement(P(text=str(value)))
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
    if fmt == "xlsx":
        return to_xlsx(columns, rows)
    if fmt == "ods":
        return to_ods(columns, rows)
    raise UnknownFormat(f"Format inconnu « {fmt} » : choisir parmi csv, xlsx, ods.")


def table_response(columns, rows, fmt, filename_stem) -> HttpResponse:
    content = render_table(columns, rows, fmt)
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}.{extension}"'
    return response
