"""Retention of registrations: the personal data of a registration (name, e-mail,
organisation, answers to the questions) is kept while it is useful — until N months after the
end of the event (`EVENTS_RETENTION_MONTHS`, 12 by default, as the registration form tells
the person) — then anonymised by the nightly task or `cvv events anonymise`. What stays:
the registration itself (category, state, arrival time, workshops), so counts, attendance
and the survey's results do not move; a member's link to their own account stays too (the
trainings on their record). The event's batches of badges and certificates (files with
names) are deleted. Idempotent: an anonymised registration is never touched again."""

import calendar
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.events.models import Event, Registration

DEFAULT_MONTHS = 12


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    month = moment.month - 1 - months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retention_months() -> int:
    return int(getattr(settings, "EVENTS_RETENTION_MONTHS", DEFAULT_MONTHS))


def anonymised_fields(registration) -> dict:
    return {
        "first_name": "Personne",
        "last_name": f"anonymisée n° {registration.pk}",
        "email": f"anonyme-{registration.pk}@anonyme.invalid",
        "organisation": "",
        "answers": {},
    }


def _batches_delete(event) -> int:
    """The batches of badges and certificates carry names: they go with the personal data."""
    jobs = list(event.batch_jobs.all())
    for job in jobs:
        if job.file:
            storage, name = job.file.storage, job.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        job.delete()
    return len(jobs)


def registrations_anonymise(*, months: int | None = None, now=None, dry_run=False) -> int:
    """Anonymises the registrations of events ended more than `months` ago; returns how many."""
    months = retention_months() if months is None else months
    now = now or timezone.now()
    limit = months_before(now, months)
    done = 0
    for event in Event.objects.filter(ends_at__lt=limit).order_by("pk"):
        rows = Registration.objects.filter(event=event, anonymised_at__isnull=True)
        if dry_run:
            done += rows.count()
            continue
        with transaction.atomic():
            count = 0
            for registration in rows.select_for_update().order_by("pk"):
                for name, value in anonymised_fields(registration).items():
                    setattr(registration, name, value)
                registration.anonymised_at = now
                registration.save(update_fields=[*anonymised_fields(registration),
                                                 "anonymised_at"])  # fmt: skip
                count += 1
            batches = _batches_delete(event)
            if count or batches:
                log_action("events.registration.anonymised", actor=None, obj=event,
                           data={"count": count, "months": months,
                                 "batches": batches})  # fmt: skip
        done += count
    return done
