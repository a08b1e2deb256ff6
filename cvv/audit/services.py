import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from cvv.audit.models import AuditEntry


def _jsonable(data):
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def _commune_code_of(obj):
    for path in ("commune", "centralite.commune", "accompaniment.commune", "dossier.commune"):
        target = obj
        for attr in path.split("."):
            target = getattr(target, attr, None)
            if target is None:
                break
        code = getattr(target, "code", None)
        if target is not None and isinstance(code, str) and len(code) == 5:
            return code
    return ""


def log_action(action, *, actor, obj=None, data=None, commune_code=None) -> AuditEntry:
    """Write one audit entry. `action` is namespaced: "funding.dossier.submit"."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    entry = AuditEntry(action=action, actor=actor, data=_jsonable(data))
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:300]
        entry.commune_code = commune_code or _commune_code_of(obj)
    elif commune_code:
        entry.commune_code = commune_code
    entry.save()
    return entry
