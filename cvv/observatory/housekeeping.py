"""Sweeping what a killed import leaves behind. An import records the process running it
(`runner` = host:pid:token) and a heartbeat (each progress update). The worker sweeps at
start and on a schedule (tasks.py): an import still "running" whose process is gone (same
host: the pid no longer exists, or is this very process restarted — the token differs), or
whose heartbeat is older than OBSERVATORY_IMPORT_STALE_AFTER seconds, is marked failed;
staging and work directories that no running import owns are removed, and so are the
temporary files a killed computation left beside a file it was rewriting. The import pages
sweep as well before they show the imports (`sweep_before_showing_imports`)."""

import datetime as dt
import os
import socket
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cvv.core.workflows import SYSTEM
from cvv.observatory import storage
from cvv.observatory.models import DataImport
from cvv.observatory.workflows import IMPORT_WORKFLOW

HOST = socket.gethostname()
RUNNER = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
STALE_AFTER_DEFAULT = 30 * 60
INTERRUPTED = (
    "Import interrompu : le processus qui l’exécutait s’est arrêté (redémarrage, arrêt "
    "forcé ou manque de mémoire). Les données précédentes sont intactes ; relancez l’import."
)


def _runner_gone(runner) -> bool:
    """True when the runner was a process of this host that no longer exists."""
    try:
        host, pid, token = runner.rsplit(":", 2)
        pid = int(pid)
    except ValueError:
        return False
    if host != HOST:
        return False  # another machine: only the heartbeat tells
    if pid == os.getpid():
        return runner != RUNNER  # this pid, an earlier incarnation (e.g. a container restart)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # exists, owned by another user
        return False
    return False


def sweep_stale_imports(*, now=None) -> list:
    """Mark interrupted imports failed and remove orphaned staging/work directories.
    Returns the ids of the imports marked failed."""
    now = now or timezone.now()
    # Directories are listed before the statuses are read: an import creates its
    # directories only after it is marked running, so none is removed from under it.
    leftovers = storage.leftover_dirs()
    stale_after = getattr(settings, "OBSERVATORY_IMPORT_STALE_AFTER", STALE_AFTER_DEFAULT)
    cutoff = now - dt.timedelta(seconds=stale_after)
    swept = []
    for item in DataImport.objects.filter(status=DataImport.Status.RUNNING):
        last = item.heartbeat_at or item.created_at
        if not (_runner_gone(item.runner) or last < cutoff):
            continue
        if _interrupt(item, now, last):
            swept.append(item.pk)
            _remove_upload(item.upload_path)
    running = set(
        DataImport.objects.filter(status=DataImport.Status.RUNNING).values_list("pk", flat=True)
    )
    for pk, path in leftovers:
        if pk not in running:
            storage.remove_dir(path)
    for path in storage.stale_rewrites(cutoff.timestamp()):
        path.unlink(missing_ok=True)
    return swept


def sweep_before_showing_imports() -> list:
    """The import pages sweep too: an operator never sees "en cours" for an import whose
    worker died, even when no worker runs the scheduled sweep. Free when nothing runs."""
    if not DataImport.objects.filter(status=DataImport.Status.RUNNING).exists():
        return []
    return sweep_stale_imports()


def _interrupt(item, now, last) -> bool:
    """Mark a stale import failed, unless it moved meanwhile (new heartbeat, finished)."""
    with transaction.atomic():
        locked = (
            DataImport.objects.select_for_update()
            .filter(pk=item.pk, status=DataImport.Status.RUNNING, heartbeat_at=item.heartbeat_at)
            .first()
        )
        if locked is None:
            return False
        locked.error, locked.progress = INTERRUPTED, 100
        locked.progress_label, locked.finished_at = "Interrompu", now
        IMPORT_WORKFLOW.apply(
            locked,
            "interrupt",
            actor=SYSTEM,
            data={"kind": item.kind, "runner": item.runner, "last_heartbeat": str(last)},
            extra_update_fields=["error", "progress", "progress_label", "finished_at"],
        )
    return True


def _remove_upload(upload_path):
    from cvv.observatory.services import _remove_upload as remove

    if upload_path:
        remove(Path(upload_path))
