"""Accompaniment of a selected commune: team, phases, milestones, deliverables."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.documents.models import DocumentKind
from cvv.documents.services import document_upload
from cvv.organisations.access import get_access
from cvv.organisations.enums import Role
from cvv.programme.models import (
    PHASE_ORDER,
    Accompaniment,
    Deliverable,
    Milestone,
    Phase,
    TeamMember,
)
from cvv.programme.workflows import ACCOMPANIMENT, PHASE

NEXT_PHASE_TRANSITION = {
    "diagnostic": "to_strategy",
    "strategy": "to_action_plan",
    "action_plan": "to_implementation",
    "implementation": "to_evaluation",
}
# Default milestones created with each accompaniment (phase, title).
DEFAULT_MILESTONES = [
    (Phase.DIAGNOSTIC, "Comité de lancement"),
    (Phase.DIAGNOSTIC, "Diagnostic partagé du centre-ville"),
    (Phase.STRATEGY, "Stratégie de revitalisation validée"),
    (Phase.ACTION_PLAN, "Plan d’actions validé en comité de pilotage"),
    (Phase.IMPLEMENTATION, "Premières actions engagées"),
    (Phase.EVALUATION, "Bilan de l’accompagnement"),
]


def touch(accompaniment):
    """Record activity (the inactivity reminder counts from it)."""
    now = timezone.now()
    Accompaniment.objects.filter(pk=accompaniment.pk).update(last_activity_at=now)
    accompaniment.last_activity_at = now


@transaction.atomic
def accompaniment_create(*, candidature, actor, referent=None) -> Accompaniment:
    accompaniment = Accompaniment.objects.create(
        edition=candidature.edition,
        commune=candidature.commune,
        candidature=candidature,
        studies_only=candidature.state == "accepted_studies",
        referent=referent,
        summary=candidature.expected_support,
    )
    for phase, title in DEFAULT_MILESTONES:
        if accompaniment.studies_only and PHASE_ORDER.index(phase) > PHASE_ORDER.index(
            Phase.ACTION_PLAN
        ):
            continue
        Milestone.objects.create(accompaniment=accompaniment, phase=phase, title=title)
    if referent is not None:
        TeamMember.objects.create(
            accompaniment=accompaniment, user=referent, kind=TeamMember.Kind.REFERENT
        )
    log_action(
        "programme.accompaniment.created",
        actor=actor,
        obj=accompaniment,
        data={"studies_only": accompaniment.studies_only, "candidature": candidature.pk},
    )
    return accompaniment


def _check_member_kind(user, kind, accompaniment):
    access = get_access(user)
    if kind in (TeamMember.Kind.REFERENT, TeamMember.Kind.METROPOLE):
        ok = access.is_metropole_staff
        message = "Seul un agent de la Métropole peut être référent ou membre de son équipe."
    elif kind == TeamMember.Kind.EXPERT:
        ok = access.has_role(Role.PARTNER_EXPERT, Role.FONCIERE_OFFICER)
        message = "Cette personne n’est pas expert d’un partenaire."
    else:
        ok = access.is_commune_side(accompaniment.commune) or access.has_role(Role.TERRITORY_AGENT)
        message = "Cette personne n’appartient pas à la commune ni à un territoire."
    if not ok:
        raise ValidationError({"user": message})


@transaction.atomic
def team_member_add(*, accompaniment, user, kind, actor) -> TeamMember:
    _check_member_kind(user, kind, accompaniment)
    if accompaniment.members.filter(user=user).exists():
        raise ValidationError({"user": "Cette personne fait déjà partie de l’équipe."})
    membership = user.memberships.filter(is_active=True).select_related("organisation").first()
    member = TeamMember.objects.create(
        accompaniment=accompaniment,
        user=user,
        kind=kind,
        organisation=membership.organisation if membership else None,
    )
    if kind == TeamMember.Kind.REFERENT:
        accompaniment.members.filter(kind=TeamMember.Kind.REFERENT).exclude(pk=member.pk).update(
            kind=TeamMember.Kind.METROPOLE
        )
        accompaniment.referent = user
        accompaniment.save(update_fields=["referent"])
    log_action(
        "programme.accompaniment.member_added",
        actor=actor,
        obj=accompaniment,
        data={"user": user.email, "kind": kind},
    )
    touch(accompaniment)
    return member


@transaction.atomic
def team_member_remove(*, member, actor):
    accompaniment = member.accompaniment
    if member.kind == TeamMember.Kind.REFERENT:
        accompaniment.referent = None
        accompaniment.save(update_fields=["referent"])
    log_action(
        "programme.accompaniment.member_removed",
        actor=actor,
        obj=accompaniment,
        data={"user": member.user.email, "kind": member.kind},
    )
    member.delete()


@transaction.atomic
def phase_advance(*, accompaniment, actor, reason="") -> Accompaniment:
    if not accompaniment.is_active:
        raise ValidationError("L’accompagnement n’est pas en cours : la phase ne peut changer.")
    name = NEXT_PHASE_TRANSITION.get(accompaniment.phase)
    if name is None:
        raise ValidationError("L’accompagnement est déjà dans sa dernière phase.")
    if accompaniment.studies_only and accompaniment.phase == Phase.ACTION_PLAN:
        raise ValidationError(
            "Accompagnement retenu pour les études seulement : il s’arrête au plan d’actions."
        )
    PHASE.check(accompaniment, name, actor)
    PHASE.apply(accompaniment, name, actor=actor, reason=reason)
    touch(accompaniment)
    return accompaniment


@transaction.atomic
def accompaniment_transition(*, accompaniment, name, actor, reason="") -> Accompaniment:
    ACCOMPANIMENT.check(accompaniment, name, actor)
    if name == "complete":
        accompaniment.ended_on = timezone.localdate()
    ACCOMPANIMENT.apply(
        accompaniment,
        name,
        actor=actor,
        reason=reason,
        extra_update_fields=["ended_on"] if name in ("complete", "abandon") else [],
    )
    touch(accompaniment)
    return accompaniment


@transaction.atomic
def milestone_create(*, accompaniment, phase, title, due_on, actor) -> Milestone:
    milestone = Milestone(accompaniment=accompaniment, phase=phase, title=title, due_on=due_on)
    milestone.full_clean()
    milestone.save()
    log_action(
        "programme.milestone.created",
        actor=actor,
        obj=accompaniment,
        data={"milestone": milestone.pk, "title": title, "phase": phase},
    )
    touch(accompaniment)
    return milestone


@transaction.atomic
def milestone_set_done(*, milestone, done: bool, actor) -> Milestone:
    milestone.done_on = timezone.localdate() if done else None
    milestone.save(update_fields=["done_on"])
    log_action(
        "programme.milestone.done" if done else "programme.milestone.reopened",
        actor=actor,
        obj=milestone.accompaniment,
        data={"milestone": milestone.pk, "title": milestone.title},
    )
    touch(milestone.accompaniment)
    return milestone


@transaction.atomic
def deliverable_upload(
    *, accompaniment, uploaded_file, actor, title="", phase="", deliverable=None, milestone=None
) -> Deliverable:
    """A new deliverable, or (`deliverable` given) its next version in the commune's vault."""
    created = deliverable is None
    if created:
        if not title.strip():
            raise ValidationError({"title": "Donnez un titre au livrable."})
        if phase not in PHASE_ORDER:
            raise ValidationError({"phase": "Choisissez la phase du livrable."})
        document = document_upload(
            commune=accompaniment.commune,
            uploaded_file=uploaded_file,
            kind=DocumentKind.LIVRABLE,
            title=title,
            actor=actor,
        )
        deliverable = Deliverable.objects.create(
            accompaniment=accompaniment,
            phase=phase,
            title=title.strip(),
            milestone=milestone,
            document=document,
            created_by=actor,
        )
    else:
        document = document_upload(
            commune=accompaniment.commune,
            uploaded_file=uploaded_file,
            kind=DocumentKind.LIVRABLE,
            title=deliverable.title,
            actor=actor,
            replaces=deliverable.document,
        )
        deliverable.document = document
        deliverable.save(update_fields=["document", "updated_at"])
    log_action(
        "programme.deliverable.created" if created else "programme.deliverable.new_version",
        actor=actor,
        obj=accompaniment,
        data={"deliverable": deliverable.pk, "document": document.pk, "version": document.version},
    )
    touch(accompaniment)
    return deliverable
