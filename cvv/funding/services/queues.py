"""Following and archiving FIMACS dossiers (the instructors' work queues, cvv.funding.queues).
Only instructors and administrators follow or archive; each move is in the audit trail."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.funding.models import Dossier, DossierArchive, DossierFollower
from cvv.funding.queues import HANDLED_STATES
from cvv.organisations.access import get_access
from cvv.organisations.enums import INSTRUCTION_ROLES


def _instructor(actor):
    if not get_access(actor).has_role(*INSTRUCTION_ROLES):
        raise PermissionDenied("Seuls les instructeurs suivent et archivent les dossiers.")


def _locked(dossier):
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


@transaction.atomic
def dossier_follow(*, dossier, actor, user=None) -> DossierFollower:
    """`actor` follows the dossier (or makes `user`, another instructor, follow it)."""
    _instructor(actor)
    user = user or actor
    if user != actor:
        _instructor(user)
    dossier = _locked(dossier)
    if dossier.state == Dossier.State.DRAFT:
        raise ValidationError("Un brouillon n’est pas encore à instruire.")
    follower, created = DossierFollower.objects.get_or_create(dossier=dossier, user=user)
    if not created:
        raise ValidationError(f"{user} suit déjà le dossier {dossier.reference}.")
    log_action("funding.dossier.followed", actor=actor, obj=dossier, data={"user": user.pk})
    return follower


@transaction.atomic
def dossier_unfollow(*, dossier, actor) -> None:
    _instructor(actor)
    dossier = _locked(dossier)
    deleted, _ = DossierFollower.objects.filter(dossier=dossier, user=actor).delete()
    if not deleted:
        raise ValidationError(f"Vous ne suivez pas le dossier {dossier.reference}.")
    log_action("funding.dossier.unfollowed", actor=actor, obj=dossier, data={"user": actor.pk})


@transaction.atomic
def dossier_archive(*, dossier, actor) -> DossierArchive:
    _instructor(actor)
    dossier = _locked(dossier)
    if dossier.state not in HANDLED_STATES:
        raise ValidationError("Seul un dossier traité (décidé, retiré, soldé…) s’archive.")
    archive, created = DossierArchive.objects.get_or_create(
        dossier=dossier, defaults={"archived_by": actor}
    )
    if not created:
        raise ValidationError(f"Le dossier {dossier.reference} est déjà archivé.")
    log_action("funding.dossier.archived", actor=actor, obj=dossier)
    return archive


@transaction.atomic
def dossier_unarchive(*, dossier, actor) -> None:
    _instructor(actor)
    dossier = _locked(dossier)
    deleted, _ = DossierArchive.objects.filter(dossier=dossier).delete()
    if not deleted:
        raise ValidationError(f"Le dossier {dossier.reference} n’est pas archivé.")
    log_action("funding.dossier.unarchived", actor=actor, obj=dossier)
