"""The toolbox: resources, their publication, attachments and bookmarks."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.documents.validation import read_upload
from cvv.programme.models import Bookmark, Resource, ResourceAttachment
from cvv.programme.workflows import RESOURCE

RESOURCE_FIELDS = (
    "title",
    "category",
    "tags",
    "author",
    "summary",
    "body",
    "url",
    "last_reviewed_on",
    "expires_on",
)


@transaction.atomic
def resource_save(*, actor, resource=None, **fields) -> Resource:
    created = resource is None
    resource = resource or Resource(created_by=actor)
    for key in RESOURCE_FIELDS:
        if key in fields:
            setattr(resource, key, fields[key])
    resource.tags = ", ".join(t.strip() for t in (resource.tags or "").split(",") if t.strip())
    reviewed, expires = resource.last_reviewed_on, resource.expires_on
    if expires and reviewed and expires < reviewed:
        raise ValidationError(
            {"expires_on": "La date de revue doit suivre la date de dernière relecture."}
        )
    resource.full_clean()
    resource.save()
    log_action(
        "programme.resource.created" if created else "programme.resource.updated",
        actor=actor,
        obj=resource,
        data={"title": resource.title, "category": resource.category},
    )
    return resource


@transaction.atomic
def resource_transition(*, resource, name, actor, reason="") -> Resource:
    RESOURCE.check(resource, name, actor)
    fields = []
    if name == "publish":
        resource.published_at = timezone.now()
        if resource.last_reviewed_on is None:
            resource.last_reviewed_on = timezone.localdate()
        fields = ["published_at", "last_reviewed_on"]
    return RESOURCE.apply(resource, name, actor=actor, reason=reason, extra_update_fields=fields)


@transaction.atomic
def resource_mark_reviewed(*, resource, expires_on, actor) -> Resource:
    today = timezone.localdate()
    if expires_on is not None and expires_on <= today:
        raise ValidationError({"expires_on": "La prochaine revue doit être dans le futur."})
    resource.last_reviewed_on = today
    resource.expires_on = expires_on
    resource.save(update_fields=["last_reviewed_on", "expires_on"])
    log_action(
        "programme.resource.reviewed", actor=actor, obj=resource, data={"expires_on": expires_on}
    )
    return resource


@transaction.atomic
def attachment_add(*, resource, uploaded_file, title, actor) -> ResourceAttachment:
    upload = read_upload(uploaded_file, default_name="piece-jointe")
    attachment = ResourceAttachment(
        resource=resource,
        title=(title or upload.name).strip()[:200],
        original_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=actor,
    )
    attachment.file.save(f"piece{upload.extension}", ContentFile(upload.content), save=False)
    try:
        attachment.save()
    except Exception:
        # The file is written before the row: do not leave it behind.
        attachment.file.storage.delete(attachment.file.name)
        raise
    log_action(
        "programme.resource.attachment_added",
        actor=actor,
        obj=resource,
        data={"attachment": attachment.pk, "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def bookmark_toggle(*, resource, user) -> bool:
    """Add or remove a bookmark; returns True when the resource is now bookmarked."""
    deleted, _ = Bookmark.objects.filter(resource=resource, user=user).delete()
    if deleted:
        log_action("programme.resource.unbookmarked", actor=user, obj=resource)
        return False
    Bookmark.objects.create(resource=resource, user=user)
    log_action("programme.resource.bookmarked", actor=user, obj=resource)
    return True
