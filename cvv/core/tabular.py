"""Reading a small table typed by people (CSV or XLSX) with hard bounds: file size, expanded
size of the workbook's zip (declared and real, read with a cap), number of rows. Used by the
list imports of the modules (participations in other programmes…).

`read_table(data, label, max_bytes=…, max_rows=…)` returns (header, rows as dicts) or raises
`TableError` with a French message naming `label`."""

import csv
import io
import zipfile
import zlib

DEFAULT_MAX_BYTES = 10 * 1024**2
DEFAULT_MAX_ROWS = 20_000


class TableError(ValueError):
    pass


def _megabytes(size):
    return f"{size / 1024**2:,.0f} Mo".replace(",", " ")


def _check_zip(data: bytes, label, max_bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > max_bytes:
                raise TableError(
                    f"{label} : fichier refusé, il dépasse {_megabytes(max_bytes)} une fois "
                    "décompressé."
                )
            total = 0
            for member in members:
                with archive.open(member) as handle:
                    seen = 0
                    while chunk := handle.read(1024 * 1024):
                        seen += len(chunk)
                        total += len(chunk)
                        if seen > member.file_size or total > max_bytes:
                            raise TableError(
                                f"{label} : fichier refusé, il dépasse "
                                f"{_megabytes(max_bytes)} une fois décompressé."
                            )
    except TableError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error):
        raise TableError(f"{label} : classeur XLSX illisible ou tronqué.") from None


def _too_many(label, max_rows):
    return TableError(f"{label} : plus de {max_rows} lignes, fichier refusé.")


def read_table(
    data: bytes, label, *, max_bytes=DEFAULT_MAX_BYTES, max_rows=DEFAULT_MAX_ROWS, max_columns=60
):
    if len(data) > max_bytes:
        raise TableError(f"{label} : fichier refusé, il dépasse {_megabytes(max_bytes)}.")
    if data[:2] == b"PK":
        from openpyxl import load_workbook

        _check_zip(data, label, max_bytes)
        workbook = None
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = workbook.worksheets[0].iter_rows(values_only=True, max_col=max_columns)
            first = next(rows, None)
            if first is None:
                raise TableError(f"{label} : la feuille est vide.")
            header = [str(c or "").strip() for c in first]
            result = []
            for row in rows:
                if any(c not in (None, "") for c in row):
                    if len(result) >= max_rows:
                        raise _too_many(label, max_rows)
                    result.append(dict(zip(header, row, strict=False)))
            return header, result
        except TableError:
            raise
        except Exception:
            raise TableError(f"{label} : classeur XLSX illisible ou tronqué.") from None
        finally:
            if workbook is not None:
                workbook.close()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise TableError(f"{label} : le fichier est vide.")
    reader.fieldnames = header
    result = []
    for row in reader:
        if any((v or "").strip() for v in row.values() if isinstance(v, str)):
            if len(result) >= max_rows:
                raise _too_many(label, max_rows)
            result.append(row)
    return header, result
