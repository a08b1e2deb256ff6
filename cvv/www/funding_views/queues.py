"""Instructors' work queues: follow / unfollow / archive / unarchive a FIMACS dossier."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cvv.funding.services import queues
from cvv.www.funding_views.common import INSTRUCTORS, dossier_as, flash_errors

ACTIONS = {
    "suivre": (queues.dossier_follow, "Vous suivez le dossier {ref}."),
    "ne-plus-suivre": (queues.dossier_unfollow, "Vous ne suivez plus le dossier {ref}."),
    "archiver": (queues.dossier_archive, "Dossier {ref} archivé."),
    "desarchiver": (queues.dossier_unarchive, "Dossier {ref} désarchivé."),
}


@require_POST
def dossier_queue_action(request, pk, action):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    if action not in ACTIONS:
        raise Http404("Action inconnue.")
    service, success = ACTIONS[action]
    try:
        service(dossier=dossier, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success.format(ref=dossier.reference))
    return redirect("fimacs:dossier", pk=dossier.pk)
