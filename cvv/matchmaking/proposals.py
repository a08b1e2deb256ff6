"""Premises offered by agencies and owners: an economic actor (agency, owner's company…)
proposes a premises it markets; the commune's people or the Métropole's staff moderate it
before anything is published. Approved, the premises enters the register (vacant, by the
moderator) and its offer is published; refused, with a reason (the workflow's log).
While it waits for moderation its author (a member of the proposing organisation, acting as
an economic actor) may edit it, or withdraw it (optional reason): withdrawn, it leaves the
moderators' queue and can be neither published nor refused. Once published, refused or
withdrawn, nothing about it changes any more. The Métropole's staff still see the withdrawn
ones, read-only and apart from the moderation list (`proposals_listed(user, withdrawn=True)`),
with who withdrew them and when (`withdrawals`, from the audit log).

Public API: `OfferProposal`; services `proposal_submit(*, actor, organisation, commune,
address, deal_kind, sales_area_m2, **fields)`, `proposal_update(*, actor, proposal, <same>)`,
`proposal_withdraw(*, actor, proposal, reason="")`, `proposal_approve(*, actor, proposal)`,
`proposal_refuse(*, actor, proposal, reason)`; workflow `PROPOSAL_WORKFLOW`; `is_author(user,
proposal)`; selectors `proposals_visible_to(user)` (the proposer's organisations, every
state; the commune's people their commune's except the withdrawn ones; staff all, the withdrawn
ones included), `proposals_listed(user, *, withdrawn=False)` (the list page: by default the
moderation list, where the withdrawn ones appear to their authors only; `withdrawn=True`: only
the withdrawn ones the person sees) and `withdrawals(proposals)` (pk -> the audit entry of
each one's withdrawal).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from cvv.audit.services import log_action
from cvv.core.workflows import Transition, Workflow
from cvv.matchmaking.enums import DealKind
from cvv.organisations.access import commune_side_q, get_access
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role
from cvv.premises.enums import PermittedUse

MONEY = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}


class ProposalState(models.TextChoices):
    PENDING = "a_moderer", "À modérer"
    APPROVED = "publiee", "Publiée"
    REFUSED = "refusee", "Refusée"
    WITHDRAWN = "retiree", "Retirée par son auteur"


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
    withdrawal_reason = models.CharField("motif du retrait", max_length=300, blank=True)
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


def proposes_for(access, proposal):
    """A member of the proposing organisation acting as an economic actor (the organisations
    of `selectors.search_organisations`): the proposal's author side."""
    from cvv.organisations.models import Membership

    return Membership.objects.filter(
        user_id=access.user_id,
        organisation_id=proposal.organisation_id,
        role=Role.ECONOMIC_ACTOR,
        is_active=True,
    ).exists()


def is_author(user, proposal) -> bool:
    access = get_access(user)
    return access.is_authenticated and proposes_for(access, proposal)


PROPOSAL_WORKFLOW = Workflow(
    "matchmaking.proposal",
    [
        Transition(
            "approve", source=["a_moderer"], target="publiee", label="Publier", group="moderation"
        ),
        Transition(
            "refuse",
            source=["a_moderer"],
            target="refusee",
            label="Refuser",
            reason_required=True,
            group="moderation",
        ),
        Transition(
            "withdraw",
            source=["a_moderer"],
            target="retiree",
            label="Retirer la proposition",
            roles=(Role.ECONOMIC_ACTOR,),
            scope=proposes_for,
            group="author",
        ),
    ],
    model="matchmaking.OfferProposal",
    roles=tuple(sorted(METROPOLE_STAFF_ROLES | COMMUNE_ROLES)),
    scope=moderates,
)


def proposals_visible_to(user):
    from cvv.matchmaking.selectors import search_organisations

    access = get_access(user)
    items = OfferProposal.objects.select_related("commune", "organisation", "offer", "created_by")
    if not access.is_authenticated:
        return items.none()
    if access.is_metropole_staff:
        # The withdrawn ones included: read-only (no transition leaves « retiree »), they are
        # listed apart from the moderation list (`proposals_listed`).
        return items
    q = models.Q(organisation__in=search_organisations(user))
    if access.has_role(*COMMUNE_ROLES):
        q |= commune_side_q(access, "commune") & ~models.Q(state=ProposalState.WITHDRAWN)
    return items.filter(q)


def proposals_listed(user, *, withdrawn=False):
    """The list page's proposals. By default the moderation list as it always was: every
    state, the withdrawn ones only for their authors (out of the moderators' queue). With
    `withdrawn`: only the withdrawn ones the person sees — all for the Métropole's staff,
    their own for an author, none for the commune's people."""
    from cvv.matchmaking.selectors import search_organisations

    items = proposals_visible_to(user)
    if withdrawn:
        return items.filter(state=ProposalState.WITHDRAWN)
    return items.filter(
        ~models.Q(state=ProposalState.WITHDRAWN)
        | models.Q(organisation__in=search_organisations(user))
    )


def withdrawals(items) -> dict:
    """{proposal pk: the audit entry of its withdrawal (its `actor` and `created_at`)} for
    the withdrawn proposals among `items`, in one query; a proposal withdrawn without an
    entry (data loaded by hand) is left out."""
    from django.contrib.contenttypes.models import ContentType

    from cvv.audit.models import AuditEntry

    pks = [str(p.pk) for p in items if p.state == ProposalState.WITHDRAWN]
    if not pks:
        return {}
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(OfferProposal),
        object_id__in=pks,
        action="matchmaking.proposal.withdraw",
    ).select_related("actor")
    # Oldest first, so the latest entry wins (there is only one: withdrawing is final).
    return {int(e.object_id): e for e in entries.order_by("created_at", "pk")}


FIELDS = ("permitted_use", "monthly_rent", "price", "description", "contact_name", "contact_email")
NOT_PENDING = {
    ProposalState.APPROVED: "a déjà été publiée",
    ProposalState.REFUSED: "a déjà été refusée",
    ProposalState.WITHDRAWN: "a été retirée par son auteur",
}


def _check_fields(actor, organisation, deal_kind, fields):
    """The validations of a proposal's content, the same at creation and at each edit."""
    from cvv.matchmaking.selectors import search_organisations

    if set(fields) - set(FIELDS):
        raise TypeError(f"Unknown fields: {sorted(set(fields) - set(FIELDS))}")
    if not search_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied("Vous n’agissez pas pour cette organisation.")
    if deal_kind == DealKind.LETTING and fields.get("monthly_rent") is None:
        raise ValidationError({"monthly_rent": "Indiquez le loyer mensuel d’une location."})
    if deal_kind != DealKind.LETTING and fields.get("price") is None:
        raise ValidationError({"price": "Indiquez le prix de cette cession ou vente."})


def _still_pending(proposal, verb):
    """Locks the proposal's row and refuses (French message naming its state) when it no
    longer waits for moderation: it cannot be `verb` (« modifiée », « retirée »…) any more."""
    state = (
        OfferProposal.objects.select_for_update()
        .filter(pk=proposal.pk)
        .values_list("state", flat=True)
        .get()
    )
    if state != ProposalState.PENDING:
        raise ValidationError(
            f"Cette proposition {NOT_PENDING[state]} : elle ne peut plus être {verb}."
        )


@transaction.atomic
def proposal_submit(
    *, actor, organisation, commune, address, deal_kind, sales_area_m2, **fields
) -> OfferProposal:
    _check_fields(actor, organisation, deal_kind, fields)
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
def proposal_update(
    *, actor, proposal, organisation, commune, address, deal_kind, sales_area_m2, **fields
) -> OfferProposal:
    """Its author replaces the whole content while it waits for moderation (an optional
    field left out is emptied), with the validations of `proposal_submit`; the audit entry
    lists the fields changed."""
    if not is_author(actor, proposal):
        raise PermissionDenied("Seul l’auteur de la proposition peut la modifier.")
    _still_pending(proposal, "modifiée")
    _check_fields(actor, organisation, deal_kind, fields)
    values = {
        "organisation": organisation,
        "commune": commune,
        "address": (address or "").strip(),
        "deal_kind": deal_kind,
        "sales_area_m2": sales_area_m2,
    }
    for name in FIELDS:
        default = None if name in ("monthly_rent", "price") else ""
        values[name] = fields.get(name, default)
    current = OfferProposal.objects.get(pk=proposal.pk)
    changed = sorted(n for n, v in values.items() if getattr(current, n) != v)
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    log_action("matchmaking.proposal.update", actor=actor, obj=current, data={"fields": changed})
    for name in values:
        setattr(proposal, name, getattr(current, name))
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor, proposal, reason="") -> OfferProposal:
    """Its author withdraws it while it waits for moderation (the reason is optional)."""
    PROPOSAL_WORKFLOW.check(proposal, "withdraw", actor)
    _still_pending(proposal, "retirée")
    proposal.withdrawal_reason = (reason or "").strip()[:300]
    return PROPOSAL_WORKFLOW.apply(
        proposal,
        "withdraw",
        actor=actor,
        reason=proposal.withdrawal_reason,
        extra_update_fields=["withdrawal_reason"],
    )


@transaction.atomic
def proposal_approve(*, actor, proposal) -> OfferProposal:
    """The premises enters the register (vacant from today, owner: the proposer) and its
    offer is published, both by the moderator."""
    from cvv.matchmaking import services
    from cvv.premises.services import premises_create

    PROPOSAL_WORKFLOW.check(proposal, "approve", actor)
    _still_pending(proposal, "publiée")
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


@transaction.atomic
def proposal_refuse(*, actor, proposal, reason) -> OfferProposal:
    PROPOSAL_WORKFLOW.check(proposal, "refuse", actor)
    _still_pending(proposal, "refusée")
    return PROPOSAL_WORKFLOW.apply(proposal, "refuse", actor=actor, reason=reason)
