"""Writes of the foncière's chain: a commune's safeguard perimeter and pre-emption
delegations (who holds the right when a declaration comes in), an opportunity's financial
analysis, the commune's opinion and the committee's decision. Keyword-only, atomic,
audited; the analysis moves through its workflow (guards checked there)."""

import datetime as dt
from decimal import Decimal

import shapely
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.core.plugins import contributions
from cvv.fonciere import appraisal, services
from cvv.fonciere.enums import OpportunitySource, RightHolder
from cvv.fonciere.enums_chain import AnalysisState, CommitteeChoice, DelegationScope
from cvv.fonciere.models import Opportunity
from cvv.fonciere.models_chain import (
    OpportunityAnalysis,
    PreemptionDelegation,
    SafeguardPerimeter,
)
from cvv.fonciere.workflows import MANAGERS
from cvv.fonciere.workflows_chain import ANALYSIS_WORKFLOW
from cvv.organisations.access import get_access
from cvv.territories import geo
from cvv.territories.services import parse_perimeter_geojson, validate_perimeter_for_commune

OPEN = ("recue", "suspendue", "etude")
SCOPE_OF_SOURCE = {
    OpportunitySource.DIA_COMMERCE: DelegationScope.COMMERCE,
    OpportunitySource.DIA_DPU: DelegationScope.DPU,
}
ZERO = Decimal("0")
# A perimeter drawn on the map: at most this many vertices (a hand-drawn street-level
# perimeter has a few dozen; more means a script, not a person).
MAX_DRAWN_VERTICES = 1000


def may_edit_commune_records(user, commune) -> bool:
    """The foncière's officers and the Métropole's staff, or the commune's own people."""
    access = get_access(user)
    return access.has_role(*MANAGERS) or access.is_commune_side(commune)


def _check_commune_editor(actor, commune):
    if not may_edit_commune_records(actor, commune):
        raise PermissionDenied("Réservé à la commune, à la foncière et à la Métropole.")


# --- Safeguard perimeter and delegations -------------------------------------------------


def current_perimeter(commune):
    return SafeguardPerimeter.objects.filter(commune=commune, current=True).first()


def inside_perimeter(premises, perimeter) -> bool | None:
    """Whether the premises' position lies inside the perimeter (None: no position or no
    perimeter)."""
    if perimeter is None or premises.lon is None or premises.lat is None:
        return None
    from shapely.geometry import Point

    return bool(perimeter.shape.buffer(1e-5).contains(Point(premises.lon, premises.lat)))


def delegation_on(commune, scope, day):
    """The delegation of `scope` in force in the commune on `day`, or None."""
    return (
        PreemptionDelegation.objects.filter(commune=commune, scope=scope, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("-valid_from", "-pk")
        .first()
    )


def right_for(opportunity):
    """(right holder, delegation record or None, delegation text) for an opportunity, from
    the commune's records on the day the declaration was received. An amicable sale, a
    commune's request or a survey's vacancy carry no pre-emption right."""
    scope = SCOPE_OF_SOURCE.get(opportunity.source)
    if scope is None:
        return RightHolder.NONE, None, ""
    delegation = delegation_on(opportunity.commune, scope, opportunity.received_on)
    if delegation is None:
        return RightHolder.COMMUNE, None, ""
    text = f"{delegation.delegatee_name} — {delegation.deliberation}"
    return delegation.delegatee, delegation, text[:300]


def apply_records(opportunity):
    """Fill the opportunity's right holder, delegation and perimeter flag from the records
    when the person did not type them (called by the opportunity's creation)."""
    if not opportunity.right_holder and not opportunity.delegation:
        holder, record, text = right_for(opportunity)
        opportunity.right_holder, opportunity.delegation_record = holder, record
        opportunity.delegation = text
    opportunity.in_safeguard_perimeter = inside_perimeter(
        opportunity.premises, current_perimeter(opportunity.commune)
    )


@transaction.atomic
def perimeter_record(
    *, actor, commune, raw_geojson, deliberation, voted_on=None, drawn=False, synthetic=False
) -> SafeguardPerimeter:
    """Record the commune's safeguard perimeter (GeoJSON uploaded in WGS84 or Lambert-93, or
    `drawn` on the map in WGS84 with at most MAX_DRAWN_VERTICES vertices; checked by the
    town-centre perimeters' parser); it replaces the current one, kept as history. The
    open opportunities of the commune are placed again inside or outside it."""
    _check_commune_editor(actor, commune)
    deliberation = (deliberation or "").strip()
    if not deliberation:
        raise ValidationError({"deliberation": "Indiquez la délibération qui l’a institué."})
    geometry = parse_perimeter_geojson(raw_geojson, lambert93=not drawn)
    if drawn:
        vertices = int(shapely.get_num_coordinates(geometry))
        if vertices > MAX_DRAWN_VERTICES:
            raise ValidationError(
                f"Le tracé compte {vertices} sommets : {MAX_DRAWN_VERTICES} au plus. "
                "Simplifiez-le ou importez un fichier GeoJSON."
            )
    validate_perimeter_for_commune(geometry, commune, what="un périmètre de sauvegarde")
    previous = list(
        SafeguardPerimeter.objects.select_for_update().filter(commune=commune, current=True)
    )
    SafeguardPerimeter.objects.filter(pk__in=[p.pk for p in previous]).update(current=False)
    perimeter = SafeguardPerimeter.objects.create(
        commune=commune,
        deliberation=deliberation,
        voted_on=voted_on,
        geometry=geo.rounded_mapping(geo.as_multipolygon(geometry)),
        area_m2=round(geo.area_m2(geometry), 1),
        synthetic=synthetic,
        created_by=actor,
    )
    for opportunity in Opportunity.objects.filter(commune=commune, state__in=OPEN).select_related(
        "premises"
    ):
        inside = inside_perimeter(opportunity.premises, perimeter)
        if inside != opportunity.in_safeguard_perimeter:
            Opportunity.objects.filter(pk=opportunity.pk).update(in_safeguard_perimeter=inside)
    log_action(
        "fonciere.safeguard_perimeter.record",
        actor=actor,
        obj=perimeter,
        data={
            "area_m2": perimeter.area_m2,
            "replaced": [p.pk for p in previous],
            "source": "drawn" if drawn else "upload",
        },
    )
    return perimeter


@transaction.atomic
def delegation_create(
    *,
    actor,
    commune,
    scope,
    delegatee,
    delegatee_name,
    valid_from,
    deliberation,
    holder="commune",
    valid_to=None,
    detail="",
    synthetic=False,
) -> PreemptionDelegation:
    """Record a delegation of a pre-emption right; two delegations of the same right may not
    overlap in time."""
    _check_commune_editor(actor, commune)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": "La fin ne peut précéder le début."})
    overlapping = PreemptionDelegation.objects.select_for_update().filter(
        commune=commune, scope=scope
    )
    for other in overlapping:
        if other.valid_from <= (valid_to or dt.date.max) and valid_from <= (
            other.valid_to or dt.date.max
        ):
            raise ValidationError(
                {
                    "valid_from": f"Une délégation de ce droit est déjà en vigueur sur cette "
                    f"période ({other.delegatee_name}, depuis le "
                    f"{other.valid_from:%d/%m/%Y}) : terminez-la d’abord."
                }
            )
    delegation = PreemptionDelegation(
        commune=commune,
        scope=scope,
        holder=holder,
        delegatee=delegatee,
        delegatee_name=(delegatee_name or "").strip(),
        detail=detail,
        valid_from=valid_from,
        valid_to=valid_to,
        deliberation=(deliberation or "").strip(),
        synthetic=synthetic,
        created_by=actor,
    )
    delegation.full_clean(exclude=["created_by"])
    delegation.save()
    log_action("fonciere.delegation.create", actor=actor, obj=delegation)
    return delegation


@transaction.atomic
def delegation_end(*, actor, delegation, on) -> PreemptionDelegation:
    _check_commune_editor(actor, delegation.commune)
    delegation = PreemptionDelegation.objects.select_for_update().get(pk=delegation.pk)
    if on < delegation.valid_from:
        raise ValidationError({"on": "La fin ne peut précéder le début de la délégation."})
    delegation.valid_to = on
    delegation.save(update_fields=["valid_to"])
    log_action("fonciere.delegation.end", actor=actor, obj=delegation, data={"on": on})
    return delegation


# --- Financial analysis, commune's opinion, committee -----------------------------------

ANALYSIS_FIELDS = (
    "price",
    "notary_fees",
    "works_budget",
    "target_rent",
    "annual_charges",
    "target_activity",
    "activity_kind",
    "target_turnover",
    "equity",
    "loan",
    "loan_rate",
    "loan_years",
    "commune_contribution",
    "fimacs_dossier_id",
    "fimacs_amount",
)


def fimacs_dossiers(commune) -> list:
    """The commune's FIMACS dossiers that may finance an operation (ACQUISITION or
    TRAVAUX_LOCAUX), offered by the funding module's contribution hook."""
    return [row for hook in contributions("fonciere_fimacs_dossiers") for row in hook(commune)]


def evaluate(analysis) -> appraisal.Appraisal:
    return appraisal.appraise(
        **{
            name: getattr(analysis, name)
            for name in ANALYSIS_FIELDS
            if name not in ("target_activity", "fimacs_dossier_id")
        }
    )


@transaction.atomic
def analysis_save(*, actor, opportunity, **fields) -> OpportunityAnalysis:
    """Create or update the analysis while it is being prepared (state « brouillon »)."""
    if not get_access(actor).has_role(*MANAGERS):
        raise PermissionDenied("Réservé à la foncière et aux services de la Métropole.")
    unknown = set(fields) - set(ANALYSIS_FIELDS) - {"synthetic"}
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    analysis = (
        OpportunityAnalysis.objects.select_for_update().filter(opportunity=opportunity).first()
    )
    if analysis is None:
        analysis = OpportunityAnalysis(opportunity=opportunity, commune=opportunity.commune)
    elif analysis.state != AnalysisState.DRAFT:
        raise ValidationError("L’analyse soumise ne se modifie plus : reprenez-la d’abord.")
    for name, value in fields.items():
        setattr(analysis, name, ZERO if value is None and name in _ZERO_DEFAULTS else value)
    dossier_id = analysis.fimacs_dossier_id
    if dossier_id is not None:
        offered = {row["id"] for row in fimacs_dossiers(opportunity.commune)}
        if dossier_id not in offered:
            raise ValidationError(
                {
                    "fimacs_dossier_id": "Ce dossier FIMACS n’est pas un dossier de la commune "
                    "en catégorie acquisition ou travaux de locaux."
                }
            )
    try:
        evaluate(analysis)
    except appraisal.AppraisalError as exc:
        raise ValidationError({exc.field: str(exc)}) from None
    analysis.updated_by = actor
    analysis.full_clean(exclude=["updated_by", "opportunity"])
    created = analysis.pk is None
    analysis.save()
    log_action(
        "fonciere.analysis.create" if created else "fonciere.analysis.update",
        actor=actor,
        obj=opportunity,
    )
    return analysis


_ZERO_DEFAULTS = {
    "notary_fees",
    "works_budget",
    "annual_charges",
    "equity",
    "loan",
    "loan_rate",
    "commune_contribution",
    "fimacs_amount",
}


def analysis_submit(*, actor, analysis) -> OpportunityAnalysis:
    return ANALYSIS_WORKFLOW.apply(analysis, "submit", actor=actor)


def analysis_give_opinion(*, actor, analysis, opinion, reasons="", on=None) -> OpportunityAnalysis:
    """The commune's opinion (its own people only: the workflow's guard)."""
    ANALYSIS_WORKFLOW.check(analysis, "give_opinion", actor)
    if not opinion:
        raise ValidationError({"opinion": "Choisissez un avis."})
    if opinion != "favorable" and not (reasons or "").strip():
        raise ValidationError({"reasons": "Motivez un avis réservé ou défavorable."})
    analysis.commune_opinion, analysis.commune_opinion_text = opinion, reasons
    analysis.commune_opinion_on = on or dt.date.today()
    return ANALYSIS_WORKFLOW.apply(
        analysis,
        "give_opinion",
        actor=actor,
        data={"opinion": opinion},
        extra_update_fields=["commune_opinion", "commune_opinion_text", "commune_opinion_on"],
    )


# The opportunity's states that already carry each committee decision.
DECIDED_STATES = {
    CommitteeChoice.ACQUIRE: ("preemptee", "acquise"),
    CommitteeChoice.PREEMPT_TRANSFER: ("preemptee", "acquise"),
    CommitteeChoice.DECLINE: ("renoncee", "renonciation_tacite"),
}


@transaction.atomic
def analysis_decide(
    *,
    actor,
    analysis,
    decision,
    held_on,
    votes_for,
    votes_against,
    votes_abstention=0,
    reasons="",
) -> OpportunityAnalysis:
    """The committee's decision with its vote: acquiring (directly or through the commune's
    pre-emption then transfer) needs more votes for than against; reasons are required.
    The decision moves the opportunity, still open, through its own workflow on the
    committee's date (acquire or pre-empt → `preempt`, decline → `renounce`, a declaration's
    deadline checked there); an opportunity already carrying that outcome stays as it is,
    one carrying the opposite outcome refuses the decision."""
    ANALYSIS_WORKFLOW.check(analysis, "decide", actor)
    if decision not in CommitteeChoice.values:
        raise ValidationError({"decision": "Choisissez une décision."})
    if min(votes_for, votes_against, votes_abstention) < 0:
        raise ValidationError({"votes_for": "Les voix ne peuvent pas être négatives."})
    if votes_for + votes_against + votes_abstention == 0:
        raise ValidationError({"votes_for": "Enregistrez le vote du comité."})
    if decision != CommitteeChoice.DECLINE and votes_for <= votes_against:
        raise ValidationError(
            {"decision": "Acquérir demande plus de voix pour que de voix contre."}
        )
    if not (reasons or "").strip():
        raise ValidationError({"reasons": "Motivez la décision du comité."})
    if (
        decision == CommitteeChoice.PREEMPT_TRANSFER
        and analysis.opportunity.source not in SCOPE_OF_SOURCE
    ):
        raise ValidationError(
            {
                "decision": "La préemption suppose une déclaration (DIA ou cession dans le "
                "périmètre de sauvegarde)."
            }
        )
    opportunity = Opportunity.objects.select_for_update().get(pk=analysis.opportunity_id)
    if opportunity.state in OPEN:
        try:
            services.opportunity_decide(
                actor=actor,
                opportunity=opportunity,
                preempt=decision != CommitteeChoice.DECLINE,
                on=held_on,
                reason=reasons,
            )
        except ValidationError as exc:  # the deadline's message belongs to the committee's date
            errors = exc.message_dict if hasattr(exc, "error_dict") else {}
            if "on" in errors:
                raise ValidationError({"held_on": errors["on"]}) from None
            raise
    elif opportunity.state not in DECIDED_STATES[decision]:
        raise ValidationError(
            {
                "decision": "L’opportunité est déjà « "
                f"{opportunity.get_state_display().lower()} » : cette décision la contredit."
            }
        )
    analysis.opportunity = opportunity
    analysis.decision, analysis.committee_on = decision, held_on
    analysis.votes_for, analysis.votes_against = votes_for, votes_against
    analysis.votes_abstention, analysis.decision_reasons = votes_abstention, reasons
    return ANALYSIS_WORKFLOW.apply(
        analysis,
        "decide",
        actor=actor,
        data={
            "decision": decision,
            "for": votes_for,
            "against": votes_against,
            "abstention": votes_abstention,
        },
        extra_update_fields=[
            "decision",
            "committee_on",
            "votes_for",
            "votes_against",
            "votes_abstention",
            "decision_reasons",
        ],
    )


def analysis_revise(*, actor, analysis, reason) -> OpportunityAnalysis:
    return ANALYSIS_WORKFLOW.apply(analysis, "revise", actor=actor, reason=reason)
