from django.contrib.contenttypes.models import ContentType

from cvv.audit.models import AuditEntry


def entries_for_object(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def transitions_for_object(obj):
    return [entry for entry in entries_for_object(obj) if entry.is_transition]
