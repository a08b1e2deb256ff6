"""API of the programme (token auth), scoped like the pages: a commune agent's token sees
only its commune, a partner expert's token only the accompaniments they are on."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from cvv.api.auth import token_auth
from cvv.api.schemas import Code, Id, SmallNumber, responses
from cvv.programme import selectors
from cvv.programme.models import Action

PREFIX = "/programme"
router = Router(tags=["Programme d’accompagnement"], auth=token_auth)


class CandidatureOut(Schema):
    id: int
    commune: str
    commune_nom: str
    edition: int
    state: str
    state_label: str
    submitted_at: datetime.datetime | None
    population: int | None
    need_small: bool
    need_fragile: bool
    need_bonus: Decimal
    decision_reason: str
    decided_at: datetime.datetime | None
    centre_name: str
    motivation: str
    expected_support: str
    accompaniment: int | None


class ActionOut(Schema):
    id: int
    accompaniment: int
    commune: str
    title: str
    owner: str
    deadline: datetime.date | None
    status: str
    budget: Decimal
    phase: str
    overdue: bool


class MilestoneOut(Schema):
    phase: str
    title: str
    due_on: datetime.date | None
    done_on: datetime.date | None


class AccompanimentOut(Schema):
    id: int
    commune: str
    commune_nom: str
    edition: int
    state: str
    phase: str
    studies_only: bool
    referent: str
    started_on: datetime.date
    last_activity_at: datetime.datetime
    open_actions: int


class AccompanimentDetailOut(AccompanimentOut):
    team: list[dict]
    milestones: list[MilestoneOut]
    actions: list[ActionOut]


class ExpertiseOut(Schema):
    id: int
    accompaniment: int
    commune: str
    domain: str
    subject: str
    partner: str
    state: str
    due_on: datetime.date
    overdue: bool
    answered_at: datetime.datetime | None


def _candidature(c):
    return {
        "id": c.pk,
        "commune": c.commune.code,
        "commune_nom": c.commune.nom,
        "edition": c.edition.number,
        "state": c.state,
        "state_label": c.get_state_display(),
        "submitted_at": c.submitted_at,
        "population": c.population,
        "need_small": c.need_small,
        "need_fragile": c.need_fragile,
        "need_bonus": c.need_bonus,
        "decision_reason": c.decision_reason,
        "decided_at": c.decided_at,
        "centre_name": c.centre_name,
        "motivation": c.motivation,
        "expected_support": c.expected_support,
        "accompaniment": getattr(getattr(c, "accompaniment", None), "pk", None),
    }


def _action(a):
    return {
        "id": a.pk,
        "accompaniment": a.accompaniment_id,
        "commune": a.accompaniment.commune.code,
        "title": a.title,
        "owner": a.owner_name,
        "deadline": a.deadline,
        "status": a.status,
        "budget": a.budget,
        "phase": a.phase,
        "overdue": a.is_overdue,
    }


def _accompaniment(a):
    return {
        "id": a.pk,
        "commune": a.commune.code,
        "commune_nom": a.commune.nom,
        "edition": a.edition.number,
        "state": a.state,
        "phase": a.phase,
        "studies_only": a.studies_only,
        "referent": str(a.referent) if a.referent_id else "",
        "started_on": a.started_on,
        "last_activity_at": a.last_activity_at,
        "open_actions": sum(1 for x in a.actions.all() if x.status in Action.OPEN_STATUSES),
    }


@router.get(
    "/candidatures", response=responses(list[CandidatureOut], params=True), summary="Candidatures"
)
def list_candidatures(request, edition: SmallNumber | None = None, state: Code | None = None):
    """Candidatures visibles du compte (une commune : les siennes)."""
    qs = (
        selectors.candidatures_visible_to(request.user)
        .select_related("accompaniment")
        .order_by("-edition__number", "commune")
    )
    if edition:
        qs = qs.filter(edition__number=edition)
    if state:
        qs = qs.filter(state=state)
    return [_candidature(c) for c in qs]


@router.get(
    "/candidatures/{candidature_id}",
    response=responses(CandidatureOut, not_found=True, params=True),
    summary="Une candidature",
)
def get_candidature(request, candidature_id: Id):
    return _candidature(
        get_object_or_404(selectors.candidatures_visible_to(request.user), pk=candidature_id)
    )


@router.get(
    "/accompaniments",
    response=responses(list[AccompanimentOut], params=True),
    summary="Accompagnements",
)
def list_accompaniments(request, edition: SmallNumber | None = None, phase: Code | None = None):
    qs = (
        selectors.accompaniments_visible_to(request.user)
        .prefetch_related("actions")
        .order_by("-edition__number", "commune__code")
    )
    if edition:
        qs = qs.filter(edition__number=edition)
    if phase:
        qs = qs.filter(phase=phase)
    return [_accompaniment(a) for a in qs]


@router.get(
    "/accompaniments/{accompaniment_id}",
    response=responses(AccompanimentDetailOut, not_found=True, params=True),
    summary="Un accompagnement, avec son équipe, ses jalons et son plan d’actions",
)
def get_accompaniment(request, accompaniment_id: Id):
    a = get_object_or_404(
        selectors.accompaniments_visible_to(request.user).prefetch_related(
            "actions__owner", "milestones", "members__user", "members__organisation"
        ),
        pk=accompaniment_id,
    )
    return {
        **_accompaniment(a),
        "team": [
            {
                "name": str(m.user),
                "kind": m.kind,
                "organisation": str(m.organisation) if m.organisation_id else "",
            }
            for m in a.members.all()
        ],
        "milestones": [
            {"phase": m.phase, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in a.milestones.all()
        ],
        "actions": [_action(x) for x in a.actions.all()],
    }


@router.get(
    "/actions",
    response=responses(list[ActionOut], params=True),
    summary="Actions des plans d’actions",
)
def list_actions(request, accompaniment: Id | None = None, status: Code | None = None):
    qs = selectors.actions_visible_to(request.user).order_by("deadline", "pk")
    if accompaniment:
        qs = qs.filter(accompaniment_id=accompaniment)
    if status:
        qs = qs.filter(status=status)
    return [_action(a) for a in qs]


@router.get(
    "/expertise-requests",
    response=responses(list[ExpertiseOut], params=True),
    summary="Demandes d’expertise",
)
def list_expertise_requests(request, state: Code | None = None):
    qs = selectors.expertise_requests_visible_to(request.user).order_by("due_on", "pk")
    if state:
        qs = qs.filter(state=state)
    return [
        {
            "id": e.pk,
            "accompaniment": e.accompaniment_id,
            "commune": e.accompaniment.commune.code,
            "domain": e.domain,
            "subject": e.subject,
            "partner": str(e.partner),
            "state": e.state,
            "due_on": e.due_on,
            "overdue": e.is_overdue,
            "answered_at": e.answered_at,
        }
        for e in qs
    ]
