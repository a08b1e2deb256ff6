"""`cvv backup`: the database and the files as ONE consistent archive.

The archive is a tar.gz whose first member is `manifest.json` (format version, the migration
state of the database, the size and sha256 of every other member), then `database.json`
(Django `dumpdata` of every model of every app, base managers, primary keys kept: portable
between SQLite and PostgreSQL), then the files: `files/media/…` (the private storage: document
vault, toolbox attachments, conventions; read through the storage API, so S3 works too) and
`files/observatory/…` (the columnar store).

Consistency: the dump and the file copy happen inside one transaction that blocks writers.
On PostgreSQL, a REPEATABLE READ snapshot after `LOCK TABLE … IN SHARE MODE` on every table
(reads go on, writes wait for the end of the backup); on SQLite the settings open transactions
with BEGIN IMMEDIATE, which holds the database's write lock. No service can therefore commit a
row pointing at a file, or delete a file's row, while the files are copied. Restore is in
`cvv.core.restore`.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "cvv-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA_PREFIX = "files/media/"
OBSERVATORY_PREFIX = "files/observatory/"
LOCK_TIMEOUT = "120s"
CHUNK = 1024 * 1024
SERIALIZER = "exact-json"  # Django's JSON, microseconds kept


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message is for the operator (French)."""


def platform_version():
    try:
        return version("cvv")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def walk_storage(storage, path=""):
    """Every file name in a Django storage (FileSystemStorage, S3…), recursively."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from walk_storage(storage, f"{path}/{directory}" if path else directory)


def _skipped(relative: Path):
    return relative.parts[:1] == ("tmp",) or "staging" in relative.parts


def observatory_dirs(root: Path):
    """The directories of the columnar store (kept even when empty)."""
    if not root.is_dir():
        return []
    found = []
    for directory, subdirs, _files in os.walk(root):
        relative = Path(directory).relative_to(root)
        if _skipped(relative):
            subdirs[:] = []
        elif relative.parts:
            found.append(relative.as_posix())
    return sorted(found)


def observatory_files(root: Path):
    """The committed files of the columnar store: work directories of running imports
    (`tmp/`, `*/staging/`) and half-written files (`.name.tmp`) are not data yet."""
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root):
        relative = Path(directory).relative_to(root)
        if _skipped(relative):
            subdirs[:] = []
            continue
        subdirs.sort()
        for name in sorted(files):
            if name.startswith(".") and name.endswith(".tmp"):
                continue
            yield (relative / name).as_posix()


def applied_migrations():
    state = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app_label, []).append(name)
    return state


def referenced_files():
    """Names stored in every FileField of every model (to report files that are missing)."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                values = model._base_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                names.update(value for value in values if value)
    return names


def _all_tables():
    tables = connection.introspection.django_table_names(only_existing=True)
    tables.append(MigrationRecorder.Migration._meta.db_table)
    return sorted(set(tables))


def _freeze_database(tables):
    """Called first in the backup transaction (before any other query, or PostgreSQL refuses
    the isolation level): consistent snapshot, writers blocked."""
    if connection.vendor == "postgresql":
        quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            cursor.execute(f"LOCK TABLE {quoted} IN SHARE MODE")


def _copy(source, target: Path, members, arcname):
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(target, "wb") as out:
        while block := source.read(CHUNK):
            digest.update(block)
            size += len(block)
            out.write(block)
    members[arcname] = {"size": size, "sha256": digest.hexdigest()}


def _collect(stage: Path):
    """Dump the database and copy the files into `stage`; returns the manifest."""
    members, missing = {}, []
    dump = stage / DATABASE
    if SERIALIZER not in serializers.get_serializer_formats():
        serializers.register_serializer(SERIALIZER, "cvv.core.serializer_exact_json")
    call_command(
        "dumpdata", format=SERIALIZER, use_base_manager=True, output=str(dump), verbosity=0
    )
    members[DATABASE] = {"size": dump.stat().st_size, "sha256": sha256_of(dump)}
    media = set()
    for name in walk_storage(default_storage):
        with default_storage.open(name, "rb") as source:
            _copy(source, stage / (MEDIA_PREFIX + name), members, MEDIA_PREFIX + name)
        media.add(name)
    root = Path(settings.OBSERVATORY_DATA_DIR)
    for relative in observatory_files(root):
        with open(root / relative, "rb") as source:
            arcname = OBSERVATORY_PREFIX + relative
            _copy(source, stage / arcname, members, arcname)
    missing = sorted(referenced_files() - media)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "platform_version": platform_version(),
        "database_vendor": connection.vendor,
        "migrations": applied_migrations(),
        "observatory_root": str(root),
        "observatory_dirs": observatory_dirs(root),
        "missing_files": missing,
        "members": members,
    }


def create_backup(*, output: Path, actor=None) -> dict:
    """Write the archive to `output` (atomically: a temporary name, then a rename) and
    return its manifest. Refuses to overwrite an existing file."""
    from cvv.audit.services import log_action

    output = Path(output)
    if output.exists():
        raise BackupError(f"Le fichier « {output} » existe déjà : choisir un autre nom.")
    if not output.parent.is_dir():
        raise BackupError(f"Le dossier « {output.parent} » n’existe pas.")
    if connection.in_atomic_block:
        raise BackupError("La sauvegarde doit s’exécuter hors de toute transaction.")
    with tempfile.TemporaryDirectory(prefix=".cvv-backup-", dir=output.parent) as tmp:
        stage = Path(tmp) / "stage"
        stage.mkdir()
        tables = _all_tables()
        with transaction.atomic():
            _freeze_database(tables)
            manifest = _collect(stage)
        (stage / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(stage / MANIFEST, arcname=MANIFEST)
            for arcname in manifest["members"]:
                tar.add(stage / arcname, arcname=arcname)
        os.chmod(partial, 0o600)  # personal data: readable by the operator only
        shutil.move(partial, output)
    log_action(
        "core.backup.created",
        actor=actor,
        data={
            "archive": output.name,
            "files": len(manifest["members"]) - 1,
            "missing_files": len(manifest["missing_files"]),
        },
    )
    return manifest
