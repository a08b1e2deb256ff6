"""`cvv backup` / `cvv restore`: one archive, everything back, nothing trusted."""

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cvv.core.backup import create_backup
from cvv.documents.models import DocumentKind
from cvv.documents.services import document_upload
from cvv.observatory.models import DataImport
from cvv.territories.models import Commune
from cvv.users.models import User
from tests.documents.helpers import PNG_BYTES, pdf, upload
from tests.funding.test_concurrency import _restore


@pytest.fixture
def data(_saved_database, django_db_blocker, transactional_db, request):
    with django_db_blocker.unblock():
        if not Commune.objects.exists():  # flushed at the end of the previous test
            _restore(_saved_database)
    agent = request.getfixturevalue("users")["commune_agent"]
    aulnay = Commune.objects.get(code="93005")
    kind = DocumentKind.values[0]
    document_upload(commune=aulnay, uploaded_file=pdf(), kind=kind, title="Délib", actor=agent)
    document_upload(
        commune=aulnay,
        uploaded_file=upload("plan.png", PNG_BYTES, "image/png"),
        kind=kind,
        title="Plan « centre »",
        actor=agent,
    )
    root = Path(settings.OBSERVATORY_DATA_DIR)
    final = root / "bpe" / "2024-01-01" / "7"
    final.mkdir(parents=True)
    (final / "equipements.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 40 + b"PAR1")
    (root / "survey" / "2025-06-20" / "8").mkdir(parents=True)  # an empty import dir
    (root / "tmp" / "import-9").mkdir(parents=True)  # work in progress: not data
    (root / "tmp" / "import-9" / "half.parquet").write_bytes(b"partial")
    DataImport.objects.create(
        kind="bpe", status="succeeded", file_name="bpe.csv", data_path=str(final), rows_kept=3
    )
    return agent


def database_rows():
    """Every row of every table of every app (auto-created many-to-many tables too)."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return rows


def tree(root: Path):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        )
        for path in sorted(root.rglob("*"))
    }


def test_round_trip_restores_every_row_and_every_file(data, tmp_path):
    archive = tmp_path / "backups" / "cvv.tar.gz"
    archive.parent.mkdir()
    rows_before, media_before = database_rows(), tree(settings.MEDIA_ROOT)
    observatory_before = tree(settings.OBSERVATORY_DATA_DIR)
    call_command("backup", str(archive))  # its own audit entry comes after the snapshot
    assert any(name.endswith(".pdf") for name in media_before)
    assert sum(len(v) for v in rows_before.values()) > 1000  # territories, users, documents…

    # Damage everything: rows, files, columnar store.
    User.objects.filter(pk=data.pk).update(first_name="Changé")
    Commune.objects.filter(code="93048").update(nom="Effacée")
    for name in media_before:
        path = Path(settings.MEDIA_ROOT) / name
        if path.is_file():
            path.write_bytes(b"altered")
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("x")
    DataImport.objects.all().delete()

    with pytest.raises(CommandError, match="n’est pas vide"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--force")

    after = database_rows()
    after["audit.AuditEntry"] = [
        row for row in after["audit.AuditEntry"] if row["action"] != "core.backup.restored"
    ]
    for label in rows_before:  # one model at a time: a readable failure
        assert after[label] == rows_before[label], label
    assert tree(settings.MEDIA_ROOT) == media_before
    expected_observatory = {k: v for k, v in observatory_before.items() if not k.startswith("tmp")}
    assert tree(settings.OBSERVATORY_DATA_DIR) == expected_observatory
    assert "survey/2025-06-20/8" in expected_observatory


def test_restore_into_another_data_dir_follows_the_columnar_store(data, tmp_path, settings):
    archive = tmp_path / "cvv.tar.gz"
    create_backup(output=archive)
    settings.OBSERVATORY_DATA_DIR = tmp_path / "elsewhere" / "observatory"
    settings.MEDIA_ROOT = tmp_path / "elsewhere" / "private"
    call_command("restore", str(archive), "--force")
    data_import = DataImport.objects.get(kind="bpe")
    assert Path(data_import.data_path) == tmp_path / "elsewhere/observatory/bpe/2024-01-01/7"
    assert (Path(data_import.data_path) / "equipements.parquet").is_file()


def test_backup_refuses_to_overwrite(data, tmp_path):
    archive = tmp_path / "cvv.tar.gz"
    archive.write_text("précieux")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup", str(archive))
    assert archive.read_text() == "précieux"


# --- Archives that must be refused before anything changes -----------------------------


def write_archive(path, manifest, members, extra=()):
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in [("manifest.json", json.dumps(manifest).encode()), *members, *extra]:
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))


def manifest_for(members, **overrides):
    from django.db.migrations.recorder import MigrationRecorder

    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    manifest = {
        "format": "cvv-backup",
        "format_version": 1,
        "created_at": "2026-01-01T00:00:00+00:00",
        "migrations": applied,
        "observatory_root": "/nowhere",
        "members": {
            name: {"size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
            for name, payload in members
        },
    }
    manifest.update(overrides)
    return manifest


@pytest.fixture
def snapshot(db, users):
    aulnay = Commune.objects.get(code="93005")
    document_upload(
        commune=aulnay,
        uploaded_file=pdf(),
        kind="autre",
        title="Délib",
        actor=users["commune_agent"],
    )
    (Path(settings.OBSERVATORY_DATA_DIR) / "bpe").mkdir(parents=True)
    (Path(settings.OBSERVATORY_DATA_DIR) / "bpe" / "x.parquet").write_bytes(b"PAR1")
    return database_rows(), tree(settings.MEDIA_ROOT), tree(settings.OBSERVATORY_DATA_DIR)


def assert_untouched(snapshot):
    assert (database_rows(), tree(settings.MEDIA_ROOT)) == snapshot[:2]
    assert tree(settings.OBSERVATORY_DATA_DIR) == snapshot[2]


DUMP = ("database.json", b"[]")


def refused(path, match):
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(path), "--force")


def test_restore_refuses_a_corrupted_member(snapshot, tmp_path):
    members = [DUMP, ("files/media/a.pdf", b"%PDF-1.4 original")]
    manifest = manifest_for(members)
    write_archive(
        tmp_path / "a.tar.gz", manifest, [DUMP, ("files/media/a.pdf", b"%PDF-1.4 0riginal")]
    )
    refused(tmp_path / "a.tar.gz", "Somme de contrôle invalide")
    assert_untouched(snapshot)


def test_restore_refuses_newer_migrations(snapshot, tmp_path):
    manifest = manifest_for([DUMP])
    manifest["migrations"]["funding"].append("9999_from_the_future")
    write_archive(tmp_path / "a.tar.gz", manifest, [DUMP])
    refused(tmp_path / "a.tar.gz", "version plus récente.*funding.9999_from_the_future")
    assert_untouched(snapshot)


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "files/media/../../evil"])
def test_restore_refuses_path_traversal(snapshot, tmp_path, name):
    members = [DUMP, (name, b"x")]
    write_archive(tmp_path / "a.tar.gz", manifest_for([DUMP]), members)
    refused(tmp_path / "a.tar.gz", "Chemin interdit|Élément")
    assert not (tmp_path / "evil.txt").exists()
    assert_untouched(snapshot)


def test_restore_refuses_a_link_member(snapshot, tmp_path):
    path = tmp_path / "a.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        payload = json.dumps(manifest_for([DUMP, ("files/media/x", b"")])).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
        tar.addfile(tarfile.TarInfo("database.json"), io.BytesIO(b""))
        link = tarfile.TarInfo("files/media/x")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    refused(path, "non déclaré|Taille|Somme")
    assert_untouched(snapshot)


def test_restore_bounds_decompression(snapshot, tmp_path):
    """A member larger than declared is never fully inflated: the stream is capped."""
    bomb = b"\0" * (30 * 1024 * 1024)
    manifest = manifest_for([DUMP, ("files/media/big", b"small")])
    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in [("manifest.json", json.dumps(manifest).encode()), DUMP]:
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        info = tarfile.TarInfo("files/media/big")
        info.size = len(bomb)
        tar.addfile(info, io.BytesIO(bomb))
    assert path.stat().st_size < 100_000
    refused(path, "Taille incohérente|au-delà de la taille annoncée")
    assert_untouched(snapshot)


def test_restore_refuses_a_declared_size_beyond_the_cap(snapshot, tmp_path):
    manifest = manifest_for([DUMP])
    manifest["members"]["files/media/huge"] = {"size": 10**15, "sha256": "0" * 64}
    write_archive(tmp_path / "a.tar.gz", manifest, [DUMP])
    refused(tmp_path / "a.tar.gz", "au-delà de la limite|Taux de compression")
    assert_untouched(snapshot)


def test_restore_refuses_what_is_not_an_archive(snapshot, tmp_path):
    (tmp_path / "a.tar.gz").write_bytes(gzip.compress(b"not a tar"))
    refused(tmp_path / "a.tar.gz", "illisible|manifeste")
    (tmp_path / "b.tar.gz").write_bytes(b"plain text")
    refused(tmp_path / "b.tar.gz", "illisible")
    write_archive(tmp_path / "c.tar.gz", {"format": "other"}, [DUMP])
    refused(tmp_path / "c.tar.gz", "pas une sauvegarde")
    assert_untouched(snapshot)
