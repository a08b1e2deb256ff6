from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cvv.audit.labels import action_choices
from cvv.audit.models import AuditEntry
from cvv.organisations.access import staff_required
from cvv.users.models import User


def _page(request, entries):
    return Paginator(entries.select_related("actor", "content_type"), 50).get_page(
        request.GET.get("page")
    )


@staff_required
def entry_list(request):
    entries = AuditEntry.objects.all()
    action = request.GET.get("action", "").strip()
    commune = request.GET.get("commune", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    if commune:
        entries = entries.filter(commune_code=commune)
    return render(
        request,
        "audit/list.html",
        {
            "page": _page(request, entries),
            "action": action,
            "commune": commune,
            "heading": "Journal d’audit",
            "action_choices": action_choices(),
        },
    )


@staff_required
def object_entries(request, content_type_id, object_id):
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    entries = AuditEntry.objects.filter(content_type=content_type, object_id=object_id)
    first = entries.first()
    label = first.object_repr if first else f"{content_type.name} {object_id}"
    return render(
        request,
        "audit/list.html",
        {
            "page": _page(request, entries),
            "heading": f"Historique : {label}",
            "action": "",
            "commune": "",
        },
    )


@staff_required
def person_entries(request, user_id):
    person = get_object_or_404(User, pk=user_id)
    return render(
        request,
        "audit/list.html",
        {
            "page": _page(request, AuditEntry.objects.filter(actor=person)),
            "heading": f"Actions de {person}",
            "action": "",
            "commune": "",
        },
    )
