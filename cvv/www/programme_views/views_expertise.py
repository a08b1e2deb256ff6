"""Expertise requests: asked from an accompaniment, answered by the partner."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.audit.selectors import entries_for_object
from cvv.programme import selectors
from cvv.programme.models import ExpertiseRequest
from cvv.programme.services import expertise as services
from cvv.programme.workflows import EXPERTISE
from cvv.www.programme_views.common import attach_errors, report, require
from cvv.www.programme_views.forms import ExpertiseActionForm, ExpertiseRequestForm


def expertise_create(request, pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    require(
        selectors.can_contribute(request.user, accompaniment) and accompaniment.is_active,
        "Réservé à l’équipe d’un accompagnement en cours.",
    )
    form = ExpertiseRequestForm(request.POST or None, partners=services.partner_choices())
    if request.method == "POST" and form.is_valid():
        try:
            expertise = services.expertise_request_create(
                accompaniment=accompaniment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Demande envoyée à {expertise.partner}.")
            return redirect("programme:expertise", pk=expertise.pk)
    return render(
        request,
        "programme/expertise_form.html",
        {"accompaniment": accompaniment, "form": form, "routing": services.ROUTING},
        status=400 if form.errors else 200,
    )


def expertise_list(request):
    items = selectors.expertise_requests_visible_to(request.user).order_by("due_on")
    state = request.GET.get("etat", "")
    if state in ExpertiseRequest.State.values:
        items = items.filter(state=state)
    return render(
        request,
        "programme/expertise_list.html",
        {"requests": items, "states": ExpertiseRequest.State.choices, "selected_state": state},
    )


def expertise(request, pk):
    expertise = get_object_or_404(selectors.expertise_requests_visible_to(request.user), pk=pk)
    return render(
        request,
        "programme/expertise.html",
        {
            "expertise": expertise,
            "transitions": EXPERTISE.allowed(expertise, request.user),
            "form": ExpertiseActionForm(),
            "entries": entries_for_object(expertise),
        },
    )


@require_POST
def expertise_transition(request, pk):
    expertise = get_object_or_404(selectors.expertise_requests_visible_to(request.user), pk=pk)
    name = request.POST.get("transition", "")
    require(
        EXPERTISE.can(expertise, name, request.user),
        "Cette action n’est pas possible pour vous sur cette demande.",
    )
    report(
        request,
        lambda: services.expertise_transition(
            request=expertise, name=name, actor=request.user, text=request.POST.get("text", "")
        ),
        lambda: f"Demande : {expertise.get_state_display().lower()}.",
    )
    return redirect("programme:expertise", pk=pk)
