"""Premises proposed by agencies and owners, moderated by the commune or the Métropole
before publication (`cvv.matchmaking.proposals`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.exports import FORMAT_LABELS, FORMATS, table_response
from cvv.core.forms import AccessibleForm, AmountField
from cvv.matchmaking import proposals
from cvv.matchmaking.enums import DealKind
from cvv.matchmaking.selectors import search_organisations
from cvv.organisations.access import get_access, role_required
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role
from cvv.premises.enums import PermittedUse
from cvv.territories.models import Commune
from cvv.www.errors import report, service_errors

PAGE_SIZE = 50
EXPORT_COLUMNS = [
    ("commune", "Commune"),
    ("address", "Adresse"),
    ("surface", "Surface de vente (m²)"),
    ("organisation", "Proposé par"),
    ("deal", "Transaction"),
    ("rent", "Loyer mensuel (€)"),
    ("price", "Prix (€)"),
    ("state", "État"),
    ("offer", "Offre publiée"),
    ("created", "Proposé le"),
]
involved = role_required(Role.ECONOMIC_ACTOR, *COMMUNE_ROLES, *METROPOLE_STAFF_ROLES)


class ProposalForm(AccessibleForm):
    organisation = forms.ModelChoiceField(label="Pour le compte de", queryset=None)
    commune = forms.ModelChoiceField(label="Commune", queryset=Commune.objects.order_by("nom"))
    address = forms.CharField(label="Adresse du local", max_length=300)
    sales_area_m2 = AmountField(
        label="Surface de vente (m²)", max_digits=8, decimal_places=1, min_value=1
    )
    permitted_use = forms.ChoiceField(
        label="Destination autorisée", choices=PermittedUse.choices, required=False
    )
    deal_kind = forms.ChoiceField(label="Type de transaction", choices=DealKind.choices)
    monthly_rent = AmountField(
        label="Loyer mensuel hors charges (€)",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
    )
    price = AmountField(
        label="Prix (€), pour une cession ou une vente",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
    )
    description = forms.CharField(
        label="Présentation", max_length=3000, required=False, widget=forms.Textarea
    )
    contact_name = forms.CharField(label="Contact (confidentiel)", max_length=200, required=False)
    contact_email = forms.EmailField(label="E-mail du contact (confidentiel)", required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RefuseForm(AccessibleForm):
    reason = forms.CharField(label="Motif du refus", max_length=300)


def _actions(proposal, user):
    """What the person may do on the proposal now: the workflow's transitions (moderation,
    withdrawal) and, for its author while it waits, the edit link."""
    return {
        "transitions": proposals.PROPOSAL_WORKFLOW.allowed(proposal, user),
        "may_edit": proposal.state == proposals.ProposalState.PENDING
        and proposals.is_author(user, proposal),
    }


WITHDRAWN_VIEW = "retirees"  # `?etat=retirees`: the withdrawn proposals, read-only


@involved
def proposal_list(request):
    """The moderation list (every state; the withdrawn ones only for their authors) or, with
    `?etat=retirees`, the withdrawn proposals the person sees (a tab for the Métropole's
    staff); an unknown `etat` shows the moderation list."""
    access = get_access(request.user)
    withdrawn = request.GET.get("etat", "") == WITHDRAWN_VIEW
    items = proposals.proposals_listed(request.user, withdrawn=withdrawn).order_by(
        "-state", "-created_at", "-pk"
    )
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        rows = (
            {
                "commune": p.commune.nom,
                "address": p.address,
                "surface": p.sales_area_m2,
                "organisation": p.organisation.name,
                "deal": p.get_deal_kind_display(),
                "rent": p.monthly_rent,
                "price": p.price,
                "state": p.get_state_display(),
                "offer": p.offer.reference if p.offer else "",
                "created": p.created_at.date(),
            }
            for p in items
        )
        name = "locaux-proposes-retires" if withdrawn else "locaux-proposes"
        return table_response(EXPORT_COLUMNS, rows, fmt, name)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    done = proposals.withdrawals(page.object_list)
    rows = [(p, _actions(p, request.user), done.get(p.pk)) for p in page.object_list]
    tabs = None
    if access.is_metropole_staff:
        tabs = {
            "queue": proposals.proposals_listed(request.user).count(),
            "withdrawn": proposals.proposals_listed(request.user, withdrawn=True).count(),
        }
    return render(
        request,
        "matchmaking/proposals.html",
        {
            "rows": rows,
            "page": page,
            "may_propose": access.has_role(Role.ECONOMIC_ACTOR),
            "refuse_form": RefuseForm(),
            "formats": FORMAT_LABELS.items(),
            "withdrawn": withdrawn,
            "withdrawn_view": WITHDRAWN_VIEW,
            "tabs": tabs,
        },
    )


@role_required(Role.ECONOMIC_ACTOR)
def proposal_create(request):
    organisations = search_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied("Vous n’agissez pour aucun acteur économique.")
    form = ProposalForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        with service_errors(request, form=form):
            proposal = proposals.proposal_submit(actor=request.user, **data)
            messages.success(
                request,
                f"Local du {proposal.address} proposé : la commune ou la Métropole le vérifie "
                "avant sa publication.",
            )
            return redirect("matchmaking:proposals")
    return render(
        request,
        "matchmaking/proposal_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@involved
def proposal_detail(request, pk):
    proposal = get_object_or_404(proposals.proposals_visible_to(request.user), pk=pk)
    return render(
        request,
        "matchmaking/proposal_detail.html",
        {
            "proposal": proposal,
            "actions": _actions(proposal, request.user),
            "withdrawal": proposals.withdrawals([proposal]).get(proposal.pk),
        },
    )


@role_required(Role.ECONOMIC_ACTOR)
def proposal_edit(request, pk):
    """Its author edits it while it waits for moderation (the creation form); others: 404
    when they do not see it, 403 when they do (its moderators)."""
    proposal = get_object_or_404(proposals.proposals_visible_to(request.user), pk=pk)
    if not proposals.is_author(request.user, proposal):
        raise PermissionDenied("Seul l’auteur de la proposition peut la modifier.")
    if proposal.state != proposals.ProposalState.PENDING:
        messages.error(
            request,
            f"Cette proposition {proposals.NOT_PENDING[proposal.state]} : "
            "elle ne peut plus être modifiée.",
        )
        return redirect("matchmaking:proposal", pk=proposal.pk)
    initial = {name: getattr(proposal, name) for name in ProposalForm.base_fields}
    form = ProposalForm(
        request.POST or None, initial=initial, organisations=search_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        with service_errors(request, form=form):
            proposals.proposal_update(actor=request.user, proposal=proposal, **data)
            messages.success(
                request,
                f"Proposition du local du {proposal.address} modifiée : elle attend toujours "
                "la vérification de la commune ou de la Métropole.",
            )
            return redirect("matchmaking:proposal", pk=proposal.pk)
    return render(
        request,
        "matchmaking/proposal_form.html",
        {"form": form, "proposal": proposal},
        status=400 if form.is_bound else 200,
    )


ACTIONS = {"publier": "approve", "refuser": "refuse", "retirer": "withdraw"}


@involved
@require_POST
def proposal_transition(request, pk, action):
    proposal = get_object_or_404(proposals.proposals_visible_to(request.user), pk=pk)
    if action not in ACTIONS:
        raise Http404("Action inconnue.")
    if ACTIONS[action] == "withdraw":
        report(
            request,
            lambda: proposals.proposal_withdraw(
                actor=request.user,
                proposal=proposal,
                reason=request.POST.get("reason", "").strip()[:300],
            ),
            f"Proposition du local du {proposal.address} retirée : elle ne sera pas publiée.",
        )
    elif ACTIONS[action] == "approve":
        report(
            request,
            lambda: proposals.proposal_approve(actor=request.user, proposal=proposal),
            lambda: f"Local du {proposal.address} publié : offre {proposal.offer.reference}.",
        )
    else:
        report(
            request,
            lambda: proposals.proposal_refuse(
                actor=request.user,
                proposal=proposal,
                reason=request.POST.get("reason", "").strip()[:300],
            ),
            f"Proposition du local du {proposal.address} refusée.",
        )
    return redirect("matchmaking:proposals")
