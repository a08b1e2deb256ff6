"""Writes on the document vault (each one audited)."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from cvv.audit.services import log_action
from cvv.documents.models import Document, DocumentKind
from cvv.documents.validation import read_upload


@transaction.atomic
def document_upload(*, commune, uploaded_file, kind, title, actor, replaces=None) -> Document:
    """Store a file in the commune's vault after checking its size and type (from content).

    `replaces`: an earlier document of the same vault; the new one becomes its next version.
    """
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Nature de document inconnue."})
    title = (title or "").strip()
    upload = read_upload(uploaded_file)
    original_name = upload.name
    if not title:
        title = original_name
    version, family = 1, None
    if replaces is not None:
        replaces = Document.objects.select_for_update().get(pk=replaces.pk)
        if replaces.commune_id != commune.pk:
            raise ValidationError(
                {"replaces": "La version remplacée appartient au coffre-fort d’une autre commune."}
            )
        if not replaces.is_current:
            raise ValidationError(
                {"replaces": "Ce document a déjà été remplacé : partez de sa dernière version."}
            )
        family = replaces.family or replaces
        version = replaces.version + 1
    document = Document(
        commune=commune,
        title=title[:200],
        kind=kind,
        original_name=original_name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        version=version,
        replaces=replaces,
        family=family,
        uploaded_by=actor,
    )
    document.file.save(f"upload{upload.extension}", ContentFile(upload.content), save=False)
    # Remove the stored file if the transaction fails after this point.
    stored_name = document.file.name
    storage = document.file.storage
    try:
        document.full_clean(exclude=["file", "family"])
        document.save()
        if family is None:
            document.family = document
            document.save(update_fields=["family"])
        if replaces is not None:
            replaces.is_current = False
            replaces.save(update_fields=["is_current"])
    except Exception:
        storage.delete(stored_name)
        raise
    log_action(
        "documents.document.uploaded",
        actor=actor,
        obj=document,
        data={
            "kind": kind,
            "version": version,
            "size": document.size,
            "sha256": document.sha256,
            "content_type": document.content_type,
            "replaces": replaces.pk if replaces else None,
        },
    )
    return document


def document_log_download(*, document, actor):
    log_action("documents.document.downloaded", actor=actor, obj=document)
