"""Background jobs (huey). They take ids, never objects, and are queued on commit."""

import datetime as dt

from django.db import transaction
from huey.contrib.djhuey import db_task

from cvv.observatory import services


@db_task()
def run_import(import_id):
    services.import_run(import_id)


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
