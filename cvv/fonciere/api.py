"""Foncière API: the deadline and indexation calculators (public, same contracts as
`cvv fonciere deadlines|index-rent`) and the lists of premises, opportunities and leases
(token, scoped like the pages: no tenant's data)."""

import json

from ninja import Router, Schema, Status

from cvv.api.auth import token_auth
from cvv.api.schemas import responses
from cvv.fonciere import deadlines, indexation, selectors
from cvv.premises.selectors import premises_visible_to

PREFIX = "/fonciere"
router = Router(tags=["Foncière"])


class InputErrorOut(Schema):
    detail: str
    field: str


BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


def _payload(request):
    try:
        return json.loads(request.body or b"null")
    except ValueError:
        return None


@router.post(
    "/deadlines",
    auth=None,
    response={200: dict, 400: InputErrorOut},
    summary="Délai légal (même contrat que `cvv fonciere deadlines`)",
    openapi_extra=BODY,
)
def fonciere_deadlines(request):
    """Calcule un délai (déclaration de cession, DIA, rétrocession, bail…) ; une entrée
    invalide donne 400 et le champ fautif."""
    try:
        return Status(200, deadlines.compute(_payload(request)))
    except deadlines.DeadlineError as exc:
        return Status(400, {"detail": str(exc), "field": exc.field})


@router.post(
    "/index-rent",
    auth=None,
    response={200: dict, 400: InputErrorOut},
    summary="Loyer indexé (même contrat que `cvv fonciere index-rent`)",
    openapi_extra=BODY,
)
def fonciere_index_rent(request):
    """Calcule le loyer indexé à une date, étape par étape (ILC/ILAT, plafond PME)."""
    try:
        return Status(200, indexation.compute(_payload(request), values=selectors.index_values()))
    except indexation.IndexationError as exc:
        return Status(400, {"detail": str(exc), "field": exc.field})


class ItemOut(Schema):
    id: int
    commune: str
    status: str
    status_label: str
    address: str
    donnees_de_demonstration: bool


def _items(queryset, field):
    return [
        {
            "id": obj.pk,
            "commune": obj.commune.code,
            "status": getattr(obj, field),
            "status_label": getattr(obj, f"get_{field}_display")(),
            "address": obj.premises.address if hasattr(obj, "premises") else obj.address,
            "donnees_de_demonstration": obj.synthetic,
        }
        for obj in queryset.order_by("pk")
    ]


@router.get(
    "/premises", auth=token_auth, response=responses(list[ItemOut]), summary="Locaux visibles"
)
def fonciere_premises(request):
    """Locaux du registre visibles avec ce jeton (statut : vacant, occupé, en travaux)."""
    return _items(premises_visible_to(request.user), "status")


@router.get(
    "/opportunities",
    auth=token_auth,
    response=responses(list[ItemOut]),
    summary="Opportunités visibles",
)
def fonciere_opportunities(request):
    """Opportunités de la foncière visibles avec ce jeton (une commune : les siennes)."""
    return _items(selectors.opportunities_visible_to(request.user), "state")


@router.get("/leases", auth=token_auth, response=responses(list[ItemOut]), summary="Baux visibles")
def fonciere_leases(request):
    """Baux visibles avec ce jeton (une commune : les siens), sans donnée du preneur."""
    return _items(selectors.leases_visible_to(request.user), "state")
