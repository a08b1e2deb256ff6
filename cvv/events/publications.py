"""After the event: the slides and minutes of its sessions. The organisers add them (the file
checked from its content, size bounded, by the document vault's `read_upload`) or remove
them; the public event page lists them once the event has ended."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.documents.validation import read_upload
from cvv.events.enums import EventState
from cvv.events.models import SessionDocument
from cvv.organisations.access import get_access


def _organiser(actor):
    if not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Réservé aux organisateurs (équipes de la Métropole).")


def published(event, now=None) -> bool:
    """Slides and minutes are public once the (published) event has ended."""
    return event.state == EventState.PUBLISHED and event.ends_at <= (now or timezone.now())


def documents_of(event):
    return SessionDocument.objects.filter(session__event=event).select_related("session")


@transaction.atomic
def session_document_add(*, session, uploaded_file, kind, title, actor) -> SessionDocument:
    _organiser(actor)
    if kind not in SessionDocument.Kind.values:
        raise ValidationError({"kind": "Nature de document inconnue."})
    upload = read_upload(uploaded_file, default_name="support")
    document = SessionDocument(
        session=session,
        kind=kind,
        title=((title or "").strip() or upload.name)[:200],
        original_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=actor,
    )
    document.file.save(f"document{upload.extension}", ContentFile(upload.content), save=False)
    try:
        document.save()
    except Exception:
        # The file is written before the row: do not leave it behind.
        document.file.storage.delete(document.file.name)
        raise
    log_action("events.session_document.added", actor=actor, obj=session.event,
               data={"document": document.pk, "session": session.pk, "kind": kind,
                     "sha256": document.sha256})  # fmt: skip
    return document


@transaction.atomic
def session_document_remove(*, document, actor) -> None:
    _organiser(actor)
    event, name, storage = document.session.event, document.file.name, document.file.storage
    log_action("events.session_document.removed", actor=actor, obj=event,
               data={"document": document.pk, "title": document.title})  # fmt: skip
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
