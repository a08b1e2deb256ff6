"""API of matchmaking (token): the published offers (public fields only, never the
confidential contact) and the explained matches of a search the token's person may see."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from cvv.api.auth import token_auth
from cvv.api.schemas import Id, responses
from cvv.matchmaking import selectors

PREFIX = "/matchmaking"
router = Router(tags=["Mise en relation"], auth=token_auth)


class OfferOut(Schema):
    id: int
    reference: str
    commune: str
    deal_kind: str
    monthly_rent: Decimal | None
    price: Decimal | None
    sales_area_m2: Decimal | None
    available_from: dt.date | None
    public_help: str
    donnees_de_demonstration: bool


class ReasonOut(Schema):
    label: str
    points: int


class MatchOut(Schema):
    offer: int
    search: int
    score: int
    reasons: list[ReasonOut]


@router.get("/offers", response=responses(list[OfferOut]), summary="Offres de locaux publiées")
def matchmaking_offers(request):
    """Les offres publiées (champs publics ; les coordonnées restent confidentielles)."""
    return [
        {
            "id": o.pk,
            "reference": o.reference,
            "commune": o.premises.commune.code,
            "deal_kind": o.deal_kind,
            "monthly_rent": o.monthly_rent,
            "price": o.price,
            "sales_area_m2": o.premises.sales_area_m2,
            "available_from": o.available_from,
            "public_help": o.public_help,
            "donnees_de_demonstration": o.synthetic,
        }
        for o in selectors.published_offers().order_by("pk")[:1000]
    ]


@router.get(
    "/matches",
    response=responses(list[MatchOut], not_found=True, params=True),
    summary="Rapprochements expliqués d’une recherche",
)
def matchmaking_matches(request, search: Id):
    """Les 20 meilleures offres publiées pour une recherche visible par le jeton ; chaque
    rapprochement détaille ses points (`reasons`), dont la somme est le score."""
    found = selectors.searches_visible_to(request.user).filter(pk=search).first()
    if found is None:
        raise Http404("Recherche introuvable ou hors de votre périmètre.")
    return [
        {
            "offer": offer.pk,
            "search": found.pk,
            "score": score,
            "reasons": [{"label": label, "points": points} for label, points in match.reasons],
        }
        for score, offer, match in selectors.matches_for_search(found)
    ]
