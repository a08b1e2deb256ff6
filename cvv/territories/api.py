from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from cvv.api.schemas import Code, responses
from cvv.territories.models import Commune, Territoire

PREFIX = "/territories"
router = Router(tags=["Territoires"])


class CommuneOut(Schema):
    code: str
    nom: str
    siren: str
    territoire: str
    departement: str
    population: int
    population_millesime: str


class CommuneDetailOut(CommuneOut):
    mairie: list[float]
    contour: dict


class TerritoireOut(Schema):
    code: str
    nom: str
    siren: str
    population: int
    communes: list[str]


def _commune_out(commune):
    return {
        "code": commune.code,
        "nom": commune.nom,
        "siren": commune.siren,
        "territoire": commune.territoire.code,
        "departement": commune.departement,
        "population": commune.population,
        "population_millesime": commune.population_millesime,
    }


@router.get(
    "/communes",
    response=responses(list[CommuneOut], auth=False, params=True),
    auth=None,
    summary="Les 130 communes",
)
def list_communes(request, territoire: Code | None = None):
    """Communes de la Métropole (public), filtrables par territoire (`T1` … `T12`)."""
    communes = Commune.objects.select_related("territoire").order_by("code")
    if territoire:
        communes = communes.filter(territoire__code=territoire.upper())
    return [_commune_out(c) for c in communes]


@router.get(
    "/communes/{code}",
    response=responses(CommuneDetailOut, auth=False, not_found=True, params=True),
    auth=None,
    summary="Une commune",
)
def get_commune(request, code: Code):
    commune = get_object_or_404(Commune.objects.select_related("territoire"), code=code)
    return {
        **_commune_out(commune),
        "mairie": [commune.mairie_lon, commune.mairie_lat],
        "contour": commune.contour,
    }


@router.get("/territoires", response=list[TerritoireOut], auth=None, summary="Les 12 territoires")
def list_territoires(request):
    result = []
    for territoire in Territoire.objects.prefetch_related("communes"):
        communes = sorted(territoire.communes.all(), key=lambda c: c.code)
        result.append(
            {
                "code": territoire.code,
                "nom": territoire.nom,
                "siren": territoire.siren,
                "population": sum(c.population for c in communes),
                "communes": [c.code for c in communes],
            }
        )
    return result
