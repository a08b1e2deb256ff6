"""API of the FIMACS fund. Private endpoints take a token and are scoped like the pages (a
commune's token sees only its dossiers); `POST /compute` is public and follows the same
contract as `cvv fimacs compute --json` (same JSON in, same JSON out, 400 naming the field)."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from cvv.api.auth import token_auth
from cvv.api.schemas import Code, Id, responses
from cvv.funding import selectors
from cvv.funding.compute import InputError, compute_request, load_request, request_json_schema
from cvv.funding.models import AgendaItem, Envelope
from cvv.organisations.access import get_access

PREFIX = "/fimacs"
router = Router(tags=["Fonds FIMACS"], auth=token_auth)


class DossierOut(Schema):
    id: int
    reference: str
    commune: str
    commune_nom: str
    edition: int
    state: str
    state_label: str
    title: str
    reglement: str
    expected_aid: Decimal
    requested_amount: Decimal
    granted_amount: Decimal | None
    final_amount: Decimal | None
    paid_total: Decimal
    submitted_at: datetime.datetime | None
    decided_on: datetime.date | None


class ExpenseOut(Schema):
    category: str
    label: str
    amount_ht: Decimal
    amount_ttc: Decimal


class DossierDetailOut(DossierOut):
    expenses: list[ExpenseOut]
    granted_by_category: dict
    computation: dict


class DecisionOut(Schema):
    dossier: int
    reference: str
    commune: str
    session: str
    date: datetime.date
    decision: str
    proposed_amount: Decimal
    decided_amount: Decimal | None
    conditions: str
    reasons: str


class PaymentOut(Schema):
    id: int
    dossier: int
    reference: str
    commune: str
    kind: str
    state: str
    justified_total: Decimal
    aid_due: Decimal
    payable: Decimal
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None


class EnvelopeOut(Schema):
    edition: int
    year: int
    amount: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal
    overridden: Decimal


class ComputeOut(Schema):
    eligible: bool
    reasons: list[str]
    rates: dict[str, str]
    aid_by_category: dict[str, str]
    aid_total: str
    explanation: list[str]


class InputErrorOut(Schema):
    """A request refused by the compute contract: the message and the field at fault."""

    detail: str
    field: str


def _dossier_out(d):
    return {
        "id": d.pk,
        "reference": d.reference,
        "commune": d.commune.code,
        "commune_nom": d.commune.nom,
        "edition": d.edition.number,
        "state": d.state,
        "state_label": d.get_state_display(),
        "title": d.title,
        "reglement": d.reglement.code,
        "expected_aid": d.expected_aid,
        "requested_amount": d.requested_amount,
        "granted_amount": d.granted_amount,
        "final_amount": d.final_amount,
        "paid_total": d.paid_total,
        "submitted_at": d.submitted_at,
        "decided_on": d.decided_on,
    }


@router.get(
    "/dossiers",
    response=responses(list[DossierOut], params=True),
    summary="Dossiers FIMACS visibles",
)
def fimacs_dossiers(request, state: Code | None = None, commune: Code | None = None):
    """Dossiers du périmètre du jeton (une commune : les siens), filtrables par état et commune."""
    qs = selectors.dossiers_visible_to(request.user).order_by("pk")
    if state:
        qs = qs.filter(state=state)
    if commune:
        qs = qs.filter(commune__code=commune)
    return [_dossier_out(d) for d in qs]


@router.get(
    "/dossiers/{dossier_id}",
    response=responses(DossierDetailOut, not_found=True, params=True),
    summary="Un dossier FIMACS",
)
def fimacs_dossier(request, dossier_id: Id):
    dossier = get_object_or_404(selectors.dossiers_visible_to(request.user), pk=dossier_id)
    return {
        **_dossier_out(dossier),
        "expenses": [
            {
                "category": e.category,
                "label": e.label,
                "amount_ht": e.amount_ht,
                "amount_ttc": e.amount_ttc,
            }
            for e in dossier.expenses.all()
        ],
        "granted_by_category": dossier.granted_by_category,
        "computation": dossier.computation,
    }


@router.get("/decisions", response=responses(list[DecisionOut]), summary="Décisions du comité")
def fimacs_decisions(request):
    items = (
        AgendaItem.objects.exclude(decision="")
        .filter(dossier__in=selectors.dossiers_visible_to(request.user))
        .select_related("dossier__commune", "session")
        .order_by("session__date", "position")
    )
    return [
        {
            "dossier": item.dossier_id,
            "reference": item.dossier.reference,
            "commune": item.dossier.commune.code,
            "session": item.session.title,
            "date": item.session.date,
            "decision": item.decision,
            "proposed_amount": item.proposed_amount,
            "decided_amount": item.decided_amount,
            "conditions": item.conditions,
            "reasons": item.reasons,
        }
        for item in items
    ]


@router.get("/payments", response=responses(list[PaymentOut]), summary="Demandes de versement")
def fimacs_payments(request):
    return [
        {
            "id": p.pk,
            "dossier": p.dossier_id,
            "reference": p.dossier.reference,
            "commune": p.dossier.commune.code,
            "kind": p.kind,
            "state": p.state,
            "justified_total": p.justified_total,
            "aid_due": p.aid_due,
            "payable": p.payable,
            "requested_at": p.requested_at,
            "decided_at": p.decided_at,
        }
        for p in selectors.payments_visible_to(request.user).order_by("pk")
    ]


@router.get(
    "/budget",
    response=responses(list[EnvelopeOut], forbidden=True),
    summary="Enveloppes budgétaires",
)
def fimacs_budget(request):
    """Enveloppes par édition et année (personnel de la Métropole)."""
    if not get_access(request.user).is_metropole_staff:
        raise HttpError(403, "Réservé au personnel de la Métropole.")
    return [
        {
            "edition": e.edition.number,
            "year": e.year,
            "amount": e.amount,
            "committed": e.committed,
            "paid": e.paid,
            "remaining": e.remaining,
            "overridden": e.overridden,
        }
        for e in Envelope.objects.select_related("edition").order_by("edition__number", "year")
    ]


COMPUTE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": request_json_schema()}},
    }
}


@router.post(
    "/compute",
    auth=None,
    response={200: ComputeOut, 400: InputErrorOut},
    summary="Calcul de l’aide FIMACS (même contrat que `cvv fimacs compute`)",
    openapi_extra=COMPUTE_BODY,
)
def fimacs_compute(request):
    """Public : calcule l’aide selon une version du règlement, avec l’explication de chaque
    règle appliquée. Une entrée invalide (champ inconnu à tout niveau, montant hors de la
    notation décimale simple, plus de deux décimales…) donne 400 et le champ fautif."""
    try:
        return Status(200, compute_request(load_request(request.body)))
    except InputError as exc:
        return Status(400, {"detail": str(exc), "field": exc.field})
