"""Advice: a member asks the Métropole or a partner, outside any accompaniment. Routed by
domain with the programme's own routing table (`programme.services.expertise.route`); a
manager whose commune is accompanied is pointed to the programme's expertise requests."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from cvv.audit.services import log_action
from cvv.network.models import ADVICE_DOMAINS, AdviceRequest
from cvv.network.selectors import is_member
from cvv.network.workflows import ADVICE
from cvv.organisations.access import get_access
from cvv.organisations.enums import OrganisationKind
from cvv.organisations.models import Organisation


def metropole():
    return Organisation.objects.get(kind=OrganisationKind.METROPOLE)


def targets():
    """Who may be asked: the Métropole and the programme's partners."""
    return Organisation.objects.filter(
        kind__in=[
            OrganisationKind.METROPOLE,
            OrganisationKind.PARTENAIRE,
            OrganisationKind.FONCIERE,
        ]
    ).order_by("kind", "name")


def advice_visible_to(user):
    """Staff see every request; the requester theirs; a partner's people those addressed to
    their organisation."""
    access = get_access(user)
    qs = AdviceRequest.objects.select_related("requester", "organisation", "answered_by")
    if access.is_metropole_staff:
        return qs
    if not access.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(requester_id=access.user_id) | Q(organisation_id__in=access.organisation_ids)
    )


@transaction.atomic
def advice_request_create(*, actor, domain, subject, question, organisation=None):
    from cvv.network import tasks
    from cvv.programme.services.expertise import route

    if not is_member(actor):
        raise PermissionDenied("Réservé aux membres du réseau.")
    if domain not in dict(ADVICE_DOMAINS):
        raise ValidationError({"domain": "Domaine inconnu."})
    if organisation is not None and not targets().filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": "Destinataire inconnu."})
    if organisation is None:
        organisation = (route(domain) if domain != "general" else None) or metropole()
    advice = AdviceRequest(
        requester=actor,
        domain=domain,
        subject=subject,
        question=question,
        organisation=organisation,
    )
    advice.full_clean()
    advice.save()
    log_action("network.advice.create", actor=actor, obj=advice, data={"to": organisation.name})
    advice_id = advice.pk
    transaction.on_commit(lambda: tasks.send_advice_email(advice_id, "created"))
    return advice


@transaction.atomic
def advice_transition(*, advice, name, actor, text=""):
    from cvv.network import tasks

    ADVICE.check(advice, name, actor)
    fields = []
    if name == "answer":
        if not text.strip():
            raise ValidationError({"text": "Rédigez la réponse."})
        advice.answer, advice.answered_by = text.strip()[:5000], actor
        fields = ["answer", "answered_by"]
    ADVICE.apply(
        advice,
        name,
        actor=actor,
        reason=text if name == "decline" else "",
        extra_update_fields=fields,
    )
    if name in ("answer", "decline"):
        advice_id = advice.pk
        transaction.on_commit(lambda: tasks.send_advice_email(advice_id, name))
    return advice
