"""Instruction pages: instructors' transitions, opinions, private notes, messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cvv.audit.labels import done_message
from cvv.funding import selectors
from cvv.funding.models import Opinion
from cvv.funding.services import instruction
from cvv.funding.workflows import DOSSIER
from cvv.organisations.access import get_access
from cvv.organisations.enums import EXPERT_ROLES
from cvv.www.funding_views import forms
from cvv.www.funding_views.common import INSTRUCTORS, dossier_as, flash_errors


@require_POST
def dossier_instruct(request, pk, name):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    if name not in DOSSIER.group("instruction"):
        raise Http404("Action inconnue.")
    try:
        instruction.dossier_instruct(
            dossier=dossier, name=name, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, done_message(f"funding.dossier.{name}", dossier.reference))
    return redirect("fimacs:dossier", pk=dossier.pk)


@require_POST
def opinion_request(request, pk):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    form = forms.OpinionRequestForm(request.POST)
    if form.is_valid():
        try:
            instruction.opinion_request(dossier=dossier, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"Avis demandé sur le dossier {dossier.reference}.")
    else:
        messages.error(request, "Demande d’avis incomplète.")
    return redirect("fimacs:dossier", pk=dossier.pk)


def opinion_list(request):
    """The opinions asked of the partner expert's organisation."""
    access = get_access(request.user)
    if not access.has_role(*EXPERT_ROLES):
        raise PermissionDenied("Page réservée aux experts partenaires.")
    return render(
        request,
        "funding/opinion_list.html",
        {
            "opinions": selectors.opinions_for_expert(request.user).order_by("due_on", "pk"),
            "today": timezone.localdate(),
        },
    )


def _opinion_for(user, pk):
    access = get_access(user)
    if access.has_role(*INSTRUCTORS):
        return get_object_or_404(Opinion.objects.select_related("dossier__commune"), pk=pk)
    if access.has_role(*EXPERT_ROLES):
        return selectors.opinion_for_expert(user, pk)
    raise PermissionDenied("Les avis sont rendus par les instructeurs et les experts sollicités.")


def opinion_detail(request, pk):
    opinion = _opinion_for(request.user, pk)
    if opinion.kind == Opinion.Kind.TECHNICAL and not get_access(request.user).has_role(
        *INSTRUCTORS
    ):
        raise Http404
    form = forms.OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instruction.opinion_give(opinion=opinion, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"Avis rendu sur le dossier {opinion.dossier.reference}.")
            return redirect("fimacs:opinion", pk=opinion.pk)
    dossier = opinion.dossier
    return render(
        request,
        "funding/opinion_detail.html",
        {
            "opinion": opinion,
            "dossier": dossier,
            "expenses": dossier.expenses.all(),
            "attachments": dossier.documents.select_related("document"),
            "form": form if not opinion.is_given else None,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def annotation_add(request, pk):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    try:
        instruction.annotation_add(
            dossier=dossier, actor=request.user, text=request.POST.get("text")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("fimacs:dossier", pk=dossier.pk)


@require_POST
def message_post(request, pk):
    dossier = selectors.dossier_for_view(request.user, pk)
    access = get_access(request.user)
    if not (access.is_metropole_staff or selectors.is_commune_member(request.user, dossier)):
        raise PermissionDenied("Les messages s’échangent entre la commune et la Métropole.")
    try:
        instruction.message_post(dossier=dossier, actor=request.user, text=request.POST.get("text"))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("fimacs:dossier", pk=dossier.pk)
