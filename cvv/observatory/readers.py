"""Opening the official files (parquet, CSV, CSV inside a zip or gzip) with DuckDB, reading
only the needed columns, and answering bad files with a clear French error.

Nothing read from a file ever becomes SQL: CSV columns are selected by position under
generated names (c0, c1…) after the header has been checked against the columns needed,
identifiers are quoted by doubling, string literals (paths) by doubling. As a second wall,
every DuckDB connection is confined to the files and directories the step needs
(`allowed_paths`, `allowed_directories`, `enable_external_access=false`) and its
configuration is locked. Archives are bounded before and while they are expanded
(see limits.py)."""

import contextlib
import csv
import gzip
import re
import shutil
import tempfile
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cvv.observatory import limits
from cvv.observatory.errors import ImportFileError

__all__ = [
    "ImportFileError",
    "Source",
    "connect",
    "ident",
    "literal",
    "open_source",
    "session",
]

CHUNK = 16 * 1024 * 1024
# What a header cell may be. Cells are never put into SQL, but one that cannot be a column
# name (quotes, parentheses, semicolons…) is refused outright rather than carried along.
COLUMN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ .\-]{0,79}")


def literal(text) -> str:
    """A SQL string literal (single quotes doubled)."""
    text = str(text)
    if "\x00" in text:
        raise ImportFileError("Chemin ou valeur invalide (caractère nul).")
    return "'" + text.replace("'", "''") + "'"


def ident(name) -> str:
    """A SQL identifier (double quotes doubled)."""
    return '"' + str(name).replace('"', '""') + '"'


def trimmed(expression) -> str:
    """DuckDB's `trim` of a text expression, paid only by values that start or end with a
    space: trimming every value of every column was ~a third of the SIRENE import's work,
    while official files have no padding."""
    value = f"CAST({expression} AS VARCHAR)"
    return (
        f"(CASE WHEN starts_with({value}, ' ') OR ends_with({value}, ' ') THEN trim({value}) "
        f"ELSE {value} END)"
    )


@dataclass
class Source:
    path: Path  # the file DuckDB reads (the extracted file for a zip or gzip)
    label: str  # the file name shown to users
    fmt: str  # "parquet" | "csv"
    columns: list
    delimiter: str = ","
    temp_dir: Path | None = None
    notes: list = field(default_factory=list)

    def cleanup(self):
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)

    def relation_sql(self, columns, *, rejects=False, row_number=False):
        """SQL table expression reading `columns` of the file (projection pushed down).
        CSV columns are read by position under generated names: the header is data.
        With `row_number`, a column `_row`: the row's index in a parquet file (how far the
        read went, for the progress shown), NULL for a CSV (DuckDB's progress tells)."""
        missing = [c for c in columns if c not in self.columns]
        if missing:
            raise ImportFileError(f"{self.label} : colonne(s) manquante(s) : {', '.join(missing)}.")
        path = literal(self.path)
        if self.fmt == "parquet":
            select = ", ".join(ident(c) for c in columns)
            if row_number:
                return (
                    f"(SELECT {select}, file_row_number AS _row "
                    f"FROM read_parquet({path}, file_row_number=true))"
                )
            return f"(SELECT {select} FROM read_parquet({path}))"
        types = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(self.columns)))
        select = ", ".join(f"c{self.columns.index(c)} AS {ident(c)}" for c in columns)
        if row_number:
            select += ", NULL::BIGINT AS _row"
        options = (
            f"delim={literal(self.delimiter)}, header=true, all_varchar=true, quote='\"', "
            f"escape='\"', auto_detect=false, compression='none', columns={{{types}}}"
        )
        if rejects:
            options += ", store_rejects=true"
        return f"(SELECT {select} FROM read_csv({path}, {options}))"


def open_source(path, *, label=None, work_dir: Path, nested=False) -> Source:
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
        return Source(path, label, "parquet", _parquet_columns(path, label, size))
    if head[:2] in (b"PK", b"\x1f\x8b"):
        if nested:
            raise ImportFileError(f"{label} : archive dans une archive, refusée.")
        if head[:2] == b"PK":
            return _open_zip(path, label, work_dir)
        return _open_gzip(path, label, work_dir)
    delimiter, columns = _csv_header(path, label)
    return Source(path, label, "csv", columns, delimiter=delimiter)


def _check_header(label, columns):
    for number, name in enumerate(columns, start=1):
        if name and not COLUMN_NAME.fullmatch(name):
            shown = name if len(name) <= 40 else f"{name[:40]}…"
            raise ImportFileError(
                f"{label} : en-tête refusé, la colonne n° {number} « {shown} » n’est pas un "
                "nom de colonne (lettres, chiffres, « _ », espace, point ou tiret ; 80 "
                "caractères au plus)."
            )
    return columns


def _parquet_columns(path, label, size):
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(path).metadata
        names = list(metadata.schema.to_arrow_schema().names)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise ImportFileError(f"{label} : fichier parquet illisible ou tronqué ({exc}).") from None
    limits.check_rows(label, metadata.num_rows)
    expanded = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    limits.check_ratio(label, expanded, size)
    return _check_header(label, names)


def _copy_bounded(src, dst, *, label, declared, compressed):
    """Copy an archive member, never writing more than it declared nor than the limits."""
    written = 0
    while chunk := src.read(CHUNK):
        written += len(chunk)
        if declared is not None and written > declared:
            raise ImportFileError(
                f"{label} : archive refusée, le fichier décompressé dépasse la taille annoncée "
                "par l’archive (en-tête falsifié ?)."
            )
        limits.check_ratio(label, written, compressed)
        dst.write(chunk)
    return written


def _check_space(label, folder, needed):
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise ImportFileError(
            f"{label} : espace disque insuffisant pour décompresser l’archive "
            f"({limits.megabytes(needed)} nécessaires, {limits.megabytes(free)} libres)."
        )


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
        # Sizes from the central directory, checked before anything is expanded.
        limits.check_ratio(label, member.file_size, member.compress_size)
        work_dir.mkdir(parents=True, exist_ok=True)
        _check_space(label, work_dir, member.file_size)
        temp_dir = Path(work_dir)
        target = temp_dir / Path(member.filename).name
        try:
            with archive.open(member) as src, target.open("wb") as dst:
                _copy_bounded(
                    src,
                    dst,
                    label=label,
                    declared=member.file_size,
                    compressed=member.compress_size,
                )
        except ImportFileError:
            shutil.rmtree(temp_dir, ignore_errors=True)
            raise
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, zlib.error) as exc:
            shutil.rmtree(temp_dir, ignore_errors=True)
            raise ImportFileError(
                f"{label} : archive zip tronquée ou corrompue ({member.filename} : {exc})."
            ) from None
    return _open_extracted(target, f"{label} › {member.filename}", temp_dir)


def _open_gzip(path, label, work_dir):
    work_dir.mkdir(parents=True, exist_ok=True)
    temp_dir = Path(work_dir)
    name = Path(label).name
    inner = name[:-3] if name.lower().endswith(".gz") else f"{name}.decompresse"
    target = temp_dir / Path(inner).name
    try:
        with gzip.open(path, "rb") as src, target.open("wb") as dst:
            _copy_bounded(src, dst, label=label, declared=None, compressed=path.stat().st_size)
    except ImportFileError:
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise
    except (EOFError, OSError, zlib.error) as exc:
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise ImportFileError(f"{label} : archive gzip tronquée ou corrompue ({exc}).") from None
    return _open_extracted(target, f"{label} › {inner}", temp_dir)


def _open_extracted(target, label, temp_dir):
    try:
        source = open_source(target, label=label, work_dir=temp_dir / "inner", nested=True)
    except ImportFileError:
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise
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
    return delimiter, _check_header(label, columns)


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
        while chunk := handle.read(CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)


def rows_of(source: Source) -> int:
    """Data rows of a source, refused beyond the row limit."""
    if source.fmt == "csv":
        rows = count_csv_rows(source.path)
    else:
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(source.path).metadata.num_rows
    limits.check_rows(source.label, rows)
    return rows


def _open(temp_dir, read, write, memory_limit):
    con = duckdb.connect(
        config={
            "threads": 2,
            "memory_limit": memory_limit,
            # Results are aggregates or a stock file whose row order means nothing (progress
            # follows the furthest row read): DuckDB need not buffer to keep the file's order.
            "preserve_insertion_order": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )
    directories, files = [], []
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory={literal(temp_dir)}")
        directories.append(Path(temp_dir))
    for item in read:
        (directories if Path(item).is_dir() else files).append(Path(item))
    directories.extend(Path(item) for item in write)

    def as_list(paths):
        forms = {str(p) for p in paths} | {str(p.resolve()) for p in paths}
        return "[" + ", ".join(literal(p) for p in sorted(forms)) + "]"

    con.execute(f"SET allowed_directories={as_list(directories)}")
    con.execute(f"SET allowed_paths={as_list(files)}")
    con.execute("SET enable_external_access=false")
    # Progress is tracked (`query_progress()`, for the import page) but never printed.
    con.execute("SET enable_progress_bar=true")
    con.execute("SET enable_progress_bar_print=false")
    con.execute("SET lock_configuration=true")
    return con


MEMORY_LIMIT = "1GB"


def connect(temp_dir: Path | None = None, *, read=(), write=(), memory_limit=MEMORY_LIMIT):
    """A DuckDB connection that can only read `read` (files or directories) and write in
    `write` (directories) and its temporary directory; its configuration is then locked,
    so no statement can widen it.

    Inside a `session()` whose confinement covers these paths, a cursor of the session's
    database instead: opening a DuckDB database costs 0.05–0.1 s, and one command (an
    import, then the computation) would otherwise open three or more."""
    shared = _session.get()
    if shared is not None and shared.covers(read, write):
        return shared.con.cursor()
    return _open(temp_dir, read, write, memory_limit)


class _Session:
    def __init__(self, con, read, write):
        self.con = con
        self.thread = threading.get_ident()
        self.read = [_resolved(p) for p in (*read, *write)]
        self.write = [_resolved(p) for p in write]

    def covers(self, read, write) -> bool:
        if threading.get_ident() != self.thread:  # a worker thread opens its own
            return False
        inside = lambda path, roots: any(  # noqa: E731
            path == root or root in path.parents for root in roots
        )
        return all(inside(_resolved(p), self.read) for p in read) and all(
            inside(_resolved(p), self.write) for p in write
        )


class _SessionSlot(threading.local):
    value = None

    def get(self):
        return self.value


_session = _SessionSlot()


def _resolved(path) -> Path:
    return Path(path).resolve()


@contextlib.contextmanager
def session(*, read=(), write=(), temp_parent=None):
    """One confined DuckDB database shared by every `connect()` of this thread whose paths
    it covers (reads under `read` or `write`, writes under `write`), for a command's run.
    The confinement is the union of the steps' (the files given on the command line and
    the observatory's data directory) and is locked like any connection's."""
    if _session.value is not None:  # nested: the outer session serves
        yield _session.value
        return
    temp_dir = Path(tempfile.mkdtemp(prefix="duckdb-session-", dir=temp_parent))
    con = _open(temp_dir, [p for p in read if Path(p).exists()], write, MEMORY_LIMIT)
    _session.value = _Session(con, [p for p in read if Path(p).exists()], write)
    try:
        yield _session.value
    finally:
        _session.value = None
        con.close()
        shutil.rmtree(temp_dir, ignore_errors=True)


def duckdb_error_message(source_label, exc) -> str:
    text = str(exc).split("\n")[0]
    return f"{source_label} : lecture impossible, fichier illisible ou tronqué ({text})."
