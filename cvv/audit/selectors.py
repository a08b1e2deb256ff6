from django.contrib.contenttypes.models import ContentType

from cvv.audit.models import AuditEntry


def entries_for_object(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def transitions_for_object(obj):
    return [entry for entry in entries_for_object(obj) if entry.is_transition]


def entries_shown(obj, *, shown: dict[str, bool], limit=50) -> list[AuditEntry]:
    """The latest entries of `obj` whose action is in the allow-list `shown` (action ->
    whether its data, such as a transition's reason, may be shown). For display only: the
    data of the others is cut down to the transition's `from` and `to`."""
    entries = list(entries_for_object(obj).filter(action__in=list(shown))[:limit])
    for entry in entries:
        if not shown[entry.action]:
            entry.data = {key: entry.data[key] for key in ("from", "to") if key in entry.data}
    return entries
