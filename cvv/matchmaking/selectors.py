"""Scoped reads of matchmaking.

- `published_offers()`: what the public page lists (no sign-in).
- `offers_managed_by(user)`: offers on the premises the person manages in the register
  (`cvv.premises.selectors.premises_visible_to`: staff all, a commune's people their
  commune's, the foncière's officers the premises it follows); nobody else any.
- `searches_visible_to(user)`: staff every search; an economic actor its organisations'.
- `introductions_visible_to(user)`: staff all; who manages the offer's premises; the
  members of the search's organisation.
- `wanted_categories(communes)`: {commune code: set of wanted categories}.
- `offer_facts(offer, wanted)` / `search_facts(search)`: the engine's inputs.
- `matches_for_search(search, limit)` / `matches_for_offer(offer, limit)`: the best
  published offers for a search, the best active searches for an offer (explained).
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from cvv.matchmaking import engine
from cvv.matchmaking.enums import OfferState, SearchState
from cvv.matchmaking.models import Introduction, Offer, Search, WantedActivity
from cvv.organisations.access import get_access
from cvv.organisations.enums import Role
from cvv.premises.enums import OwnerKind
from cvv.premises.selectors import premises_visible_to

SEARCH_ROLES = frozenset({Role.ECONOMIC_ACTOR, Role.METROPOLE_ADMIN, Role.INSTRUCTOR})


def published_offers():
    return Offer.objects.filter(state=OfferState.PUBLISHED).select_related(
        "premises__commune", "premises__centralite"
    )


def offers_managed_by(user):
    return Offer.objects.filter(premises__in=premises_visible_to(user)).select_related(
        "premises__commune", "premises__centralite"
    )


def searches_visible_to(user):
    access = get_access(user)
    queryset = Search.objects.select_related("organisation").prefetch_related(
        "communes", "territoires"
    )
    if access.is_metropole_staff:
        return queryset
    if not access.has_role(Role.ECONOMIC_ACTOR):
        return queryset.none()
    return queryset.filter(organisation_id__in=access.organisation_ids)


def introductions_visible_to(user):
    access = get_access(user)
    queryset = Introduction.objects.select_related(
        "offer__premises__commune", "search__organisation"
    )
    if access.is_metropole_staff:
        return queryset
    if not access.is_authenticated:
        return queryset.none()
    return queryset.filter(
        Q(offer__premises__in=premises_visible_to(user))
        | Q(search__organisation__in=search_organisations(user))
    )


def search_organisations(user):
    """The organisations on whose behalf the person may publish a search."""
    from cvv.organisations.models import Organisation

    access = get_access(user)
    return Organisation.objects.filter(
        memberships__user_id=access.user_id,
        memberships__role=Role.ECONOMIC_ACTOR,
        memberships__is_active=True,
    ).distinct()


def wanted_categories(commune_codes) -> dict:
    result = defaultdict(set)
    for code, category in WantedActivity.objects.filter(
        commune__code__in=set(commune_codes)
    ).values_list("commune__code", "category"):
        result[code].add(category)
    return result


def _area(premises):
    return premises.sales_area_m2 or Decimal(0)


def offer_facts(offer, wanted, on=None) -> engine.OfferFacts:
    premises = offer.premises
    if premises.lon is not None and premises.lat is not None:
        position = (premises.lon, premises.lat)
    else:
        _t, lon, lat = _town_halls().get(premises.commune.code, (None, None, None))
        position = (lon, lat) if lon is not None and lat is not None else None
    return engine.OfferFacts(
        commune=premises.commune.code,
        deal_kind=offer.deal_kind,
        surface=_area(premises),
        permitted_use=premises.permitted_use,
        extraction=premises.extraction_possible,
        step_free=premises.step_free,
        ground_floor=premises.ground_floor,
        frontage=premises.frontage_m,
        monthly_rent=offer.monthly_rent,
        price=offer.price,
        in_centre=bool(premises.in_centre),
        vacancy_class=premises.vacancy_class(on or dt.date.today()),
        fonciere=premises.fonciere_followed or premises.owner_kind == OwnerKind.FONCIERE,
        public_help=bool(offer.public_help.strip()),
        wanted_categories=frozenset(wanted.get(premises.commune.code, ())),
        position=position,
    )


_HALLS = {}


def _town_halls():
    """{code: (territoire code, lon, lat)} of every commune (reference data, read once)."""
    from cvv.territories.models import Commune

    if not _HALLS:
        _HALLS.update(
            (code, (territoire, lon, lat))
            for code, territoire, lon, lat in Commune.objects.values_list(
                "code", "territoire__code", "mairie_lon", "mairie_lat"
            )
        )
    return _HALLS


def target_communes(search) -> frozenset:
    """The codes of the communes a search names, and of every commune of the territories it
    names (its radius is a circle, see `search_area`). Both empty: the whole Métropole."""
    codes = {c.code for c in search.communes.all()}
    territoires = {t.code for t in search.territoires.all()}
    if territoires:
        codes |= {code for code, (t, _lon, _lat) in _town_halls().items() if t in territoires}
    return frozenset(codes)


def search_area(search):
    """(lon, lat, km): the search's radius around its centre commune's town hall, or None."""
    if search.radius_km is None or not search.radius_centre_id:
        return None
    _t, lon, lat = _town_halls().get(search.radius_centre.code, (None, None, None))
    if lon is None or lat is None:
        return None
    return (lon, lat, float(search.radius_km))


def search_facts(search) -> engine.SearchFacts:
    return engine.SearchFacts(
        category=search.activity_category,
        deal_kinds=frozenset(search.deal_kinds),
        min_surface=search.min_surface_m2,
        max_surface=search.max_surface_m2,
        communes=target_communes(search),
        area=search_area(search),
        needs_extraction=search.needs_extraction,
        needs_step_free=search.needs_step_free,
        needs_ground_floor=search.needs_ground_floor,
        min_frontage=search.min_frontage_m,
        max_monthly_rent=search.max_monthly_rent,
        max_price=search.max_price,
        annual_turnover=search.annual_turnover,
    )


def _dismissed(side, **which):
    from cvv.matchmaking.dismissals import dismissed_ids

    return dismissed_ids(side, **which)


def matches_for_search(search, limit=20):
    """[(score, offer, Match)] — the best published offers for `search`, without those the
    search's side dismissed (`cvv.matchmaking.dismissals`)."""
    hidden = _dismissed("recherche", search=search)
    offers = {o.pk: o for o in published_offers().exclude(pk__in=hidden)}
    wanted = wanted_categories(o.premises.commune.code for o in offers.values())
    facts = search_facts(search)
    pairs = ((pk, offer_facts(o, wanted), facts) for pk, o in offers.items())
    return [(score, offers[pk], m) for score, pk, m in engine.best(pairs, limit)]


def matches_for_offer(offer, limit=20):
    """[(score, search, Match)] — the best active searches for `offer`, without those the
    offer's side dismissed."""
    hidden = _dismissed("offre", offer=offer)
    searches = {
        s.pk: s
        for s in Search.objects.filter(state=SearchState.ACTIVE)
        .exclude(pk__in=hidden)
        .select_related("organisation")
        .prefetch_related("communes", "territoires")
    }
    facts = offer_facts(offer, wanted_categories([offer.premises.commune.code]))
    pairs = ((pk, facts, search_facts(s)) for pk, s in searches.items())
    return [(score, searches[pk], m) for score, pk, m in engine.best(pairs, limit)]
