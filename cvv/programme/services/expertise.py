"""Expertise requests: routed to the right partner, followed until answered."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.organisations.models import Organisation
from cvv.programme.models import ExpertiseRequest, ReminderKind, TeamMember
from cvv.programme.services.accompaniments import touch
from cvv.programme.services.notify import notify_and_email
from cvv.programme.workflows import EXPERTISE
from cvv.users.models import User

# Which kind of partner answers which domain (Organisation.partner_type, in order).
ROUTING = {
    "legal": ["CCI", "Banque des Territoires"],
    "urban_planning": ["Banque des Territoires", "EPF"],
    "land": ["Foncière", "EPF", "Banque des Territoires"],
    "commercial": ["CCI", "CMA"],
    "crafts": ["CMA"],
    "financing": ["Banque des Territoires"],
    "fonciere": ["Foncière"],
}


def route(domain) -> Organisation | None:
    for partner_type in ROUTING.get(domain, []):
        partner = (
            Organisation.objects.filter(partner_type__iexact=partner_type).order_by("name").first()
        )
        if partner is not None:
            return partner
    return None


def partner_choices():
    return Organisation.objects.filter(kind__in=["partenaire", "fonciere"]).order_by("name")


@transaction.atomic
def expertise_request_create(
    *, accompaniment, domain, subject, question, due_on, actor, partner=None
) -> ExpertiseRequest:
    if not accompaniment.is_active:
        raise ValidationError("L’accompagnement n’est pas en cours.")
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": "La date de réponse attendue est déjà passée."})
    partner = partner or route(domain)
    if partner is None:
        raise ValidationError(
            {"partner": "Aucun partenaire n’est désigné pour ce domaine : choisissez-en un."}
        )
    request = ExpertiseRequest(
        accompaniment=accompaniment,
        domain=domain,
        subject=subject,
        question=question,
        due_on=due_on,
        partner=partner,
        requested_by=actor,
    )
    request.full_clean()
    request.save()
    log_action(
        "programme.expertise.created",
        actor=actor,
        obj=request,
        data={"domain": domain, "partner": partner.name, "due_on": due_on},
    )
    notify_and_email(
        list(
            User.objects.filter(
                is_active=True, memberships__is_active=True, memberships__organisation=partner
            ).distinct()
        ),
        kind=ReminderKind.EXPERTISE_UPDATE,
        text=f"Nouvelle demande d’expertise ({accompaniment.commune.nom}) : « {subject} », "
        f"réponse attendue le {due_on:%d/%m/%Y}.",
        url=reverse("programme:expertise", args=[request.pk]),
        key=f"expertise-new:{request.pk}",
    )
    touch(accompaniment)
    return request


def is_partner_expert(user, request) -> bool:
    return user.memberships.filter(is_active=True, organisation=request.partner).exists()


@transaction.atomic
def expertise_transition(*, request, name, actor, text="") -> ExpertiseRequest:
    EXPERTISE.check(request, name, actor)
    if name == "answer" and not text.strip():
        raise ValidationError({"text": "Rédigez la réponse."})
    fields = []
    if name in ("accept", "answer") and is_partner_expert(actor, request):
        if request.assigned_to_id is None:
            request.assigned_to = actor
            fields.append("assigned_to")
        # The expert who takes the request joins the accompaniment's team.
        TeamMember.objects.get_or_create(
            accompaniment=request.accompaniment,
            user=actor,
            defaults={"kind": TeamMember.Kind.EXPERT, "organisation": request.partner},
        )
    if name == "answer":
        request.answer = text.strip()
        request.answered_at = timezone.now()
        fields += ["answer", "answered_at"]
    EXPERTISE.apply(
        request,
        name,
        actor=actor,
        reason=text if name != "answer" else "",
        extra_update_fields=fields,
    )
    if name in ("answer", "decline"):
        notify_and_email(
            [request.requested_by],
            kind=ReminderKind.EXPERTISE_UPDATE,
            text=f"{request.partner} a {'répondu à' if name == 'answer' else 'décliné'} "
            f"la demande d’expertise « {request.subject} ».",
            url=reverse("programme:expertise", args=[request.pk]),
            key=f"expertise-{name}:{request.pk}:{timezone.now():%Y%m%d%H%M%S}",
        )
    touch(request.accompaniment)
    return request
