"""The jury of an award of the Assises: the organisers name the jurors, the president and the
weighted criteria; each juror scores each nomination on the grid (the programme's weighted
total on 100, `programme.services.selection.weighted_total`) or declares a conflict of
interest — a juror who declared one cannot score that nomination, and a juror working for
the nominated commune is refused outright; the ranking averages the jurors' totals; the
president (or the Métropole's jury roles) then designates the laureates from it
(`awards.nomination_transition`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.events.enums import NominationState
from cvv.events.models import AwardCategory, AwardCriterion, JuryReview, JuryScore, Nomination
from cvv.organisations.access import get_access
from cvv.programme.services.selection import TWO_PLACES, weighted_total


def _organiser(actor):
    if not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Réservé aux organisateurs (équipes de la Métropole).")


def is_juror(award: AwardCategory, user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        award.jury_president_id == user.pk or award.jurors.filter(pk=user.pk).exists()
    )


def jury_set(*, award: AwardCategory, jurors, president=None, actor) -> AwardCategory:
    """Names the jurors and the president (who is a juror too)."""
    _organiser(actor)
    jurors = list(jurors)
    if president is not None and president not in jurors:
        jurors.append(president)
    with transaction.atomic():
        award = AwardCategory.objects.select_for_update().get(pk=award.pk)
        award.jury_president = president
        award.save(update_fields=["jury_president"])
        award.jurors.set(jurors)
        log_action("events.jury.saved", actor=actor, obj=award.event,
                   data={"award": award.title, "jurors": sorted(u.pk for u in jurors),
                         "president": getattr(president, "pk", None)})  # fmt: skip
    return award


def criterion_save(*, criterion: AwardCriterion, actor) -> AwardCriterion:
    _organiser(actor)
    if JuryScore.objects.filter(criterion__award=criterion.award_id).exists():
        raise ValidationError("Le jury a commencé à noter : la grille ne peut plus changer.")
    criterion.full_clean()
    with transaction.atomic():
        criterion.save()
        log_action("events.jury.saved", actor=actor, obj=criterion.award.event,
                   data={"award": criterion.award.title, "criterion": criterion.label})  # fmt: skip
    return criterion


def _review(nomination, juror) -> JuryReview:
    if not is_juror(nomination.award, juror):
        raise PermissionDenied("Réservé aux membres du jury de ce prix.")
    if nomination.state != NominationState.SUBMITTED:
        raise ValidationError("Le jury a déjà décidé pour cette candidature.")
    review, _ = JuryReview.objects.select_for_update().get_or_create(
        nomination=nomination, juror=juror
    )
    return review


@transaction.atomic
def conflict_declare(*, nomination: Nomination, juror, details: str) -> JuryReview:
    """The juror declares a conflict of interest: their scores of this nomination are
    withdrawn and they can no longer score it."""
    details = (details or "").strip()
    if not details:
        raise ValidationError({"details": "Décrivez le conflit d’intérêts."})
    review = _review(nomination, juror)
    review.scores.all().delete()
    review.conflict_declared, review.conflict_details = True, details[:2000]
    review.total = None
    review.save(update_fields=["conflict_declared", "conflict_details", "total", "updated_at"])
    log_action("events.jury.conflict", actor=juror, obj=nomination,
               data={"award": nomination.award.title})  # fmt: skip
    return review


@transaction.atomic
def score(*, nomination: Nomination, juror, scores: dict, comment: str = "") -> JuryReview:
    """`scores`: {criterion id: value}; every criterion of the grid is required."""
    if get_access(juror).is_commune_side(nomination.commune):
        raise PermissionDenied(
            f"Vous travaillez pour {nomination.commune.nom} : vous ne pouvez pas noter sa "
            "candidature."
        )
    review = _review(nomination, juror)
    if review.conflict_declared:
        raise ValidationError(
            "Vous avez déclaré un conflit d’intérêts : vous ne pouvez pas noter cette candidature."
        )
    criteria = list(nomination.award.criteria.all())
    if not criteria:
        raise ValidationError("La grille de ce prix n’a pas encore de critère.")
    errors = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not 0 <= int(value) <= criterion.max_score:
            errors[f"score_{criterion.pk}"] = (
                f"Notez « {criterion.label} » entre 0 et {criterion.max_score}."
            )
    if errors:
        raise ValidationError(errors)
    for criterion in criteria:
        value = int(scores[criterion.pk])
        JuryScore.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": value}
        )
    review.comment = (comment or "").strip()[:2000]
    review.total = weighted_total(review.scores.all(), criteria)
    review.save(update_fields=["comment", "total", "updated_at"])
    log_action("events.jury.scored", actor=juror, obj=nomination,
               data={"award": nomination.award.title, "total": str(review.total)})  # fmt: skip
    return review


@dataclass
class RankingRow:
    nomination: Nomination
    scored: int
    conflicts: int
    average: Decimal | None


def ranking(award: AwardCategory) -> list[RankingRow]:
    """The nominations (not withdrawn), best average of the jurors' totals first."""
    rows = []
    nominations = award.nominations.exclude(state=NominationState.WITHDRAWN).select_related(
        "commune"
    )
    for nomination in nominations.prefetch_related("jury_reviews"):
        reviews = list(nomination.jury_reviews.all())
        totals = [r.total for r in reviews if r.total is not None]
        average = (sum(totals) / len(totals)).quantize(TWO_PLACES) if totals else None
        conflicts = sum(1 for r in reviews if r.conflict_declared)
        rows.append(RankingRow(nomination, len(totals), conflicts, average))
    rows.sort(key=lambda r: (r.average is None, -(r.average or 0), r.nomination.commune.nom))
    return rows


def has_scores(nomination: Nomination) -> bool:
    return nomination.jury_reviews.filter(total__isnull=False).exists()
