"""Background jobs (huey). They take ids, never objects, and are queued on commit."""

import datetime as dt

from django.db import close_old_connections, transaction
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from cvv.observatory import housekeeping, services


@db_task()
def run_import(import_id):
    services.import_run(import_id)


@db_periodic_task(crontab(minute="*/10"))
def sweep_stale_imports():
    """Imports left "running" by a killed process are marked failed, their files removed."""
    housekeeping.sweep_stale_imports()


@HUEY.on_startup()
def sweep_at_worker_start():
    close_old_connections()
    try:
        housekeeping.sweep_stale_imports()
    finally:
        close_old_connections()


@db_task()
def run_compute(reference_date_iso, actor_id):
    from cvv.audit.services import log_action
    from cvv.observatory.compute import ComputeError
    from cvv.observatory.compute_service import compute_indicators
    from cvv.users.models import User

    actor = User.objects.filter(pk=actor_id).first()
    reference_date = dt.date.fromisoformat(reference_date_iso) if reference_date_iso else None
    try:
        compute_indicators(reference_date=reference_date, actor=actor)
    except ComputeError as exc:
        log_action("observatory.indicators.failed", actor=actor, data={"error": str(exc)})


def queue_import(data_import):
    transaction.on_commit(lambda: run_import(data_import.pk))


def queue_compute(reference_date, actor):
    iso = reference_date.isoformat() if reference_date else ""
    transaction.on_commit(lambda: run_compute(iso, actor.pk))
