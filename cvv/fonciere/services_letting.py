"""Letting a foncière's premises: candidates' applications (recorded by the foncière), the
commune's opinion (its own people), the letting committee's choice with reasons (the other
candidates are set aside with the same reasons), then the lease drawn from the chosen
application (`services.lease_create`, a draft to sign). Keyword-only, atomic, audited."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.fonciere import services
from cvv.fonciere.enums_chain import ApplicationState
from cvv.fonciere.models_portfolio import LettingApplication
from cvv.fonciere.selectors import is_manager
from cvv.fonciere.workflows_chain import LETTING_WORKFLOW
from cvv.organisations.access import get_access


def _check_manager(actor):
    if not is_manager(actor):
        raise PermissionDenied("Réservé à la foncière et aux services de la Métropole.")


@transaction.atomic
def application_record(
    *,
    actor,
    acquisition,
    candidate_name,
    activity,
    proposed_rent,
    received_on=None,
    project="",
    synthetic=False,
) -> LettingApplication:
    _check_manager(actor)
    if proposed_rent is None or proposed_rent < 0:
        raise ValidationError({"proposed_rent": "Le loyer ne peut pas être négatif."})
    if acquisition.applications.filter(state=ApplicationState.CHOSEN).exists():
        raise ValidationError("Un candidat a déjà été retenu pour ce local.")
    application = LettingApplication(
        acquisition=acquisition,
        commune=acquisition.commune,
        candidate_name=(candidate_name or "").strip(),
        activity=(activity or "").strip(),
        project=project,
        proposed_rent=proposed_rent,
        received_on=received_on or dt.date.today(),
        synthetic=synthetic,
    )
    application.full_clean()
    application.save()
    log_action("fonciere.application.create", actor=actor, obj=application)
    return application


@transaction.atomic
def application_opinion(*, actor, application, opinion, reasons="") -> LettingApplication:
    """The commune's opinion on a candidate (its own people only)."""
    if not get_access(actor).is_commune_side(application.commune):
        raise PermissionDenied("L’avis est donné par la commune du local.")
    application = LettingApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != ApplicationState.RECEIVED:
        raise ValidationError("Le comité a déjà statué sur cette candidature.")
    if opinion != "favorable" and not (reasons or "").strip():
        raise ValidationError({"reasons": "Motivez un avis réservé ou défavorable."})
    application.commune_opinion, application.commune_opinion_text = opinion, reasons
    application.save(update_fields=["commune_opinion", "commune_opinion_text"])
    log_action(
        "fonciere.application.opinion", actor=actor, obj=application, data={"opinion": opinion}
    )
    return application


@transaction.atomic
def letting_choose(*, actor, application, held_on, reasons) -> LettingApplication:
    """The letting committee retains one candidate with its reasons; the other pending
    candidates of the premises are set aside with the same reasons."""
    LETTING_WORKFLOW.check(application, "choose", actor)
    if not (reasons or "").strip():
        raise ValidationError({"reasons": "Motivez le choix du comité."})
    application.committee_on, application.committee_reasons = held_on, reasons
    LETTING_WORKFLOW.apply(
        application,
        "choose",
        actor=actor,
        extra_update_fields=["committee_on", "committee_reasons"],
    )
    others = application.acquisition.applications.filter(state=ApplicationState.RECEIVED).exclude(
        pk=application.pk
    )
    for other in others:
        other.committee_on, other.committee_reasons = held_on, reasons
        LETTING_WORKFLOW.apply(
            other,
            "set_aside",
            actor=actor,
            reason=f"Candidature de {application.candidate_name} retenue : {reasons}",
            extra_update_fields=["committee_on", "committee_reasons"],
        )
    return application


@transaction.atomic
def lease_from_application(*, actor, application, start, rent, reference_quarter, **lease):
    """The lease of the chosen candidate (a draft, signed on the lease's page)."""
    _check_manager(actor)
    application = LettingApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != ApplicationState.CHOSEN:
        raise ValidationError("Seul le candidat retenu par le comité reçoit un bail.")
    if application.lease_id:
        raise ValidationError("Le bail de ce candidat existe déjà.")
    created = services.lease_create(
        actor=actor,
        premises=application.acquisition.premises,
        kind=lease.pop("kind", "commercial"),
        tenant_name=application.candidate_name,
        start=start,
        rent=rent,
        reference_quarter=reference_quarter,
        synthetic=application.synthetic,
        **lease,
    )
    application.lease = created
    application.save(update_fields=["lease"])
    log_action(
        "fonciere.application.lease",
        actor=actor,
        obj=application,
        data={"lease": created.reference},
    )
    return created
