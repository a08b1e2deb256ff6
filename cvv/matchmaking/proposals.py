"""Premises offered by agencies and owners: an economic actor (agency, owner's company…)
proposes a premises it markets; the commune's people or the Métropole's staff moderate it
before anything is published. Approved, the premises enters the register (vacant, by the
moderator) and its offer is published; refused, with a reason (the workflow's log).

Public API: `OfferProposal`; services `proposal_submit(*, actor, organisation, commune,
address, deal_kind, sales_area_m2, **fields)`, `proposal_approve(*, actor, proposal)`,
`proposal_refuse(*, actor, proposal, reason)`; workflow `PROPOSAL_WORKFLOW`; selectors
`proposals_visible_to(user)` (the proposer's organisations; the commune's people their
commune's; staff all).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from cvv.audit.services import log_action
from cvv.core.workflows import Transition, Workflow
from cvv.matchmaking.enums import DealKind
from cvv.organisations.access import commune_side_q, get_access
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES
from cvv.premises.enums import PermittedUse

MONEY = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}


class ProposalState(models.TextChoices):
    PENDING = "a_moderer", "À modérer"
    APPROVED = "publiee", "Publiée"
    REFUSED = "refusee", "Refusée"


class OfferProposal(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", models.CASCADE, related_name="offer_proposals"
    )
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    address = models.CharField("adresse", max_length=300)
    sales_area_m2 = models.DecimalField("surface de vente (m²)", max_digits=8, decimal_places=1)
    permitted_use = models.CharField(
        "destination autorisée", max_length=20, choices=PermittedUse.choices, blank=True
    )
    deal_kind = models.CharField("type de transaction", max_length=20, choices=DealKind.choices)
    monthly_rent = models.DecimalField("loyer mensuel hors charges (€)", **MONEY)
    price = models.DecimalField("prix (€)", **MONEY)
    description = models.TextField("présentation", max_length=3000, blank=True)
    contact_name = models.CharField("contact (confidentiel)", max_length=200, blank=True)
    contact_email = models.EmailField("e-mail du contact (confidentiel)", blank=True)
    state = models.CharField(
        "état", max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    offer = models.OneToOneField(
        "matchmaking.Offer", models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "proposition de local"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Proposition de local — {self.address}, {self.commune.nom}"


def moderates(access, proposal):
    """The Métropole's staff; the commune's people for their commune."""
    return access.is_metropole_staff or (
        access.has_role(*COMMUNE_ROLES) and access.is_commune_side(proposal.commune)
    )


PROPOSAL_WORKFLOW = Workflow(
    "matchmaking.proposal",
    [
        Transition("approve", source=["a_moderer"], target="publiee", label="Publier"),
        Transition(
            "refuse", source=["a_moderer"], target="refusee", label="Refuser", reason_required=True
        ),
    ],
    model="matchmaking.OfferProposal",
    roles=tuple(sorted(METROPOLE_STAFF_ROLES | COMMUNE_ROLES)),
    scope=moderates,
)


def proposals_visible_to(user):
    from cvv.matchmaking.selectors import search_organisations

    access = get_access(user)
    items = OfferProposal.objects.select_related("commune", "organisation", "offer")
    if access.is_metropole_staff:
        return items
    if not access.is_authenticated:
        return items.none()
    q = models.Q(organisation__in=search_organisations(user))
    if access.has_role(*COMMUNE_ROLES):
        q |= commune_side_q(access, "commune")
    return items.filter(q)


@transaction.atomic
def proposal_submit(
    *, actor, organisation, commune, address, deal_kind, sales_area_m2, **fields
) -> OfferProposal:
    from cvv.matchmaking.selectors import search_organisations

    allowed = {"permitted_use", "monthly_rent", "price", "description", "contact_name",
               "contact_email"}  # fmt: skip
    if set(fields) - allowed:
        raise TypeError(f"Unknown fields: {sorted(set(fields) - allowed)}")
    if not search_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied("Vous n’agissez pas pour cette organisation.")
    if deal_kind == DealKind.LETTING and fields.get("monthly_rent") is None:
        raise ValidationError({"monthly_rent": "Indiquez le loyer mensuel d’une location."})
    if deal_kind != DealKind.LETTING and fields.get("price") is None:
        raise ValidationError({"price": "Indiquez le prix de cette cession ou vente."})
    proposal = OfferProposal(
        organisation=organisation,
        commune=commune,
        address=(address or "").strip(),
        deal_kind=deal_kind,
        sales_area_m2=sales_area_m2,
        created_by=actor,
        **fields,
    )
    proposal.full_clean()
    proposal.save()
    log_action("matchmaking.proposal.submit", actor=actor, obj=proposal)
    return proposal


@transaction.atomic
def proposal_approve(*, actor, proposal) -> OfferProposal:
    """The premises enters the register (vacant from today, owner: the proposer) and its
    offer is published, both by the moderator."""
    from cvv.matchmaking import services
    from cvv.premises.services import premises_create

    PROPOSAL_WORKFLOW.check(proposal, "approve", actor)
    premises = premises_create(
        actor=actor,
        commune=proposal.commune,
        address=proposal.address,
        status="vacant",
        on=dt.date.today(),
        sales_area_m2=proposal.sales_area_m2,
        permitted_use=proposal.permitted_use,
        owner_name=proposal.organisation.name[:200],
    )
    offer = services.offer_create(
        actor=actor,
        premises=premises,
        deal_kind=proposal.deal_kind,
        monthly_rent=proposal.monthly_rent,
        price=proposal.price,
        description=proposal.description,
        contact_name=proposal.contact_name,
        contact_email=proposal.contact_email,
    )
    services.offer_publish(actor=actor, offer=offer)
    proposal.offer = offer
    return PROPOSAL_WORKFLOW.apply(proposal, "approve", actor=actor, extra_update_fields=["offer"])


def proposal_refuse(*, actor, proposal, reason) -> OfferProposal:
    return PROPOSAL_WORKFLOW.apply(proposal, "refuse", actor=actor, reason=reason)
