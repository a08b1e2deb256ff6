"""Writes of the coordination module: catalogue, calls, participations, referrals."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.coordination import notifications
from cvv.coordination.models import (
    MetroProgramme,
    Participation,
    ProgrammeCall,
    Referral,
    ReferralState,
)
from cvv.coordination.workflows import REFERRAL
from cvv.organisations.access import get_access


def _staff(actor):
    if not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Réservé aux équipes de la Métropole.")


def programme_save(*, programme: MetroProgramme, actor) -> MetroProgramme:
    _staff(actor)
    programme.full_clean()
    with transaction.atomic():
        programme.save()
        log_action("coordination.programme.saved", actor=actor, obj=programme)
    return programme


def call_save(*, call: ProgrammeCall, territoires=None, actor) -> ProgrammeCall:
    _staff(actor)
    call.full_clean()
    with transaction.atomic():
        call.save()
        if territoires is not None:
            call.territoires.set(territoires)
        log_action("coordination.call.saved", actor=actor, obj=call)
    return call


def call_delete(*, call: ProgrammeCall, actor):
    _staff(actor)
    with transaction.atomic():
        log_action(
            "coordination.call.deleted", actor=actor, obj=call.programme, data={"call": call.title}
        )
        call.delete()


def _may_edit_participation(actor, commune):
    access = get_access(actor)
    if not (access.is_metropole_staff or access.is_commune_side(commune)):
        raise PermissionDenied("Vous ne pouvez pas modifier les participations de cette commune.")


def participation_save(*, participation: Participation, actor) -> Participation:
    _may_edit_participation(actor, participation.commune)
    if participation.created_by_id is None:
        participation.created_by = actor
    participation.full_clean()
    with transaction.atomic():
        participation.save()
        log_action("coordination.participation.saved", actor=actor, obj=participation)
    return participation


def participation_delete(*, participation: Participation, actor):
    _may_edit_participation(actor, participation.commune)
    with transaction.atomic():
        log_action(
            "coordination.participation.deleted",
            actor=actor,
            obj=participation.programme,
            data={"commune": participation.commune.code, "project": participation.project},
        )
        participation.delete()


def participations_import(*, rows, actor) -> dict:
    """Create or update participations from checked rows (`importer.check_rows`), all or
    nothing. A row is identified by (commune, programme, project)."""
    _staff(actor)
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            existing = (
                Participation.objects.select_for_update()
                .filter(commune=row["commune"], programme=row["programme"], project=row["project"])
                .first()
            )
            participation = existing or Participation(
                commune=row["commune"], programme=row["programme"], project=row["project"]
            )
            for name in ("amount", "status", "started_on", "ended_on"):
                setattr(participation, name, row[name])
            participation.imported = True
            if participation.created_by_id is None:
                participation.created_by = actor
            participation.full_clean()
            participation.save()
            if existing:
                updated += 1
            else:
                created += 1
        log_action(
            "coordination.participation.imported",
            actor=actor,
            data={"created": created, "updated": updated},
        )
    return {"created": created, "updated": updated}


def referral_create(
    *, commune, programme, project, summary, documents=(), accompaniment=None, actor
) -> Referral:
    """A draft referral of a commune's project; its documents are picked from the commune's
    vault (never uploaded again), its accompaniment must be the commune's."""
    access = get_access(actor)
    if not (access.is_metropole_staff or access.is_commune_side(commune)):
        raise PermissionDenied("Vous ne pouvez pas orienter un projet de cette commune.")
    if not programme.is_active:
        raise ValidationError({"programme": "Ce programme n’accepte plus d’orientation."})
    if accompaniment is not None and accompaniment.commune_id != commune.pk:
        raise ValidationError(
            {"accompaniment": "Cet accompagnement n’est pas celui de la commune."}
        )
    foreign = [d for d in documents if d.commune_id != commune.pk or not d.is_current]
    if foreign:
        raise ValidationError(
            {
                "documents": "Seules les pièces en vigueur du coffre-fort de la commune "
                "peuvent être jointes."
            }
        )
    referral = Referral(
        commune=commune,
        programme=programme,
        accompaniment=accompaniment,
        project=project,
        summary=summary,
        created_by=actor,
    )
    referral.full_clean()
    with transaction.atomic():
        referral.save()
        referral.documents.set(documents)
        log_action("coordination.referral.created", actor=actor, obj=referral)
    return referral


def referral_transition(*, referral: Referral, name: str, actor, reason: str = "") -> Referral:
    extra = ()
    if name in ("accept", "decline"):
        referral.answer = (reason or "").strip()
        referral.answered_by = actor
        referral.answered_at = timezone.now()
        extra = ("answer", "answered_by", "answered_at")
    with transaction.atomic():
        REFERRAL.apply(referral, name, actor=actor, reason=reason, extra_update_fields=extra)
        if name == "send":
            notifications.notify_officers(referral)
        elif name in ("acknowledge", "accept", "decline"):
            notifications.notify_commune(referral, name)
    return referral


__all__ = [
    "ReferralState",
    "call_delete",
    "call_save",
    "participation_delete",
    "participation_save",
    "participations_import",
    "programme_save",
    "referral_create",
    "referral_transition",
]
