"""Slides and minutes of the sessions: the organisers add them (file checked from its content,
size bounded), the public event page lists them once the event has ended, not before."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.events import publications
from cvv.events.models import Session, SessionDocument
from tests.documents.helpers import PDF_BYTES, pdf
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def _session(event):
    return Session.objects.create(
        event=event, title="Table ronde vacance", kind="talk",
        starts_at=event.starts_at, ends_at=event.starts_at + dt.timedelta(hours=1),
    )  # fmt: skip


def _end(event, days_ago=1):
    shift = event.ends_at - event.starts_at
    event.starts_at = event.starts_at - dt.timedelta(days=40 + days_ago)
    event.ends_at = event.starts_at + shift
    event.save(update_fields=["starts_at", "ends_at"])
    event.sessions.update(starts_at=event.starts_at,
                          ends_at=event.starts_at + dt.timedelta(hours=1))  # fmt: skip


def test_slides_are_public_once_the_event_has_ended(client, users, settings):
    settings.DOCUMENT_MAX_SIZE = 2000
    event = make_event()
    session = _session(event)
    staff = client.__class__()
    staff.force_login(users["instructor"])
    url = reverse("events:session_documents", args=[event.slug])
    done = staff.post(url, {"session": session.pk, "kind": "slides", "title": "Diaporama",
                            "file": pdf("diapos.pdf")}, follow=True)  # fmt: skip
    assert "Support de présentation « Diaporama » ajouté" in done.content.decode()
    document = SessionDocument.objects.get()
    assert document.content_type == "application/pdf" and document.size == len(PDF_BYTES)
    assert AuditEntry.objects.filter(action="events.session_document.added").count() == 1
    disguised = SimpleUploadedFile("compte-rendu.pdf", b"<html><script>alert(1)</script>",
                                   content_type="application/pdf")  # fmt: skip
    refused = staff.post(url, {"session": session.pk, "kind": "minutes", "file": disguised})
    assert refused.status_code == 400 and SessionDocument.objects.count() == 1
    too_big = staff.post(url, {"session": session.pk, "kind": "minutes",
                               "file": pdf(content=PDF_BYTES + b" " * 3000)})  # fmt: skip
    assert too_big.status_code == 400 and "taille maximale" in too_big.content.decode()

    download = reverse("events:session_document", args=[document.pk])
    detail = reverse("events:detail", args=[event.slug])
    assert download in staff.get(detail).content.decode()  # the organisers see it already
    assert download not in client.get(detail).content.decode()
    assert client.get(download).status_code == 404

    _end(event)
    page = client.get(detail).content.decode()
    assert download in page and "Support de présentation : Diaporama" in page
    served = client.get(download)
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF_BYTES

    with pytest.raises(PermissionDenied):
        publications.session_document_add(session=session, uploaded_file=pdf(), kind="slides",
                                          title="", actor=users["commune_agent"])  # fmt: skip
    staff.post(reverse("events:session_document_remove", args=[event.slug, document.pk]))
    assert not SessionDocument.objects.exists()
    assert client.get(download).status_code == 404


def test_a_draft_events_documents_stay_hidden(client, users):
    event = make_event(state="draft")
    session = _session(event)
    _end(event)
    document = publications.session_document_add(session=session, uploaded_file=pdf(),
                                                  kind="minutes", title="CR",
                                                  actor=users["instructor"])  # fmt: skip
    assert client.get(reverse("events:session_document", args=[document.pk])).status_code == 404
