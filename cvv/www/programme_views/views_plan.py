"""Action plan, meetings and recommendations of an accompaniment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cvv.audit.selectors import entries_for_object
from cvv.programme import selectors
from cvv.programme.models import Meeting, Recommendation
from cvv.programme.services import plan as services
from cvv.programme.workflows import ACTION, RECOMMENDATION
from cvv.www.errors import show_errors
from cvv.www.programme_views.common import attach_errors, people_of, report, require
from cvv.www.programme_views.forms import (
    ActionForm,
    DecisionItemForm,
    MeetingForm,
    MinutesForm,
    ReasonForm,
    RecommendationForm,
)
from cvv.www.programme_views.views_accompaniment import linked_dossiers


def _contributor_accompaniment(request, pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    require(
        selectors.can_contribute(request.user, accompaniment) and accompaniment.is_active,
        "Réservé à l’équipe d’un accompagnement en cours.",
    )
    return accompaniment


def action_create(request, pk):
    accompaniment = _contributor_accompaniment(request, pk)
    form = ActionForm(
        request.POST or None,
        people=people_of(accompaniment),
        initial={"phase": accompaniment.phase},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                accompaniment=accompaniment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Action « {action.title} » ajoutée au plan.")
            return redirect(reverse("programme:accompaniment", args=[pk]) + "#plan")
    return render(
        request,
        "programme/action_form.html",
        {"accompaniment": accompaniment, "form": form, "action": None},
        status=400 if form.errors else 200,
    )


def action(request, pk):
    action = get_object_or_404(selectors.actions_visible_to(request.user), pk=pk)
    accompaniment = action.accompaniment
    editable = selectors.can_contribute(request.user, accompaniment) and accompaniment.is_active
    form = ActionForm(request.POST or None, instance=action, people=people_of(accompaniment))
    if request.method == "POST":
        require(editable, "Vous ne pouvez pas modifier cette action.")
        if form.is_valid():
            try:
                services.action_update(action=action, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"Action « {action.title} » mise à jour.")
                return redirect("programme:action", pk=pk)
    action.refresh_from_db()
    return render(
        request,
        "programme/action.html",
        {
            "action": action,
            "accompaniment": accompaniment,
            "form": form if editable else None,
            "transitions": ACTION.allowed(action, request.user) if editable else [],
            "reason_form": ReasonForm(),
            "dossiers": linked_dossiers(action, request.user),
            "entries": entries_for_object(action),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def action_transition(request, pk):
    action = get_object_or_404(selectors.actions_visible_to(request.user), pk=pk)
    require(
        selectors.can_contribute(request.user, action.accompaniment),
        "Vous ne pouvez pas modifier cette action.",
    )
    report(
        request,
        lambda: services.action_transition(
            action=action,
            name=request.POST.get("transition", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
        ),
        lambda: f"Action : {action.get_status_display()}.",
    )
    return redirect("programme:action", pk=pk)


def meeting_create(request, pk):
    accompaniment = _contributor_accompaniment(request, pk)
    form = MeetingForm(request.POST or None, people=people_of(accompaniment))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                accompaniment=accompaniment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Réunion « {meeting} » enregistrée.")
            return redirect("programme:meeting", pk=meeting.pk)
    return render(
        request,
        "programme/meeting_form.html",
        {"accompaniment": accompaniment, "form": form},
        status=400 if form.errors else 200,
    )


def _meeting_for(request, pk):
    visible = selectors.accompaniments_visible_to(request.user).values("pk")
    return get_object_or_404(
        Meeting.objects.filter(accompaniment__in=visible).select_related(
            "accompaniment__commune", "minutes_document"
        ),
        pk=pk,
    )


def meeting(request, pk):
    meeting = _meeting_for(request, pk)
    accompaniment = meeting.accompaniment
    editable = selectors.can_contribute(request.user, accompaniment)
    form = MinutesForm(
        request.POST or None, request.FILES or None, initial={"minutes": meeting.minutes}
    )
    if request.method == "POST":
        require(editable, "Vous ne pouvez pas modifier cette réunion.")
        if form.is_valid():
            try:
                services.meeting_update_minutes(
                    meeting=meeting,
                    minutes=form.cleaned_data["minutes"],
                    minutes_file=form.cleaned_data["minutes_file"],
                    actor=request.user,
                )
            except ValidationError as exc:
                attach_errors(form, exc, "minutes_file")
            else:
                messages.success(request, f"Compte rendu de la réunion « {meeting} » enregistré.")
                return redirect("programme:meeting", pk=pk)
    return render(
        request,
        "programme/meeting.html",
        {
            "meeting": meeting,
            "accompaniment": accompaniment,
            "participants": meeting.participants.all(),
            "decisions": meeting.decisions.select_related("action"),
            "form": form if editable else None,
            "decision_form": DecisionItemForm(people=people_of(accompaniment))
            if editable and accompaniment.is_active
            else None,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def meeting_decision(request, pk):
    meeting = _meeting_for(request, pk)
    accompaniment = meeting.accompaniment
    require(
        selectors.can_contribute(request.user, accompaniment) and accompaniment.is_active,
        "Vous ne pouvez pas modifier cette réunion.",
    )
    form = DecisionItemForm(request.POST, people=people_of(accompaniment))
    if form.is_valid():
        try:
            services.meeting_decision_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request,
                f"Décision ajoutée à la réunion « {meeting} »"
                + (" et inscrite au plan d’actions." if form.cleaned_data["make_action"] else "."),
            )
    else:
        messages.error(request, "Écrivez la décision.")
    return redirect("programme:meeting", pk=pk)


def recommendation_create(request, pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    require(
        selectors.is_advisor(request.user, accompaniment) and accompaniment.is_active,
        "Les recommandations sont faites par les accompagnateurs.",
    )
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_create(
                accompaniment=accompaniment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, f"Recommandation « {form.cleaned_data['title']} » adressée à la commune."
            )
            return redirect(reverse("programme:accompaniment", args=[pk]) + "#recommandations")
    return render(
        request,
        "programme/recommendation_form.html",
        {"accompaniment": accompaniment, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def recommendation_transition(request, pk):
    visible = selectors.accompaniments_visible_to(request.user).values("pk")
    recommendation = get_object_or_404(
        Recommendation.objects.filter(accompaniment__in=visible), pk=pk
    )
    require(
        selectors.can_contribute(request.user, recommendation.accompaniment),
        "Vous ne pouvez pas suivre cette recommandation.",
    )
    name = request.POST.get("transition", "")
    if name not in RECOMMENDATION.transitions:
        messages.error(request, "Statut inconnu.")
    else:
        report(
            request,
            lambda: services.recommendation_transition(
                recommendation=recommendation,
                name=name,
                actor=request.user,
                comment=request.POST.get("comment", ""),
            ),
            lambda: f"Recommandation : {recommendation.get_status_display().lower()}.",
        )
    return redirect(
        reverse("programme:accompaniment", args=[recommendation.accompaniment_id])
        + "#recommandations"
    )
