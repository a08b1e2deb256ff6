"""Candidatures: prefilled from what the platform knows, drafted, submitted, completed."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.core.plugins import contributions
from cvv.programme.models import Accompaniment, Candidature, Edition
from cvv.programme.services.notify import queue_candidature_email
from cvv.programme.services.pieces import candidature_missing_pieces
from cvv.programme.workflows import CANDIDATURE
from cvv.territories.need import need_of

EDITABLE_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "centre_name",
    "motivation",
    "existing_actions",
    "expected_support",
    "team",
)


def commune_indicators(commune) -> dict:
    """The commune's latest published indicators ({label: value}) as the modules that
    publish some contribute them (hook `programme_commune_indicators`, e.g. the
    observatory); {} when none has any (the page then shows nothing)."""
    result = {}
    for indicators in contributions("programme_commune_indicators"):
        result.update(indicators(commune))
    return result


def need_bonus_of(need, edition) -> Decimal:
    """Bonus points (over a 100-point score) making the rebalancing visible in the ranking;
    the amounts are parameters of the edition."""
    bonus = Decimal("0.00")
    if edition is None:
        return bonus
    if need.small:
        bonus += edition.bonus_small
    if need.fragile:
        bonus += edition.bonus_fragile
    elif need.quartile == 3:
        bonus += edition.bonus_third_quartile
    return bonus


def prefill(commune, edition=None) -> dict:
    """What the platform knows about the commune (never typed by the commune)."""
    need = need_of(commune)
    reasons = list(need.reasons)
    if not need.fragile and need.quartile == 3:
        reasons.append(
            f"indice de besoin {need.need_index:.3f} dans le 3e quartile de la Métropole".replace(
                ".", ",", 1
            )
        )
    return {
        "siren": commune.siren,
        "population": commune.population,
        "territoire_code": commune.territoire.code,
        "territoire": str(commune.territoire),
        "need_small": need.small,
        "need_fragile": need.fragile,
        "need_index": need.need_index,
        "need_reasons": reasons,
        "need_bonus": need_bonus_of(need, edition),
        "indicators": commune_indicators(commune),
    }


def _apply_prefill(candidature):
    data = prefill(candidature.commune, candidature.edition)
    for key in (
        "siren",
        "population",
        "territoire_code",
        "need_small",
        "need_fragile",
        "need_index",
        "need_reasons",
        "need_bonus",
        "indicators",
    ):
        setattr(candidature, key, data[key])


@transaction.atomic
def candidature_create(*, edition, commune, actor) -> Candidature:
    if edition.state != Edition.State.CALL_OPEN:
        raise ValidationError("L’appel à candidatures de cette édition n’est pas ouvert.")
    if Candidature.objects.filter(edition=edition, commune=commune).exists():
        raise ValidationError(f"{commune.nom} a déjà une candidature pour {edition.name}.")
    candidature = Candidature(
        edition=edition,
        commune=commune,
        created_by=actor,
        contact_name=actor.get_full_name(),
        contact_email=actor.email,
        contact_phone=getattr(actor, "phone", ""),
    )
    _apply_prefill(candidature)
    candidature.save()
    log_action("programme.candidature.created", actor=actor, obj=candidature)
    return candidature


@transaction.atomic
def candidature_update(*, candidature, data: dict, answers: dict, actor):
    if not candidature.is_editable:
        raise ValidationError("La candidature n’est plus modifiable dans son état actuel.")
    changed = []
    for field in EDITABLE_FIELDS:
        if field in data and getattr(candidature, field) != data[field]:
            setattr(candidature, field, data[field])
            changed.append(field)
    question_ids = {str(q.pk) for q in candidature.edition.call.questions.all()}
    clean_answers = {k: v.strip() for k, v in answers.items() if k in question_ids}
    if clean_answers != candidature.answers:
        candidature.answers = clean_answers
        changed.append("answers")
    _apply_prefill(candidature)
    candidature.full_clean()
    candidature.save()
    log_action(
        "programme.candidature.updated", actor=actor, obj=candidature, data={"fields": changed}
    )
    return candidature


def missing_items(candidature) -> list[str]:
    """What prevents submission, in French."""
    missing = []
    labels = {
        "contact_name": "la personne à contacter",
        "contact_email": "l’e-mail du contact",
        "motivation": "la motivation et les enjeux",
        "expected_support": "l’accompagnement attendu",
    }
    for field, label in labels.items():
        if not (getattr(candidature, field) or "").strip():
            missing.append(f"Renseignez {label}.")
    for question in candidature.edition.call.questions.all():
        if question.required and not candidature.answers.get(str(question.pk), "").strip():
            missing.append(f"Répondez à la question « {question.label} ».")
    # Each piece the call requires in its slot, none left « à remplacer ».
    return missing + candidature_missing_pieces(candidature)


def eligibility_checks(candidature) -> list[tuple[str, bool, str]]:
    """Automatic checks shown to the instructor: (label, ok, detail)."""
    call = candidature.edition.call
    submitted = candidature.submitted_at
    checks = [
        (
            "Dossier complet",
            not missing_items(candidature),
            " ".join(missing_items(candidature)) or "Toutes les rubriques et pièces sont là.",
        ),
        (
            "Déposée dans les délais",
            submitted is not None and timezone.localdate(submitted) <= call.closes_on,
            f"Clôture de l’appel : {call.closes_on:%d/%m/%Y}.",
        ),
    ]
    other = (
        Accompaniment.objects.filter(
            commune=candidature.commune, state__in=Accompaniment.ACTIVE_STATES
        )
        .exclude(edition=candidature.edition)
        .select_related("edition")
        .first()
    )
    checks.append(
        (
            "Pas d’accompagnement en cours dans une autre édition",
            other is None,
            f"Accompagnement en cours : {other.edition}." if other else "Aucun.",
        )
    )
    return checks


def eligibility_contradiction(candidature, name) -> str:
    """Why a decision that goes against the automatic checks needs a written reason ("" when
    the decision agrees with them): declaring eligible a candidature that fails a check, or
    ineligible one that passes them all."""
    failed = [label for label, ok, _detail in eligibility_checks(candidature) if not ok]
    if name == "declare_eligible" and failed:
        return (
            "Les contrôles automatiques signalent : "
            + " ; ".join(label.lower() for label in failed)
            + ". Motivez la recevabilité."
        )
    if name == "declare_ineligible" and not failed:
        return "Tous les contrôles automatiques sont conformes : motivez l’irrecevabilité."
    return ""


@transaction.atomic
def candidature_submit(*, candidature, actor) -> Candidature:
    name = "resubmit" if candidature.state == Candidature.State.COMPLETION_REQUESTED else "submit"
    CANDIDATURE.check(candidature, name, actor)
    if candidature.edition.state != Edition.State.CALL_OPEN and name == "submit":
        raise ValidationError("L’appel à candidatures est clos : dépôt impossible.")
    missing = missing_items(candidature)
    if missing:
        raise ValidationError(missing)
    _apply_prefill(candidature)
    candidature.submitted_at = timezone.now()
    candidature.save()
    return CANDIDATURE.apply(candidature, name, actor=actor)


@transaction.atomic
def candidature_transition(*, candidature, name, actor, reason="") -> Candidature:
    """Instruction steps: completion request, eligibility, withdrawal."""
    if name not in ("request_completion", "declare_eligible", "declare_ineligible", "withdraw"):
        raise ValidationError("Action inconnue sur la candidature.")
    CANDIDATURE.check(candidature, name, actor)
    fields = []
    if name == "request_completion":
        candidature.completion_request = reason.strip()
        fields.append("completion_request")
    if name in ("declare_eligible", "declare_ineligible"):
        contradiction = eligibility_contradiction(candidature, name)
        if contradiction and not reason.strip():
            raise ValidationError({"reason": contradiction})
        candidature.eligibility_notes = reason.strip()
        fields.append("eligibility_notes")
    result = CANDIDATURE.apply(
        candidature, name, actor=actor, reason=reason, extra_update_fields=fields
    )
    if name == "request_completion":
        queue_candidature_email(candidature, "completion")
    return result
