"""Badges and certificates in batch: a background job (huey, immediate in the tests) whose
row records the documents done out of the total, shown on the organisers' page with the file
to download once ready; only the organisers ask for it and download it."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cvv.audit.models import AuditEntry
from cvv.events import batches, retention, services
from cvv.events.models import BatchJob, Event
from tests.events.factories import make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _read(job):
    with job.file.open("rb") as handle:
        return handle.read()


def _register(event, n, **extra):
    return services.registration_create(event=event, category="public", **person(n), **extra)


def test_badges_batch_records_its_progress_and_makes_one_pdf(users, monkeypatch, commit):
    event = make_event(quotas={"public": 17})
    for n in range(18):  # the eighteenth is waitlisted: no badge
        _register(event, n)
    seen = []
    original = batches._progress
    monkeypatch.setattr(batches, "_progress", lambda job, done: (seen.append(
        (done, BatchJob.objects.get(pk=job.pk).status)), original(job, done)))  # fmt: skip
    with commit(execute=True):
        job = batches.batch_request(event=event, kind="badges", actor=users["instructor"])
    job.refresh_from_db()
    assert seen == [(8, "running"), (16, "running")]  # a page of eight at a time
    assert (job.status, job.rows_done, job.rows_total) == ("succeeded", 17, 17)
    content = _read(job)
    assert content.startswith(b"%PDF") and b"/Count 3" in content
    actions = list(AuditEntry.objects.filter(action__startswith="events.batch")
                   .values_list("action", flat=True).order_by("pk"))  # fmt: skip
    assert actions == ["events.batch.requested", "events.batch.done"]
    with pytest.raises(PermissionDenied):
        batches.batch_request(event=event, kind="badges", actor=users["commune_agent"])


def test_certificates_batch_is_a_zip_of_the_people_present(users, monkeypatch, commit):
    event = make_event(kind="training", quotas={"public": 5})
    present = [_register(event, n) for n in range(3)]
    for registration in present[:2]:
        services.registration_transition(registration=registration, name="check_in",
                                         actor=users["instructor"])  # fmt: skip
    with commit(execute=True):
        job = batches.batch_request(event=event, kind="certificates", actor=users["instructor"])
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("succeeded", 2, 2)
    names = zipfile.ZipFile(io.BytesIO(_read(job))).namelist()
    assert sorted(names) == [f"attestation-{r.pk}-{r.last_name}.pdf" for r in present[:2]]

    def broken(registration):
        raise ValueError("police introuvable")

    monkeypatch.setattr(batches.certificates, "render", broken)
    with commit(execute=True):
        failed = batches.batch_request(event=event, kind="certificates",
                                       actor=users["instructor"])  # fmt: skip
    failed.refresh_from_db()
    assert (failed.status, failed.error, failed.file.name) == ("failed", "police introuvable", "")


def test_organisers_page_shows_progress_and_downloads(client, users, commit):
    event = make_event(quotas={"public": 3})
    _register(event, 1)
    client.force_login(users["instructor"])
    with commit(execute=True):
        response = client.post(reverse("events:batch_request", args=[event.slug]),
                               {"kind": "badges"}, follow=True)  # fmt: skip
        page = response.content.decode()  # the job runs once the request is committed
        assert "Badges (PDF) de « " in page and "en attente : 0 sur 1 document" in page
        assert 'hx-trigger="every 2s"' in page
    job = BatchJob.objects.get()
    page = client.get(reverse("events:registrations", args=[event.slug])).content.decode()
    assert "terminé : 1 sur 1 document" in page and 'hx-trigger="every 2s"' not in page
    download = reverse("events:batch_file", args=[event.slug, job.pk])
    assert download in page
    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf" and pdf.getvalue().startswith(b"%PDF")
    # A job still waiting: the page polls it and offers no file yet.
    waiting = BatchJob.objects.create(event=event, kind="certificates", rows_total=4,
                                      created_by=users["instructor"])  # fmt: skip
    status = client.get(reverse("events:batch_status", args=[event.slug, waiting.pk]))
    assert 'hx-trigger="every 2s"' in status.content.decode()
    assert "en attente : 0 sur 4 documents" in status.content.decode()
    assert (
        client.get(reverse("events:batch_file", args=[event.slug, waiting.pk])).status_code == 404
    )
    unknown = client.post(reverse("events:batch_request", args=[event.slug]), {"kind": "x"},
                          follow=True)  # fmt: skip
    assert "Nature de lot inconnue." in unknown.content.decode()
    assert BatchJob.objects.count() == 2


def test_attendance_export_keeps_the_people_present(client, users):
    event = make_event(quotas={"public": 3})
    here, away = _register(event, 1), _register(event, 2)
    services.registration_transition(registration=here, name="check_in", actor=users["instructor"])
    client.force_login(users["instructor"])
    url = reverse("events:registrations", args=[event.slug])
    text = client.get(url, {"etat": "attended", "format": "csv"}).getvalue().decode("utf-8-sig")
    assert here.last_name in text and away.last_name not in text


def test_batches_go_with_the_personal_data(users, commit):
    event = make_event(quotas={"public": 3})
    _register(event, 1)
    with commit(execute=True):
        job = batches.batch_request(event=event, kind="badges", actor=users["instructor"])
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    long_ago = timezone.now() - dt.timedelta(days=500)
    Event.objects.filter(pk=event.pk).update(starts_at=long_ago,
                                             ends_at=long_ago + dt.timedelta(hours=7))  # fmt: skip
    with commit(execute=True):
        assert retention.registrations_anonymise() == 1
    assert not BatchJob.objects.exists() and not storage.exists(name)
    entry = AuditEntry.objects.get(action="events.registration.anonymised")
    assert entry.data["batches"] == 1


def test_a_job_whose_worker_died_is_swept_failed_and_can_be_retried(client, users, commit):
    """A job "en cours" without progress for EVENTS_BATCH_STALE_AFTER seconds is marked failed
    (scheduled sweep, or the organisers' page before it shows the jobs); one that moved
    recently is left alone; the page offers to ask again for the same batch."""
    event = make_event(quotas={"public": 3, "elected": 1})
    services.registration_create(event=event, category="elected", **person(1))
    now = timezone.now()

    def running(minutes_ago, category=""):
        return BatchJob.objects.create(
            event=event, kind="badges", category=category, status="running", rows_total=1,
            created_by=users["instructor"],
            progress_at=now - dt.timedelta(minutes=minutes_ago),
        )  # fmt: skip

    dead, alive = running(16, category="elected"), running(14)
    assert batches.sweep_stale_batches(now=now) == [dead.pk]
    dead.refresh_from_db(), alive.refresh_from_db()
    assert (dead.status, dead.error, dead.finished_at) == ("failed", batches.INTERRUPTED, now)
    assert alive.status == "running"
    entry = AuditEntry.objects.get(action="events.batch.interrupted")
    assert entry.data["job"] == dead.pk
    assert batches.sweep_stale_batches(now=now) == []  # once only
    # The page sweeps too: a job silent for longer than the setting shows failed at once.
    BatchJob.objects.filter(pk=alive.pk).update(progress_at=now - dt.timedelta(hours=1))
    client.force_login(users["instructor"])
    status = client.get(reverse("events:batch_status", args=[event.slug, alive.pk]))
    text = status.content.decode()
    assert "échoué : 0 sur 1 document" in text and "Lot interrompu" in text
    assert 'hx-trigger="every 2s"' not in text and "Relancer</button>" in text
    page = client.get(reverse("events:registrations", args=[event.slug])).content.decode()
    assert page.count("Relancer</button>") == 2
    assert '<input type="hidden" name="category" value="elected">' in page
    with commit(execute=True):
        client.post(reverse("events:batch_request", args=[event.slug]),
                    {"kind": "badges", "category": "elected"})  # fmt: skip
    retried = BatchJob.objects.order_by("-pk").first()
    assert (retried.kind, retried.category, retried.status, retried.rows_total) == (
        "badges", "elected", "succeeded", 1)  # fmt: skip


def test_a_slow_worker_swept_meanwhile_still_delivers_its_file(users, monkeypatch, commit):
    event = make_event(quotas={"public": 2})
    _register(event, 1)
    swept = []

    def slow_render(rows, title, progress):
        later = timezone.now() + dt.timedelta(hours=1)
        swept.extend(batches.sweep_stale_batches(now=later))
        return b"%PDF-1.4 lent"

    monkeypatch.setattr(batches.badges, "render", slow_render)
    with commit(execute=True):
        job = batches.batch_request(event=event, kind="badges", actor=users["instructor"])
    job.refresh_from_db()
    assert swept == [job.pk]
    assert (job.status, job.error, _read(job)) == ("succeeded", "", b"%PDF-1.4 lent")


def test_a_job_never_started_is_queued_again_then_given_up(client, users):
    """A job still "en attente" after the stale delay lost its queue message: the sweep
    queues it again (made at once here: huey is immediate in the tests). Still waiting
    after three times the delay, no worker takes work: it is marked failed, saying so."""
    event = make_event(quotas={"public": 2})
    _register(event, 1)
    now = timezone.now()

    def waiting(minutes_ago):
        job = BatchJob.objects.create(event=event, kind="badges", rows_total=1,
                                      created_by=users["instructor"])  # fmt: skip
        BatchJob.objects.filter(pk=job.pk).update(
            created_at=now - dt.timedelta(minutes=minutes_ago)
        )
        return job

    lost, abandoned, fresh = waiting(20), waiting(50), waiting(5)
    assert batches.sweep_stale_batches(now=now) == [abandoned.pk]
    for job in (lost, abandoned, fresh):
        job.refresh_from_db()
    assert (lost.status, _read(lost)[:4]) == ("succeeded", b"%PDF")
    assert (abandoned.status, abandoned.error) == ("failed", batches.NEVER_STARTED)
    assert fresh.status == "pending"
    assert AuditEntry.objects.filter(action="events.batch.requeued").count() == 1
    assert AuditEntry.objects.get(action="events.batch.never_started").data["job"] == abandoned.pk
    # The organisers' page sweeps waiting jobs too, and says what happened.
    BatchJob.objects.filter(pk=fresh.pk).update(created_at=now - dt.timedelta(hours=2))
    client.force_login(users["instructor"])
    text = client.get(reverse("events:batch_status", args=[event.slug, fresh.pk])).content.decode()
    assert "Lot jamais commencé" in text and "Relancer</button>" in text


def test_a_job_queued_twice_is_made_once(users, monkeypatch):
    """Two workers read the same waiting job (a lost message queued again, then found):
    the claim is atomic, so the one that reads it after the other claimed it makes
    nothing."""
    from types import SimpleNamespace

    event = make_event(quotas={"public": 2})
    _register(event, 1)
    job = BatchJob.objects.create(event=event, kind="badges", rows_total=1,
                                  created_by=users["instructor"])  # fmt: skip
    made = []
    monkeypatch.setattr(
        batches.badges, "render", lambda rows, title, progress: made.append(1) or b"%PDF-1.4"
    )
    stale = BatchJob.objects.get(pk=job.pk)  # read while still waiting…
    BatchJob.objects.filter(pk=job.pk).update(status="running")  # …then claimed by the other
    monkeypatch.setattr(
        BatchJob.objects,
        "select_related",
        lambda *args: SimpleNamespace(filter=lambda **kw: SimpleNamespace(first=lambda: stale)),
    )
    assert batches.batch_run(job.pk).status == "running"
    assert made == []
