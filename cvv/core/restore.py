"""`cvv restore`: put back an archive made by `cvv backup` (see cvv.core.backup).

Everything is checked before anything is changed: the archive is read as a stream with a
cap on the decompressed bytes (the manifest's declared sizes plus tar overhead, at most
`max_size`, at most `MAX_RATIO` times the archive), members are extracted with tarfile's
`data` filter (no absolute paths, no `..`, no links or devices) into a staging directory and
each one must match the manifest's size and sha256; an archive whose migrations this code does
not know (made by a newer version) is refused.

Then the database is rebuilt: migrated to the archive's migration state, emptied, loaded, and
migrated to this code's state (so an older archive is upgraded by the normal migrations); the
files replace the private storage and the columnar store. Only into an empty database (no
tables: a freshly created one) and empty file stores, unless `force=True`, which replaces
everything.
"""

import datetime as dt
import gzip
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from cvv.core.backup import (
    DATABASE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    OBSERVATORY_PREFIX,
    BackupError,
    observatory_files,
    sha256_of,
    walk_storage,
)

MANIFEST_MAX = 64 * 1024 * 1024
DEFAULT_MAX_SIZE = 100 * 1024**3
MAX_RATIO = 200
MAX_MEMBERS = 2_000_000
TAR_OVERHEAD = 20 * 1024  # end-of-archive blocks and record padding
MEMBER_OVERHEAD = 4 * 512  # header, padding, a PAX header and its data for long names


class _BoundedReader:
    """A file-like view of the decompressed stream that refuses to yield more than `limit`
    bytes in total (the limit can be lowered once the manifest is read)."""

    def __init__(self, stream, limit):
        self.stream, self.limit, self.consumed = stream, limit, 0

    def read(self, size=-1):
        allowed = self.limit - self.consumed
        if size is None or size < 0 or size > allowed + 1:
            size = allowed + 1
        data = self.stream.read(size)
        self.consumed += len(data)
        if self.consumed > self.limit:
            raise BackupError(
                "L’archive se décompresse au-delà de la taille annoncée : refusée "
                "(archive corrompue ou piégée)."
            )
        return data


def _member_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or str(path) != name:
        raise BackupError(f"Chemin interdit dans l’archive : « {name} ».")
    if name != DATABASE and not name.startswith((MEDIA_PREFIX, OBSERVATORY_PREFIX)):
        raise BackupError(f"Élément inattendu dans l’archive : « {name} ».")
    return name


def _check_manifest(manifest, archive_size, max_size):
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Ce fichier n’est pas une sauvegarde de la plateforme.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Version de format {manifest.get('format_version')!r} inconnue "
            f"(attendue : {FORMAT_VERSION})."
        )
    members = manifest.get("members")
    if not isinstance(members, dict) or DATABASE not in members or len(members) > MAX_MEMBERS:
        raise BackupError("Manifeste invalide : liste des éléments absente ou trop longue.")
    total = 0
    for name, entry in members.items():
        _member_name(name)
        size, digest = (entry or {}).get("size"), (entry or {}).get("sha256")
        if not isinstance(size, int) or size < 0 or not isinstance(digest, str):
            raise BackupError(f"Manifeste invalide pour « {name} ».")
        total += size
    if total > max_size:
        raise BackupError(
            f"L’archive annonce {total} octets décompressés, au-delà de la limite de "
            f"{max_size} octets (option --max-size)."
        )
    if total > MAX_RATIO * max(archive_size, 1) + MANIFEST_MAX:
        raise BackupError(
            f"Taux de compression invraisemblable ({total} octets annoncés pour "
            f"{archive_size} octets d’archive) : refusée."
        )
    directories = manifest.get("observatory_dirs", [])
    if not isinstance(directories, list) or len(directories) > MAX_MEMBERS:
        raise BackupError("Manifeste invalide : liste des dossiers de l’observatoire.")
    for directory in directories:
        if not isinstance(directory, str):
            raise BackupError("Manifeste invalide : liste des dossiers de l’observatoire.")
        _member_name(OBSERVATORY_PREFIX + directory)
    migrations = manifest.get("migrations")
    if not isinstance(migrations, dict):
        raise BackupError("Manifeste invalide : état des migrations absent.")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in migrations.items()
        for name in names
        if (app, name) not in loader.graph.nodes
    )
    if unknown:
        raise BackupError(
            "L’archive vient d’une version plus récente de la plateforme (migrations "
            f"inconnues de ce code : {', '.join(unknown[:5])}) : mettre le code à jour "
            "avant de restaurer."
        )
    return total


def read_archive(archive: Path, stage: Path, *, max_size=DEFAULT_MAX_SIZE) -> dict:
    """Verify `archive` and extract it into `stage`; returns the manifest."""
    archive_size = archive.stat().st_size
    with open(archive, "rb") as raw:
        try:
            reader = _BoundedReader(gzip.GzipFile(fileobj=raw), MANIFEST_MAX + 2048)
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                manifest, seen = None, set()
                for member in tar:
                    if manifest is None:
                        if member.name != MANIFEST or not member.isfile():
                            raise BackupError("L’archive ne commence pas par son manifeste.")
                        if member.size > MANIFEST_MAX:
                            raise BackupError("Manifeste trop volumineux.")
                        manifest = json.loads(tar.extractfile(member).read())
                        total = _check_manifest(manifest, archive_size, max_size)
                        members = manifest["members"]
                        reader.limit = (
                            reader.consumed
                            + total
                            + TAR_OVERHEAD
                            + (MEMBER_OVERHEAD * len(members) + sum(len(name) for name in members))
                        )
                        continue
                    name = _member_name(member.name)
                    expected = members.get(name)
                    if expected is None or name in seen or not member.isfile():
                        raise BackupError(f"Élément non déclaré ou en double : « {name} ».")
                    if member.size != expected["size"]:
                        raise BackupError(f"Taille incohérente pour « {name} ».")
                    tar.extract(member, stage, filter="data")
                    if sha256_of(stage / name) != expected["sha256"]:
                        raise BackupError(
                            f"Somme de contrôle invalide pour « {name} » : archive altérée."
                        )
                    seen.add(name)
        except (tarfile.TarError, gzip.BadGzipFile, EOFError, OSError, ValueError) as exc:
            raise BackupError(f"Archive illisible ou tronquée : {exc}") from exc
    if manifest is None:
        raise BackupError("Archive vide.")
    absent = sorted(set(members) - seen)
    if absent:
        raise BackupError(f"Archive incomplète : {len(absent)} élément(s) manquant(s).")
    return manifest


def _database_is_empty():
    return not connection.introspection.table_names()


def _drop_all_tables():
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")


def _migration_targets(migrations):
    """Per app, the leaf of the archive's applied migrations; (app, None) for apps the
    archive did not have (left unmigrated)."""
    loader = MigrationLoader(connection)
    targets = []
    for app in sorted(loader.migrated_apps):
        applied = {(app, name) for name in migrations.get(app, [])}
        if not applied:
            targets.append((app, None))
            continue
        parents = {p for node in applied for p in loader.graph.node_map[node].parents}
        targets.extend(sorted(applied - parents))
    return targets


def _restore_database(dump: Path, migrations):
    executor = MigrationExecutor(connection)
    targets = _migration_targets(migrations)
    executor.migrate(targets, plan=executor.migration_plan(targets))
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


def _files_present():
    root = Path(settings.OBSERVATORY_DATA_DIR)
    return next(walk_storage(default_storage), None) or next(observatory_files(root), None)


def _replace_media(stage_media: Path, names):
    for existing in list(walk_storage(default_storage)):
        default_storage.delete(existing)
    for name in names:
        with open(stage_media / name, "rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"Le stockage a renommé « {name} » en « {saved} ».")


def _replace_observatory(stage_observatory: Path, directories):
    root = Path(settings.OBSERVATORY_DATA_DIR)
    root.parent.mkdir(parents=True, exist_ok=True)
    for directory in directories:
        (
            stage_observatory
            / _member_name(OBSERVATORY_PREFIX + directory)[len(OBSERVATORY_PREFIX) :]
        ).mkdir(parents=True, exist_ok=True)
    old = root.with_name(f".{root.name}.before-restore-{dt.datetime.now():%Y%m%d%H%M%S%f}")
    if root.exists():
        os.replace(root, old)
    if stage_observatory.is_dir():
        shutil.move(stage_observatory, root)
    else:
        root.mkdir()
    shutil.rmtree(old, ignore_errors=True)


def _relocate_observatory_paths(old_root, new_root):
    """Imports record their absolute directory: follow a store restored elsewhere."""
    from cvv.observatory.models import DataImport

    if not old_root or Path(old_root) == new_root:
        return
    prefix = str(Path(old_root))
    for pk, path in DataImport.objects.exclude(data_path="").values_list("pk", "data_path"):
        if path == prefix or path.startswith(prefix + os.sep):
            DataImport.objects.filter(pk=pk).update(data_path=str(new_root) + path[len(prefix) :])


def restore_backup(*, archive: Path, force=False, max_size=DEFAULT_MAX_SIZE, actor=None) -> dict:
    from cvv.audit.services import log_action

    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Archive introuvable : « {archive} ».")
    root = Path(settings.OBSERVATORY_DATA_DIR)
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cvv-restore-", dir=root.parent) as tmp:
        stage = Path(tmp)
        manifest = read_archive(archive, stage, max_size=max_size)
        if connection.in_atomic_block:
            raise BackupError("La restauration doit s’exécuter hors de toute transaction.")
        if not force:
            if not _database_is_empty():
                raise BackupError(
                    "La base de données n’est pas vide : restaurer dans une base nouvellement "
                    "créée (sans `cvv migrate`), ou remplacer tout son contenu avec --force."
                )
            if _files_present():
                raise BackupError(
                    "Le stockage des documents ou le dossier de l’observatoire n’est pas vide : "
                    "remplacer leur contenu avec --force."
                )
        else:
            _drop_all_tables()
        _restore_database(stage / DATABASE, manifest["migrations"])
        media = sorted(
            name[len(MEDIA_PREFIX) :]
            for name in manifest["members"]
            if name.startswith(MEDIA_PREFIX)
        )
        _replace_media(stage / MEDIA_PREFIX.rstrip("/"), media)
        _replace_observatory(
            stage / OBSERVATORY_PREFIX.rstrip("/"), manifest.get("observatory_dirs", [])
        )
        _relocate_observatory_paths(manifest.get("observatory_root"), root)
    log_action(
        "core.backup.restored",
        actor=actor,
        data={"archive": archive.name, "created_at": manifest.get("created_at")},
    )
    return manifest
