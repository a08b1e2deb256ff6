"""Foncière API: the deadline and indexation calculators (public, same contracts as
`cvv fonciere deadlines|index-rent`)."""

import json

from ninja import Router, Schema, Status

from cvv.fonciere import deadlines, indexation, selectors

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
