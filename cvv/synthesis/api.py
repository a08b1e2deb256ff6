"""The commune's single view as one JSON object: one key per module (token auth, scoped)."""

from django.shortcuts import get_object_or_404
from ninja import Router

from cvv.api.auth import token_auth
from cvv.api.schemas import Code, responses
from cvv.synthesis import selectors

PREFIX = "/communes"
router = Router(tags=["Synthèse par commune"], auth=token_auth)


@router.get(
    "/{code}/summary",
    response=responses(dict, not_found=True, params=True),
    summary="Synthèse d’une commune",
)
def commune_summary(request, code: Code):
    """Tout ce que la plateforme sait d’une commune, un objet par module (observatoire,
    programme, FIMACS, autres programmes, impact…), selon les droits du jeton."""
    commune = get_object_or_404(selectors.communes_for_summary(request.user), code=code)
    result = {
        "commune": {
            "code": commune.code,
            "nom": commune.nom,
            "territoire": commune.territoire.code,
            "population": commune.population,
        }
    }
    for block in selectors.commune_blocks(commune, request.user):
        result[block["key"]] = block["data"]
    return result
