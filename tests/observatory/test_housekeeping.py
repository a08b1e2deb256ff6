"""A killed import does not stay "en cours" nor leave files; a directory name left by an
earlier database is never assumed free (issue 8, low)."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from cvv.observatory import housekeeping, services, storage, tasks
from cvv.observatory.models import DataImport
from tests.observatory import files

pytestmark = pytest.mark.django_db


def _dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _running(runner, heartbeat):
    item = services.import_create(kind="sirene", file_name="stock.csv")
    DataImport.objects.filter(pk=item.pk).update(
        status=DataImport.Status.RUNNING, runner=runner, heartbeat_at=heartbeat
    )
    return item


def test_sweep_marks_killed_imports_failed_and_removes_their_files(settings):
    settings.OBSERVATORY_IMPORT_STALE_AFTER = 600
    now = timezone.now()
    dead = _running(f"{housekeeping.HOST}:{_dead_pid()}:abc", now)
    restarted = _running(f"{housekeeping.HOST}:{housekeeping.os.getpid()}:oldtoken", now)
    silent = _running("other-host:12:abc", now - dt.timedelta(seconds=601))
    alive = _running("other-host:13:abc", now - dt.timedelta(seconds=30))
    mine = _running(housekeeping.RUNNER, now)
    dirs = {}
    for item in (dead, restarted, silent, alive, mine):
        dirs[item.pk] = [storage.new_staging_dir(item), storage.new_work_dir(item)]
        (dirs[item.pk][0] / "etablissements.parquet").write_bytes(b"partial")
    orphan = storage.work_root() / "import-999"  # old layout, import gone after a reset
    orphan.mkdir(parents=True)
    swept = housekeeping.sweep_stale_imports()
    assert sorted(swept) == sorted([dead.pk, restarted.pk, silent.pk])
    for item in (dead, restarted, silent):
        item.refresh_from_db()
        assert item.status == DataImport.Status.FAILED and "interrompu" in item.error
        assert not any(path.exists() for path in dirs[item.pk])
    for item in (alive, mine):
        item.refresh_from_db()
        assert item.status == DataImport.Status.RUNNING
        assert all(path.exists() for path in dirs[item.pk])
    assert not orphan.exists()


def test_sweep_runs_at_worker_start_and_on_a_schedule(monkeypatch):
    # The hook closes stale connections for the worker; here that would close the test's own
    # transaction (PostgreSQL), so it is neutralised: what is tested is that the hook sweeps.
    monkeypatch.setattr(tasks, "close_old_connections", lambda: None)
    assert tasks.sweep_at_worker_start in tasks.HUEY._startup.values()
    assert tasks.sweep_stale_imports.task_class.validate_datetime is not None
    dead = _running(f"{housekeeping.HOST}:{_dead_pid()}:abc", timezone.now())
    tasks.sweep_at_worker_start()
    dead.refresh_from_db()
    assert dead.status == DataImport.Status.FAILED


def test_import_after_a_database_reset_over_old_directories(tmp_path):
    """Import ids restart from 1 after a reset; the old directories of id 1 are still there."""
    stock = files.write_csv(tmp_path / "stock.csv", [files.establishment("93005")])
    item = services.import_create(
        kind="sirene", file_name="stock.csv", upload_path=stock, vintage=dt.date(2025, 12, 31)
    )
    root = storage.root() / "sirene"
    for old in (root / "staging" / str(item.pk), root / "2025-12-31" / str(item.pk)):
        old.mkdir(parents=True)
        (old / "etablissements.parquet").write_bytes(b"an earlier database's file")
    done = services.import_run(item.pk)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    assert Path(done.data_path) != root / "2025-12-31" / str(item.pk)
    assert Path(done.data_path).name.startswith(f"{item.pk}-")
    assert (root / "2025-12-31" / str(item.pk) / "etablissements.parquet").read_bytes() == (
        b"an earlier database's file"
    )


def test_sweep_removes_an_old_rewrite_left_by_a_killed_computation(settings):
    """A computation killed while rewriting an earlier-format stock file leaves a hidden
    temporary file beside it: the sweep removes it once it is older than the stale delay,
    never while a rewrite may still be writing it."""
    import os

    settings.OBSERVATORY_IMPORT_STALE_AFTER = 600
    folder = storage.root() / "sirene" / "2025-12-31" / "7-abc"
    folder.mkdir(parents=True)
    stock = folder / "etablissements.parquet"
    stock.write_bytes(b"PAR1")
    old = folder / ".etablissements.parquet.k1.tmp"
    recent = folder / ".etablissements.parquet.k2.tmp"
    for path in (old, recent):
        path.write_bytes(b"partial")
    an_hour_ago = timezone.now().timestamp() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))

    housekeeping.sweep_stale_imports()

    assert not old.exists()
    assert recent.exists() and stock.exists()
