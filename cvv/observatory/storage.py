"""Where the columnar data lives: one directory per import under
settings.OBSERVATORY_DATA_DIR/<kind>/<vintage>/<import id>/, parquet files written to a
temporary name then renamed. The database row (DataImport) points at the directory only once
everything is written, so readers never see a half-written import."""

import os
import shutil
from pathlib import Path

from django.conf import settings


def root() -> Path:
    return Path(settings.OBSERVATORY_DATA_DIR)


def import_dir(data_import) -> Path:
    vintage = data_import.vintage.isoformat() if data_import.vintage else "sans-millesime"
    return root() / data_import.kind / vintage / str(data_import.pk)


def work_dir(data_import) -> Path:
    return root() / "tmp" / f"import-{data_import.pk}"


def temp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp")


def commit_file(final: Path):
    os.replace(temp_name(final), final)


def remove_dir(path):
    if path:
        shutil.rmtree(path, ignore_errors=True)


def data_file(data_import, name) -> Path:
    return Path(data_import.data_path) / name
