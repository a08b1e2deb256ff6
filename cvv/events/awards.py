"""The awards of the Assises: communes submit a nomination (their people, or the Métropole
on their behalf) before the call closes; the jury designates the laureates, with its
opinion; the laureates are public (`selectors.laureates`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.events.models import AwardCategory, Nomination
from cvv.events.workflows import NOMINATION
from cvv.organisations.access import get_access


def award_save(*, award: AwardCategory, actor) -> AwardCategory:
    if not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Réservé aux organisateurs (équipes de la Métropole).")
    award.full_clean()
    with transaction.atomic():
        award.save()
        log_action("events.award.saved", actor=actor, obj=award.event,
                   data={"award": award.title})  # fmt: skip
    return award


def nomination_submit(*, award: AwardCategory, commune, project: str, pitch: str, actor):
    access = get_access(actor)
    if not (access.is_metropole_staff or access.is_commune_side(commune)):
        raise PermissionDenied("Seules les personnes de la commune peuvent la présenter.")
    if timezone.now() >= award.nominations_close_at:
        raise ValidationError("Les candidatures à ce prix sont closes.")
    if award.nominations.filter(commune=commune).exists():
        raise ValidationError(f"{commune.nom} est déjà candidate à ce prix.")
    nomination = Nomination(award=award, commune=commune, project=project.strip(),
                            pitch=pitch.strip(), submitted_by=actor)  # fmt: skip
    nomination.full_clean()
    with transaction.atomic():
        nomination.save()
        log_action("events.nomination.submitted", actor=actor, obj=nomination,
                   data={"award": award.title})  # fmt: skip
    return nomination


def nomination_transition(*, nomination: Nomination, name: str, actor, reason: str = ""):
    """Withdrawal by the commune, or the jury's decision (its opinion is the reason)."""
    if name in ("award", "not_select"):
        from cvv.events.jury import has_scores

        NOMINATION.check(nomination, name, actor)
        if name == "award" and nomination.award.criteria.exists() and not has_scores(nomination):
            raise ValidationError(
                "Le jury n’a pas encore noté cette candidature : la décision se prend au vu "
                "des notes."
            )
        nomination.jury_opinion = reason.strip()
    return NOMINATION.apply(nomination, name, actor=actor, reason=reason,
                            extra_update_fields=["jury_opinion"])  # fmt: skip
