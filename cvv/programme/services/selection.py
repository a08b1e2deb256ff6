"""Selection: reviewers score a weighted grid (declaring conflicts of interest), the ranking
adds the need bonus, the committee decides and the commune is notified."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.organisations.models import Membership
from cvv.programme.models import Candidature, Review, Score
from cvv.programme.services.accompaniments import accompaniment_create
from cvv.programme.services.notify import queue_candidature_email
from cvv.programme.workflows import CANDIDATURE, DECISIONS, REVIEW

TWO_PLACES = Decimal("0.01")


def reviewer_same_territory(reviewer, commune) -> bool:
    """The reviewer belongs to an organisation of the commune's territory (the territory
    itself or one of its communes)."""
    territory = commune.territoire_id
    return Membership.objects.filter(
        Q(organisation__territoire=territory) | Q(organisation__commune__territoire=territory),
        user=reviewer,
        is_active=True,
    ).exists()


def review_draft(*, candidature, reviewer) -> Review:
    """An unsaved review to draw the empty grid: opening the page writes nothing."""
    return Review(
        candidature=candidature,
        reviewer=reviewer,
        same_territory=reviewer_same_territory(reviewer, candidature.commune),
    )


@transaction.atomic
def review_open(*, candidature, reviewer) -> Review:
    if candidature.state != Candidature.State.UNDER_REVIEW:
        raise ValidationError("La candidature n’est pas en évaluation.")
    review, created = Review.objects.get_or_create(
        candidature=candidature,
        reviewer=reviewer,
        defaults={"same_territory": reviewer_same_territory(reviewer, candidature.commune)},
    )
    if created:
        log_action(
            "programme.review.opened",
            actor=reviewer,
            obj=review,
            data={"same_territory": review.same_territory},
            commune_code=candidature.commune.code,
        )
    return review


def weighted_total(review_scores, criteria) -> Decimal | None:
    """Score on 100: sum(weight × value / max) / sum(weights) × 100."""
    by_criterion = {s.criterion_id: s.value for s in review_scores}
    if not criteria or any(c.pk not in by_criterion for c in criteria):
        return None
    weights = sum(c.weight for c in criteria)
    total = sum(c.weight * Decimal(by_criterion[c.pk]) / Decimal(c.max_score) for c in criteria)
    return (total / weights * 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@transaction.atomic
def review_save(
    *,
    review,
    scores: dict,
    comment="",
    conflict_declared=False,
    conflict_details="",
    no_conflict_declared=None,
    actor,
) -> Review:
    """`scores`: {criterion id: (value or None, comment)}. The reviewer declares either a
    conflict of interest (they are then recused) or the absence of any conflict."""
    if review.reviewer_id != actor.pk:
        raise ValidationError("Seul l’évaluateur peut modifier son évaluation.")
    if review.state != Review.State.DRAFT:
        raise ValidationError("Cette évaluation est remise : rouvrez-la pour la modifier.")
    if conflict_declared:
        if not conflict_details.strip():
            raise ValidationError({"conflict_details": "Décrivez le conflit d’intérêts."})
        review.conflict_declared = True
        review.conflict_details = conflict_details.strip()
        review.save(update_fields=["conflict_declared", "conflict_details"])
        return REVIEW.apply(review, "recuse", actor=actor, reason=review.conflict_details)
    criteria = list(review.candidature.edition.criteria.all())
    errors = {}
    for criterion in criteria:
        value, note = scores.get(criterion.pk, (None, ""))
        if value is None:
            Score.objects.filter(review=review, criterion=criterion).delete()
            continue
        if not 0 <= int(value) <= criterion.max_score:
            errors[f"score_{criterion.pk}"] = (
                f"La note de « {criterion.label} » doit être comprise entre 0 et "
                f"{criterion.max_score}."
            )
            continue
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": int(value), "comment": note}
        )
    if errors:
        raise ValidationError(errors)
    review.comment = comment
    review.total = weighted_total(review.scores.all(), criteria)
    if no_conflict_declared is not None:
        review.no_conflict_declared = bool(no_conflict_declared)
    review.save(update_fields=["comment", "total", "no_conflict_declared"])
    log_action(
        "programme.review.scored",
        actor=actor,
        obj=review,
        data={"total": review.total, "scores": {str(k): v[0] for k, v in scores.items()}},
        commune_code=review.candidature.commune.code,
    )
    return review


@transaction.atomic
def review_submit(*, review, actor) -> Review:
    if review.reviewer_id != actor.pk:
        raise ValidationError("Seul l’évaluateur peut remettre son évaluation.")
    if review.total is None:
        raise ValidationError("Notez tous les critères de la grille avant de remettre.")
    if not review.no_conflict_declared:
        raise ValidationError(
            "Déclarez vos intérêts (absence de conflit d’intérêts) avant de remettre."
        )
    review.submitted_at = timezone.now()
    return REVIEW.apply(
        review,
        "submit",
        actor=actor,
        data={"total": review.total},
        extra_update_fields=["submitted_at"],
    )


@transaction.atomic
def review_reopen(*, review, actor) -> Review:
    if review.reviewer_id != actor.pk:
        raise ValidationError("Seul l’évaluateur peut rouvrir son évaluation.")
    if review.candidature.state != Candidature.State.UNDER_REVIEW:
        raise ValidationError("Le comité a décidé : l’évaluation ne peut plus être rouverte.")
    return REVIEW.apply(review, "reopen", actor=actor)


@dataclass
class RankingRow:
    candidature: Candidature
    reviews: int
    average: Decimal | None
    need_bonus: Decimal
    final: Decimal | None
    flags: list


def ranking(edition) -> list[RankingRow]:
    """Candidatures under review or decided, best final score first."""
    candidatures = (
        edition.candidatures.filter(
            state__in=[Candidature.State.UNDER_REVIEW, *Candidature.DECIDED_STATES]
        )
        .select_related("commune__territoire")
        .prefetch_related("reviews__reviewer")
    )
    rows = []
    for candidature in candidatures:
        reviews = list(candidature.reviews.all())
        submitted = [r for r in reviews if r.state == Review.State.SUBMITTED]
        average = None
        if submitted:
            average = (sum(r.total for r in submitted) / len(submitted)).quantize(TWO_PLACES)
        flags = []
        for review in reviews:
            if review.state == Review.State.RECUSED:
                flags.append(f"{review.reviewer} s’est déporté(e) (conflit d’intérêts)")
            if review.same_territory:
                flags.append(f"{review.reviewer} est du même territoire")
        final = (average + candidature.need_bonus) if average is not None else None
        rows.append(
            RankingRow(candidature, len(submitted), average, candidature.need_bonus, final, flags)
        )
    rows.sort(key=lambda r: (r.final is None, -(r.final or 0), r.candidature.commune.nom))
    return rows


@transaction.atomic
def committee_decide(*, candidature, decision, reason, actor, referent=None) -> Candidature:
    """Record the committee's decision; an accepted commune gets its accompaniment."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Décision inconnue."})
    CANDIDATURE.check(candidature, decision, actor)
    if not candidature.reviews.filter(state=Review.State.SUBMITTED).exists():
        raise ValidationError("Au moins une évaluation remise est nécessaire avant la décision.")
    candidature.decision_reason = (reason or "").strip()
    candidature.decided_at = timezone.now()
    CANDIDATURE.apply(
        candidature,
        decision,
        actor=actor,
        reason=reason,
        extra_update_fields=["decision_reason", "decided_at"],
    )
    if decision in ("accept", "accept_studies"):
        accompaniment_create(candidature=candidature, actor=actor, referent=referent)
    queue_candidature_email(candidature, "decision")
    return candidature
