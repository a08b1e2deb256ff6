"""Where the columnar data lives: one directory per import under
settings.OBSERVATORY_DATA_DIR/<kind>/<vintage>/<import id>-<random>/, parquet files written
to a temporary name then renamed. The database row (DataImport) points at the directory only
once everything is written, so readers never see a half-written import.

No directory name is trusted to be free: after a database reset or restore, import ids are
reused while directories of the old ids may still be on disk. Staging, work and final
directories are therefore created fresh with a random suffix (tempfile.mkdtemp)."""

import os
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings


def root() -> Path:
    return Path(settings.OBSERVATORY_DATA_DIR)


def _fresh_dir(parent: Path, prefix: str) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def staging_root(kind) -> Path:
    return root() / kind / "staging"


def work_root() -> Path:
    return root() / "tmp"


def new_staging_dir(data_import) -> Path:
    return _fresh_dir(staging_root(data_import.kind), f"{data_import.pk}-")


def new_work_dir(data_import) -> Path:
    return _fresh_dir(work_root(), f"import-{data_import.pk}-")


def move_into_place(staging: Path, data_import) -> Path:
    """Move a complete staging directory to a fresh final directory of the import."""
    vintage = data_import.vintage.isoformat() if data_import.vintage else "sans-millesime"
    final = _fresh_dir(root() / data_import.kind / vintage, f"{data_import.pk}-")
    os.replace(staging, final)  # onto the empty directory just created (POSIX rename)
    return final


_LEFTOVER = re.compile(r"(?:import-)?(\d+)(?:-.*)?")


def leftover_dirs():
    """(import id, path) of every staging and work directory on disk."""
    if not root().is_dir():
        return []
    parents = [work_root(), *(p / "staging" for p in root().iterdir() if p.is_dir())]
    found = []
    for parent in parents:
        if not parent.is_dir():
            continue
        for path in parent.iterdir():
            match = _LEFTOVER.fullmatch(path.name)
            if match and path.is_dir():
                found.append((int(match.group(1)), path))
    return found


def stale_rewrites(older_than: float):
    """Hidden temporary files (`.<name>.<random>.tmp`) that a killed computation left in an
    import's directory while rewriting one of its files (compute.py), last modified before
    `older_than` (a timestamp): a rewrite in progress is never listed."""
    if not root().is_dir():
        return []
    found = []
    for path in root().glob("*/*/*/.*.tmp"):
        try:
            if path.is_file() and path.stat().st_mtime < older_than:
                found.append(path)
        except FileNotFoundError:  # renamed or removed meanwhile
            continue
    return found


def temp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp")


def commit_file(final: Path):
    os.replace(temp_name(final), final)


def remove_dir(path):
    if path:
        shutil.rmtree(path, ignore_errors=True)


def data_file(data_import, name) -> Path:
    return Path(data_import.data_path) / name
