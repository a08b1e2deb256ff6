"""Badges and certificates of a whole event, made in the background.

The organisers ask for a batch (`batch_request`): a `BatchJob` row is created and a huey task
(`tasks.run_batch`, immediate in the tests) makes the file, recording the documents done so
far; the organisers' page polls the row and offers the file once it is ready. Badges are one
PDF (eight per page), certificates a ZIP of one PDF per person present.

A worker killed in the middle (restart, out of memory) leaves its job "en cours" for ever:
each progress writes `progress_at`, and `sweep_stale_batches` (huey, every 10 minutes, and
the organisers' page before it shows the jobs, as the observatory sweeps its imports) marks
failed a running job without progress for `EVENTS_BATCH_STALE_AFTER` seconds; the page
then offers to ask for the batch again. A job still "en attente" after that delay was never
started (its queue message lost): the sweep queues it again; still waiting after three
times the delay, no worker is taking work, and it is marked failed with that message."""

import datetime as dt
import io
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.events import badges, certificates
from cvv.events.enums import Category, RegistrationState
from cvv.events.models import BatchJob
from cvv.organisations.access import get_access

logger = logging.getLogger(__name__)
# The progress is written every STEP documents (and at the end), not after each one.
STEP = 8
STALE_AFTER_DEFAULT = 15 * 60
INTERRUPTED = (
    "Lot interrompu : le processus qui le préparait s’est arrêté sans terminer (redémarrage, "
    "arrêt forcé ou manque de mémoire). Relancez le lot."
)
NEVER_STARTED = (
    "Lot jamais commencé : aucun processus de tâches de fond ne l’a pris en charge (le "
    "« worker » est-il arrêté ?). Prévenez l’administrateur, puis relancez le lot."
)


def _rows(job):
    if job.kind == BatchJob.Kind.BADGES:
        return badges.to_print(job.event, job.category)
    rows = job.event.registrations.filter(state=RegistrationState.ATTENDED)
    if job.category:
        rows = rows.filter(category__category=job.category)
    return rows.select_related("category", "event").order_by("last_name", "first_name", "pk")


def batch_request(*, event, kind: str, actor, category: str = "") -> BatchJob:
    """An organiser asks for the badges or the certificates of an event (one category, or
    all); the work is queued once the request is saved."""
    if not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Réservé aux organisateurs (équipes de la Métropole).")
    if kind not in BatchJob.Kind.values:
        raise ValidationError("Nature de lot inconnue.")
    if category and category not in Category.values:
        raise ValidationError("Catégorie inconnue.")
    from cvv.events.tasks import run_batch

    with transaction.atomic():
        job = BatchJob.objects.create(event=event, kind=kind, category=category,
                                      created_by=actor)  # fmt: skip
        job.rows_total = _rows(job).count()
        job.save(update_fields=["rows_total"])
        log_action("events.batch.requested", actor=actor, obj=event,
                   data={"job": job.pk, "kind": kind, "category": category,
                         "rows": job.rows_total})  # fmt: skip
        transaction.on_commit(lambda: run_batch(job.pk))
    return job


def _progress(job, done):
    job.rows_done = min(done, job.rows_total)
    BatchJob.objects.filter(pk=job.pk).update(rows_done=job.rows_done, progress_at=timezone.now())


def _certificates_zip(job, rows) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, registration in enumerate(rows, start=1):
            name = f"attestation-{registration.pk}-{registration.last_name or 'anonyme'}.pdf"
            archive.writestr(name.replace("/", "-")[:120], certificates.render(registration))
            if done % STEP == 0:
                _progress(job, done)
    return buffer.getvalue()


def batch_run(job_id: int) -> BatchJob | None:
    """Makes the batch's file (the huey task's body); a failure is recorded on the row."""
    job = BatchJob.objects.select_related("event").filter(pk=job_id).first()
    if job is None or job.status != BatchJob.Status.PENDING:
        return job
    # Claimed atomically: the same job queued twice (a lost message queued again by the
    # sweep, then found) is made once.
    claimed = BatchJob.objects.filter(pk=job.pk, status=BatchJob.Status.PENDING).update(
        status=BatchJob.Status.RUNNING, progress_at=timezone.now()
    )
    if not claimed:
        job.refresh_from_db()
        return job
    rows = list(_rows(job))
    # Who is printed is decided now: the total follows the registrations at this moment.
    job.rows_total = len(rows)
    BatchJob.objects.filter(pk=job.pk).update(rows_total=job.rows_total, rows_done=0)
    try:
        if job.kind == BatchJob.Kind.BADGES:
            content = badges.render(rows, title=f"Badges — {job.event.title}",
                                    progress=lambda n: _progress(job, n))  # fmt: skip
        else:
            content = _certificates_zip(job, rows)
    except Exception as exc:  # the row tells the organisers; the log keeps the trace
        logger.exception("Batch %s failed", job.pk)
        job.status, job.error = BatchJob.Status.FAILED, str(exc)[:300]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    job.file.save(job.filename, ContentFile(content), save=False)
    job.rows_done, job.status, job.finished_at = (
        job.rows_total,
        BatchJob.Status.SUCCEEDED,
        (timezone.now()),
    )
    # A worker only slow, not dead, may have been swept meanwhile: its file wins, the
    # sweep's message goes.
    job.error = ""
    job.save(update_fields=["file", "rows_done", "status", "finished_at", "error"])
    log_action("events.batch.done", actor=None, obj=job.event,
               data={"job": job.pk, "kind": job.kind, "rows": job.rows_total})  # fmt: skip
    return job


def sweep_stale_batches(*, now=None, event=None) -> list[int]:
    """Marks failed the running jobs (of one event, or all) without progress for
    `EVENTS_BATCH_STALE_AFTER` seconds: their worker died. A job that moved meanwhile (new
    progress, finished) is left alone. Returns the ids of the jobs marked failed."""
    now = now or timezone.now()
    stale_after = getattr(settings, "EVENTS_BATCH_STALE_AFTER", STALE_AFTER_DEFAULT)
    cutoff = now - dt.timedelta(seconds=stale_after)
    running = BatchJob.objects.filter(status=BatchJob.Status.RUNNING)
    if event is not None:
        running = running.filter(event=event)
    swept = []
    for job in running.select_related("event"):
        last = job.progress_at or job.created_at
        if last >= cutoff:
            continue
        with transaction.atomic():
            moved = (
                BatchJob.objects.select_for_update()
                .filter(pk=job.pk, status=BatchJob.Status.RUNNING, progress_at=job.progress_at)
                .first()
            )
            if moved is None:
                continue
            updated = BatchJob.objects.filter(pk=job.pk).update(
                status=BatchJob.Status.FAILED, error=INTERRUPTED, finished_at=now
            )
            log_action("events.batch.interrupted", actor=None, obj=job.event,
                       data={"job": job.pk, "kind": job.kind, "rows_done": job.rows_done,
                             "rows": job.rows_total, "last_progress": str(last)})  # fmt: skip
        if updated:
            swept.append(job.pk)
    swept += _sweep_waiting(now, stale_after, event)
    return swept


def _sweep_waiting(now, stale_after, event) -> list[int]:
    """Jobs still waiting after the stale delay: queued again (their message was lost), or
    marked failed after three times the delay (no worker takes work). Returns the ids of the
    jobs marked failed."""
    from cvv.events.tasks import run_batch

    waiting = BatchJob.objects.filter(
        status=BatchJob.Status.PENDING, created_at__lt=now - dt.timedelta(seconds=stale_after)
    )
    if event is not None:
        waiting = waiting.filter(event=event)
    failed = []
    given_up = now - dt.timedelta(seconds=3 * stale_after)
    for job in waiting.select_related("event"):
        if job.created_at < given_up:
            if BatchJob.objects.filter(pk=job.pk, status=BatchJob.Status.PENDING).update(
                status=BatchJob.Status.FAILED, error=NEVER_STARTED, finished_at=now
            ):
                log_action("events.batch.never_started", actor=None, obj=job.event,
                           data={"job": job.pk, "kind": job.kind,
                                 "requested": str(job.created_at)})  # fmt: skip
                failed.append(job.pk)
            continue
        log_action("events.batch.requeued", actor=None, obj=job.event,
                   data={"job": job.pk, "kind": job.kind})  # fmt: skip
        run_batch(job.pk)
    return failed


def sweep_before_showing(event) -> list[int]:
    """The organisers' page sweeps before it shows the jobs (free when nothing runs), so it
    never shows "en cours" for a dead job even when no worker runs the scheduled sweep."""
    if not event.batch_jobs.filter(
        status__in=[BatchJob.Status.RUNNING, BatchJob.Status.PENDING]
    ).exists():
        return []
    return sweep_stale_batches(event=event)
