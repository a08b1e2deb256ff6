"""API of matchmaking (token), scoped like the pages: the published offers (public fields
only, never the confidential contact), the searches the person may see, the explained
matches of one search (`?search=ID`) or of one offer (`?offer=ID`, the offers of the
premises the person manages), and the introductions of the person's scope."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from cvv.api.auth import token_auth
from cvv.api.schemas import ErrorOut, Id, responses
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


class SearchOut(Schema):
    id: int
    reference: str
    organisation: str
    title: str
    activity_category: str
    naf_code: str
    deal_kinds: list[str]
    min_surface_m2: Decimal
    max_surface_m2: Decimal
    communes: list[str] = Field(description="Codes INSEE des communes visées.")
    territories: list[str] = Field(description="Codes des territoires visés (T1…T12).")
    radius_km: Decimal | None = Field(
        description=(
            "Rayon (km) autour de la mairie de `radius_centre`, mesuré jusqu’à la position du "
            "local (la mairie de sa commune s’il n’est pas localisé) ; null sans rayon."
        )
    )
    radius_centre: str | None = Field(
        description="Code INSEE de la commune au centre du rayon ; null sans rayon."
    )
    max_monthly_rent: Decimal | None
    max_price: Decimal | None
    state: str
    donnees_de_demonstration: bool


class IntroductionOut(Schema):
    id: int
    reference: str
    offer: int
    search: int
    score: int
    state: str
    created_at: dt.datetime
    answered_at: dt.datetime | None
    visits: list[dt.date]
    signed_on: dt.date | None
    filled_after_days: int | None
    outcome_reason: str
    donnees_de_demonstration: bool


@router.get(
    "/searches", response=responses(list[SearchOut]), summary="Recherches de locaux visibles"
)
def matchmaking_searches(request):
    """Les recherches visibles par le jeton : toutes pour la Métropole, celles de ses
    organisations pour un acteur économique, aucune pour les autres. La zone recherchée :
    `communes`, `territories` et le rayon (`radius_km` autour de la mairie de
    `radius_centre`) ; aucun des trois : toute la Métropole."""
    return [
        {
            "id": s.pk,
            "reference": s.reference,
            "organisation": s.organisation.name,
            "title": s.title,
            "activity_category": s.activity_category,
            "naf_code": s.naf_code,
            "deal_kinds": list(s.deal_kinds),
            "min_surface_m2": s.min_surface_m2,
            "max_surface_m2": s.max_surface_m2,
            "communes": sorted(c.code for c in s.communes.all()),
            "territories": [t.code for t in sorted(s.territoires.all(), key=_territory_order)],
            "radius_km": s.radius_km,
            "radius_centre": s.radius_centre.code if s.radius_centre else None,
            "max_monthly_rent": s.max_monthly_rent,
            "max_price": s.max_price,
            "state": s.state,
            "donnees_de_demonstration": s.synthetic,
        }
        for s in selectors.searches_visible_to(request.user)
        .select_related("radius_centre")
        .order_by("pk")[:1000]
    ]


def _territory_order(territoire):
    return (territoire.rank, territoire.code)


def _reasons(match):
    return [{"label": label, "points": points} for label, points in match.reasons]


@router.get(
    "/matches",
    response={**responses(list[MatchOut], not_found=True, params=True), 400: ErrorOut},
    summary="Rapprochements expliqués d’une recherche ou d’une offre",
)
def matchmaking_matches(request, search: Id | None = None, offer: Id | None = None):
    """`?search=ID` : les 20 meilleures offres publiées pour une recherche visible par le
    jeton ; `?offer=ID` : les 20 meilleures recherches actives pour une offre publiée d’un
    local que le jeton gère. Chaque rapprochement détaille ses points (`reasons`), dont la
    somme est le score ; les rapprochements écartés par ce côté n’y figurent pas."""
    if (search is None) == (offer is None):
        raise HttpError(400, "Indiquez soit `search`, soit `offer`.")
    if offer is not None:
        found = selectors.offers_managed_by(request.user).filter(pk=offer).first()
        if found is None:
            raise Http404("Offre introuvable ou hors de votre périmètre.")
        if found.state != "publiee":
            return []
        return [
            {"offer": found.pk, "search": s.pk, "score": score, "reasons": _reasons(match)}
            for score, s, match in selectors.matches_for_offer(found)
        ]
    found = selectors.searches_visible_to(request.user).filter(pk=search).first()
    if found is None:
        raise Http404("Recherche introuvable ou hors de votre périmètre.")
    if found.state != "active":
        return []
    return [
        {"offer": o.pk, "search": found.pk, "score": score, "reasons": _reasons(match)}
        for score, o, match in selectors.matches_for_search(found)
    ]


@router.get(
    "/introductions",
    response=responses(list[IntroductionOut]),
    summary="Mises en relation visibles",
)
def matchmaking_introductions(request):
    """Les mises en relation du périmètre du jeton (qui gère le local, membres de
    l’organisation de la recherche, la Métropole), avec leurs étapes."""
    items = (
        selectors.introductions_visible_to(request.user)
        .prefetch_related("visits")
        .order_by("pk")[:1000]
    )
    return [
        {
            "id": i.pk,
            "reference": i.reference,
            "offer": i.offer_id,
            "search": i.search_id,
            "score": i.score,
            "state": i.state,
            "created_at": i.created_at,
            "answered_at": i.answered_at,
            "visits": [v.on for v in i.visits.all()],
            "signed_on": i.signed_on,
            "filled_after_days": i.filled_after_days,
            "outcome_reason": i.outcome_reason,
            "donnees_de_demonstration": i.synthetic,
        }
        for i in items
    ]
