"""The accompaniment page and its steering: team, phases, milestones, deliverables."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cvv.audit.selectors import entries_for_object
from cvv.core.exports import FORMATS, table_response
from cvv.core.pagination import conversation_page
from cvv.core.plugins import contributions
from cvv.organisations.access import get_access
from cvv.programme import selectors
from cvv.programme.models import PHASE_ORDER, Accompaniment, Phase, TeamMember
from cvv.programme.services import accompaniments as services
from cvv.programme.services import plan as plan_services
from cvv.programme.services.candidatures import prefill
from cvv.programme.workflows import ACCOMPANIMENT, PHASE, RECOMMENDATION
from cvv.users.models import User
from cvv.www.errors import show_errors
from cvv.www.programme_views.common import report, require
from cvv.www.programme_views.forms import (
    DeliverableForm,
    DeliverableVersionForm,
    MessageForm,
    MilestoneForm,
    TeamMemberForm,
)


def linked_dossiers(action, user):
    """What finances the action (contributed by the funding modules), linked where the reader
    may open the dossier."""
    return selectors.action_funding_links([action], user=user).get(action.pk, [])


def _phases(accompaniment):
    current = accompaniment.phase_index
    return [
        {
            "value": value,
            "label": label,
            "done": index < current,
            "current": index == current,
            "milestones": [m for m in accompaniment.milestones.all() if m.phase == value],
            "deliverables": [d for d in accompaniment.deliverables.all() if d.phase == value],
        }
        for index, (value, label) in enumerate(Phase.choices)
        if not (accompaniment.studies_only and index > PHASE_ORDER.index(Phase.ACTION_PLAN))
    ]


def _with_buttons(recommendations, user):
    """Each recommendation with the transitions `user` may fire on it (its buttons)."""
    items = list(recommendations)
    for item in items:
        item.allowed_transitions = RECOMMENDATION.allowed(item, user)
    return items


def _audit_link(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("audit:object", args=[content_type.pk, obj.pk])


def _contributed_panels(accompaniment, user):
    """Sections other modules add to the page (hook `programme_accompaniment_panels`): each
    returns None or {"id", "title", "items": [{"label", "url", "detail"}], "empty",
    "action": {"label", "url"} | None}, already scoped to `user`."""
    panels = (hook(accompaniment, user) for hook in contributions("programme_accompaniment_panels"))
    return [panel for panel in panels if panel]


def accompaniment(request, pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    access = get_access(request.user)
    advisor = selectors.is_advisor(request.user, accompaniment)
    contributor = selectors.can_contribute(request.user, accompaniment)
    accompaniment = (
        Accompaniment.objects.select_related("commune__territoire", "edition", "referent")
        .prefetch_related(
            "milestones",
            "deliverables__document",
            "members__user",
            "members__organisation",
        )
        .get(pk=accompaniment.pk)
    )
    actions = list(accompaniment.actions.select_related("owner").order_by("deadline", "pk"))
    funding_links = selectors.action_funding_links(actions, user=request.user)
    conversation = accompaniment.messages.select_related("author")
    if not advisor:
        conversation = conversation.exclude(private=True)
    return render(
        request,
        "programme/accompaniment.html",
        {
            "accompaniment": accompaniment,
            "phases": _phases(accompaniment),
            "members": accompaniment.members.all(),
            "actions": [(a, funding_links.get(a.pk, [])) for a in actions],
            "meetings": accompaniment.meetings.prefetch_related("decisions"),
            "recommendations": _with_buttons(
                accompaniment.recommendations.prefetch_related("resources"), request.user
            ),
            "conversation": conversation_page(conversation, request.GET.get("messages")),
            "expertise_requests": accompaniment.expertise_requests.select_related("partner"),
            "is_advisor": advisor,
            "can_contribute": contributor and accompaniment.is_active,
            "is_staff": access.is_metropole_staff,
            "next_phase": next(iter(PHASE.allowed(accompaniment, request.user)), None),
            "state_transitions": ACCOMPANIMENT.allowed(accompaniment, request.user),
            "team_form": TeamMemberForm() if access.is_metropole_staff else None,
            "milestone_form": MilestoneForm(initial={"phase": accompaniment.phase}),
            "deliverable_form": DeliverableForm(initial={"phase": accompaniment.phase}),
            "version_form": DeliverableVersionForm(),
            "message_form": MessageForm(),
            "entries": entries_for_object(accompaniment)[:50] if access.is_metropole_staff else [],
            "audit_link": _audit_link(accompaniment) if access.is_metropole_staff else None,
            "total_budget": sum(a.budget for a in actions if a.status != "cancelled"),
            "known": prefill(accompaniment.commune, accompaniment.edition),
            "panels": _contributed_panels(accompaniment, request.user),
        },
    )


def _for_advisor(request, pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    require(selectors.is_advisor(request.user, accompaniment), "Réservé aux accompagnateurs.")
    return accompaniment


def _for_contributor(request, pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    require(
        selectors.can_contribute(request.user, accompaniment),
        "Réservé à l’équipe de l’accompagnement.",
    )
    return accompaniment


def _back(pk, anchor=""):
    return redirect(reverse("programme:accompaniment", args=[pk]) + anchor)


@require_POST
def phase_advance(request, pk):
    accompaniment = _for_advisor(request, pk)
    report(
        request,
        lambda: services.phase_advance(
            accompaniment=accompaniment, actor=request.user, reason=request.POST.get("reason", "")
        ),
        lambda: f"Phase en cours : {accompaniment.get_phase_display()}.",
    )
    return _back(pk, "#phases")


@require_POST
def accompaniment_transition(request, pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    require(get_access(request.user).is_metropole_staff, "Réservé à la Métropole.")
    report(
        request,
        lambda: services.accompaniment_transition(
            accompaniment=accompaniment,
            name=request.POST.get("transition", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
        ),
        lambda: f"Accompagnement : {accompaniment.get_state_display()}.",
    )
    return _back(pk)


@require_POST
def team_add(request, pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    require(get_access(request.user).is_metropole_staff, "Réservé à la Métropole.")
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            messages.error(
                request, "Aucun compte actif avec cet e-mail : invitez d’abord la personne."
            )
        else:
            report(
                request,
                lambda: services.team_member_add(
                    accompaniment=accompaniment,
                    user=user,
                    kind=form.cleaned_data["kind"],
                    actor=request.user,
                ),
                lambda: f"{user} rejoint l’équipe.",
            )
    else:
        messages.error(request, "Indiquez un e-mail valide et un rôle.")
    return _back(pk, "#equipe")


@require_POST
def team_remove(request, pk, member_pk):
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    require(get_access(request.user).is_metropole_staff, "Réservé à la Métropole.")
    member = get_object_or_404(TeamMember, pk=member_pk, accompaniment=accompaniment)
    services.team_member_remove(member=member, actor=request.user)
    messages.success(request, f"{member.user} ne fait plus partie de l’équipe.")
    return _back(pk, "#equipe")


@require_POST
def milestone_create(request, pk):
    accompaniment = _for_contributor(request, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        report(
            request,
            lambda: services.milestone_create(
                accompaniment=accompaniment, actor=request.user, **form.cleaned_data
            ),
            f"Jalon « {form.cleaned_data['title']} » ajouté.",
        )
    else:
        messages.error(request, "Jalon incomplet : indiquez la phase et le titre.")
    return _back(pk, "#phases")


@require_POST
def milestone_toggle(request, pk, milestone_pk):
    accompaniment = _for_contributor(request, pk)
    milestone = get_object_or_404(accompaniment.milestones, pk=milestone_pk)
    services.milestone_set_done(
        milestone=milestone, done=milestone.done_on is None, actor=request.user
    )
    return _back(pk, "#phases")


@require_POST
def deliverable_create(request, pk):
    accompaniment = _for_contributor(request, pk)
    form = DeliverableForm(request.POST, request.FILES)
    if form.is_valid():
        report(
            request,
            lambda: services.deliverable_upload(
                accompaniment=accompaniment,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                phase=form.cleaned_data["phase"],
                actor=request.user,
            ),
            f"Livrable « {form.cleaned_data['title']} » déposé dans le coffre-fort de la commune.",
        )
    else:
        messages.error(request, "Livrable incomplet : phase, titre et fichier sont requis.")
    return _back(pk, "#phases")


@require_POST
def deliverable_version(request, pk, deliverable_pk):
    accompaniment = _for_contributor(request, pk)
    deliverable = get_object_or_404(accompaniment.deliverables, pk=deliverable_pk)
    form = DeliverableVersionForm(request.POST, request.FILES)
    if form.is_valid():
        report(
            request,
            lambda: services.deliverable_upload(
                accompaniment=accompaniment,
                uploaded_file=form.cleaned_data["file"],
                deliverable=deliverable,
                actor=request.user,
            ),
            lambda: f"Nouvelle version de « {deliverable.title} » déposée.",
        )
    else:
        messages.error(request, "Choisissez le fichier de la nouvelle version.")
    return _back(pk, "#phases")


@require_POST
def message_post(request, pk):
    accompaniment = _for_contributor(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            plan_services.message_post(
                accompaniment=accompaniment,
                body=form.cleaned_data["body"],
                private=form.cleaned_data["private"],
                actor=request.user,
                may_write_private=selectors.is_advisor(request.user, accompaniment),
            )
        except ValidationError as exc:
            show_errors(request, exc)
    else:
        messages.error(request, "Le message est vide.")
    return _back(pk, "#conversation")


def accompaniments(request):
    items = selectors.accompaniments_visible_to(request.user).order_by(
        "-edition__number", "commune__nom"
    )
    return render(request, "programme/accompaniments.html", {"accompaniments": items})


PLAN_COLUMNS = [
    ("title", "Action"),
    ("phase", "Phase"),
    ("owner", "Responsable"),
    ("deadline", "Échéance"),
    ("status", "Statut"),
    ("overdue", "En retard"),
    ("budget", "Budget estimé (€)"),
    ("funding", "Demandes de financement"),
]


def plan_export(request, pk, fmt):
    """The action plan of an accompaniment as CSV, XLSX or ODS."""
    accompaniment = selectors.accompaniment_for_view(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("Format inconnu : csv, xlsx ou ods.")
    actions = list(accompaniment.actions.select_related("owner").order_by("deadline", "pk"))
    funding_links = selectors.action_funding_links(actions, user=request.user)
    rows = [
        {
            "title": action.title,
            "phase": action.get_phase_display(),
            "owner": action.owner_name,
            "deadline": action.deadline,
            "status": action.get_status_display(),
            "overdue": action.is_overdue,
            "budget": action.budget,
            "funding": ", ".join(d["label"] for d in funding_links.get(action.pk, [])),
        }
        for action in actions
    ]
    return table_response(
        PLAN_COLUMNS,
        rows,
        fmt,
        f"plan-actions-{accompaniment.commune.code}-{accompaniment.edition.number}",
    )
