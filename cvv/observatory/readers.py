"""Opening the official files (parquet, CSV, CSV inside a zip) with DuckDB, reading only
the needed columns, and answering bad files with a clear French error."""

import csv
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb


class ImportFileError(Exception):
    """A file the importer cannot use; the message says why, in French."""


@dataclass
class Source:
    path: Path  # the file DuckDB reads (the extracted CSV for a zip)
    label: str  # the file name shown to users
    fmt: str  # "parquet" | "csv"
    columns: list
    delimiter: str = ","
    temp_dir: Path | None = None
    notes: list = field(default_factory=list)

    def cleanup(self):
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)

    def relation_sql(self, columns, *, rejects=False):
        """SQL table expression reading `columns` of the file (projection pushed down)."""
        quoted = ", ".join(f'"{c}"' for c in columns)
        path = str(self.path).replace("'", "''")
        if self.fmt == "parquet":
            return f"(SELECT {quoted} FROM read_parquet('{path}'))"
        options = (
            f"delim='{self.delimiter}', header=true, all_varchar=true, quote='\"', "
            "escape='\"', auto_detect=false, "
            f"columns={{{', '.join(repr(c) + ': ' + repr('VARCHAR') for c in self.columns)}}}"
        )
        if rejects:
            options += ", store_rejects=true"
        return f"(SELECT {quoted} FROM read_csv('{path}', {options}))"


def open_source(path, *, label=None, work_dir: Path) -> Source:
    path = Path(path)
    label = label or path.name
    if not path.exists():
        raise ImportFileError(f"Fichier introuvable : {path}.")
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(f"{label} : le fichier est vide.")
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(max(size - 4, 0))  # files of fewer than 4 bytes are not parquet
        tail = handle.read(4)
    if head == b"PAR1":
        if tail != b"PAR1":
            raise ImportFileError(
                f"{label} : fichier parquet tronqué ou illisible (pied de fichier absent)."
            )
        return Source(path, label, "parquet", _parquet_columns(path, label))
    if head[:2] == b"PK":
        return _open_zip(path, label, work_dir)
    delimiter, columns = _csv_header(path, label)
    return Source(path, label, "csv", columns, delimiter=delimiter)


def _parquet_columns(path, label):
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise ImportFileError(f"{label} : fichier parquet illisible ou tronqué ({exc}).") from None


def _open_zip(path, label, work_dir):
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError(f"{label} : archive zip illisible ou tronquée.") from None
    with archive:
        members = [
            m for m in archive.infolist() if m.filename.lower().endswith((".csv", ".parquet"))
        ]
        if len(members) != 1:
            names = ", ".join(m.filename for m in archive.infolist()) or "aucun fichier"
            raise ImportFileError(
                f"{label} : l’archive doit contenir exactement un fichier CSV ou parquet "
                f"(trouvé : {names})."
            )
        member = members[0]
        work_dir.mkdir(parents=True, exist_ok=True)
        temp_dir = Path(work_dir)
        target = temp_dir / Path(member.filename).name
        try:
            with archive.open(member) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 16 * 1024 * 1024)
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as exc:
            shutil.rmtree(temp_dir, ignore_errors=True)
            raise ImportFileError(
                f"{label} : archive zip tronquée ou corrompue ({member.filename} : {exc})."
            ) from None
    inner_label = f"{label} › {member.filename}"
    source = open_source(target, label=inner_label, work_dir=temp_dir / "inner")
    source.temp_dir = temp_dir
    return source


def _csv_header(path, label):
    with path.open("rb") as handle:
        first = handle.readline(1024 * 1024)
    try:
        text = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:  # Latin-1 decodes any byte
        text = first.decode("latin-1").rstrip("\r\n")
    if not text or "\x00" in text:
        raise ImportFileError(
            f"{label} : fichier illisible (ni parquet, ni zip, ni CSV avec une ligne d’en-tête)."
        )
    delimiter = ";" if text.count(";") > text.count(",") else ","
    columns = [c.strip() for c in next(csv.reader([text], delimiter=delimiter))]
    return delimiter, columns


def require_columns(source: Source, needed, *, what):
    missing = [c for c in needed if c not in source.columns]
    if missing:
        raise ImportFileError(
            f"{source.label} : colonne(s) manquante(s) pour un fichier {what} : "
            f"{', '.join(missing)}."
        )


def count_csv_rows(path: Path) -> int:
    """Data lines of a CSV (fast byte count; the header is not counted)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(16 * 1024 * 1024):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)


def connect(temp_dir: Path | None = None, memory_limit="1GB"):
    con = duckdb.connect(config={"threads": 2, "memory_limit": memory_limit})
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory='{temp_dir}'")
    con.execute("SET enable_progress_bar=false")
    return con


def duckdb_error_message(source_label, exc) -> str:
    text = str(exc).split("\n")[0]
    return f"{source_label} : lecture impossible, fichier illisible ou tronqué ({text})."
