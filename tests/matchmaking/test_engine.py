"""The matching engine: golden cases worked by hand and properties of its invariants."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvv.matchmaking import engine
from cvv.matchmaking.engine import MAX_SCORE, OfferFacts, SearchFacts, match, why_not

OFFER = OfferFacts(
    commune="93005",
    deal_kind="location",
    surface=D("60"),
    permitted_use="commerce",
    extraction=False,
    step_free=True,
    frontage=D("6"),
    monthly_rent=D("1000"),
    in_centre=True,
    vacancy_class="conjoncturelle",
    public_help=True,
    wanted_categories=frozenset({"alimentaire"}),
)
SEARCH = SearchFacts(
    category="alimentaire",
    deal_kinds=frozenset({"location"}),
    min_surface=D("40"),
    max_surface=D("80"),
    communes=frozenset({"93005"}),
    max_monthly_rent=D("1200"),
    annual_turnover=D("200000"),
)


def test_golden_full_match():
    # Rent 1 000 ≤ 1 200: 20. Annual rent 12 000 / 200 000 = 6 % ≤ 9 %: 15. Surface 60 is
    # the middle of 40–80: 10. Frontage 6 m ≥ 4 m: 5. Centre: 10. Wanted: 15. Cyclical: 10.
    # Not the foncière's: 0. Public help: 5. Total 90.
    result = match(OFFER, SEARCH)
    assert result.score == 90
    assert dict(result.reasons)["Dans un périmètre de centre-ville"] == 10
    assert ("Loyer annuel de 6,0 % du chiffre d’affaires visé : sain", 15) in result.reasons
    assert sum(p for _, p in result.reasons) == result.score


def test_golden_tight_budget_and_edge_surface():
    # Rent 1 300 is 8,3 % above 1 200 (≤ 10 %): 10. 15 600 / 120 000 = 13 %: tight, 5.
    # Surface 75 in 40–80: middle 60, half-width 20, 1 − 15/20 = 0,25 → 2 points.
    # No frontage asked and 3 m < 4 m: 0. Outside the centre, not wanted, frictional: 3.
    offer = OfferFacts(
        commune="93005",
        deal_kind="location",
        surface=D("75"),
        frontage=D("3"),
        monthly_rent=D("1300"),
        vacancy_class="frictionnelle",
    )
    search = SearchFacts(
        category="alimentaire",
        deal_kinds=frozenset({"location"}),
        min_surface=D("40"),
        max_surface=D("80"),
        max_monthly_rent=D("1200"),
        annual_turnover=D("120000"),
    )
    result = match(offer, search)
    assert [p for _, p in result.reasons] == [10, 5, 2, 3]
    assert result.score == 20
    assert "tendu" in result.reasons[1][0]


def test_golden_unsustainable_rent_and_foncière():
    # Rent 2 000 × 12 = 24 000 over 150 000 = 16 % > 15 %: 0 (and within budget: 20, the
    # foncière's premises at a rent within the budget: 5).
    offer = OfferFacts(
        commune="93005",
        deal_kind="location",
        surface=D("40"),
        monthly_rent=D("2000"),
        fonciere=True,
    )
    search = SearchFacts(
        category="alimentaire",
        deal_kinds=frozenset({"location"}),
        min_surface=D("40"),
        max_surface=D("80"),
        max_monthly_rent=D("2000"),
        annual_turnover=D("150000"),
    )
    reasons = dict(match(offer, search).reasons)
    assert reasons["Loyer annuel de 16,0 % du chiffre d’affaires visé : insoutenable"] == 0
    assert reasons["Local de la foncière à loyer modéré"] == 5
    assert reasons["Surface proche du milieu de la fourchette recherchée"] == 0


def test_hard_criteria_each_exclude():
    cases = {
        "communes": SearchFacts(**{**SEARCH.__dict__, "communes": frozenset({"75056"})}),
        "deal": SearchFacts(**{**SEARCH.__dict__, "deal_kinds": frozenset({"vente_murs"})}),
        "surface": SearchFacts(**{**SEARCH.__dict__, "min_surface": D("61")}),
        "use": SearchFacts(**{**SEARCH.__dict__, "category": "cafes_hotels_restaurants"}),
        "extraction": SearchFacts(**{**SEARCH.__dict__, "needs_extraction": True}),
    }
    for name, search in cases.items():
        assert match(OFFER, search) is None, name
        assert len(why_not(OFFER, search)) >= 1, name
    no_step = OfferFacts(**{**OFFER.__dict__, "step_free": None})
    assert match(no_step, SearchFacts(**{**SEARCH.__dict__, "needs_step_free": True})) is None
    upstairs = OfferFacts(**{**OFFER.__dict__, "ground_floor": False})
    assert match(upstairs, SearchFacts(**{**SEARCH.__dict__, "needs_ground_floor": True})) is None


def test_best_orders_by_score_then_key():
    worse = OfferFacts(**{**OFFER.__dict__, "in_centre": False})
    far = OfferFacts(**{**OFFER.__dict__, "commune": "75056"})
    found = engine.best([(3, worse, SEARCH), (2, OFFER, SEARCH), (1, far, SEARCH)], limit=5)
    assert [key for _, key, _ in found] == [2, 3]


amounts = st.decimals(min_value=0, max_value=100_000, places=0)
surfaces = st.decimals(min_value=1, max_value=2_000, places=0)
offers = st.builds(
    OfferFacts,
    commune=st.sampled_from(["93005", "93048"]),
    deal_kind=st.sampled_from(["location", "vente_murs"]),
    surface=surfaces,
    permitted_use=st.sampled_from(["", "commerce", "restauration", "services"]),
    extraction=st.sampled_from([None, True, False]),
    step_free=st.sampled_from([None, True, False]),
    ground_floor=st.booleans(),
    frontage=st.none() | st.decimals(min_value=0, max_value=30, places=1),
    monthly_rent=st.none() | amounts,
    price=st.none() | amounts,
    in_centre=st.booleans(),
    vacancy_class=st.sampled_from([None, "frictionnelle", "conjoncturelle", "structurelle"]),
    fonciere=st.booleans(),
    public_help=st.booleans(),
    wanted_categories=st.frozensets(st.sampled_from(list(engine.COMPATIBLE_USES))),
    position=st.none()
    | st.tuples(st.floats(2.2, 2.6, allow_nan=False), st.floats(48.7, 49.0, allow_nan=False)),
)


@st.composite
def searches(draw):
    low = draw(surfaces)
    return SearchFacts(
        category=draw(st.sampled_from(list(engine.COMPATIBLE_USES))),
        deal_kinds=draw(st.frozensets(st.sampled_from(["location", "vente_murs"]), min_size=1)),
        min_surface=low,
        max_surface=low + draw(st.decimals(min_value=0, max_value=500, places=0)),
        communes=draw(st.frozensets(st.sampled_from(["93005", "93048"]))),
        needs_extraction=draw(st.booleans()),
        needs_step_free=draw(st.booleans()),
        needs_ground_floor=draw(st.booleans()),
        min_frontage=draw(st.none() | st.decimals(min_value=0, max_value=10, places=1)),
        max_monthly_rent=draw(st.none() | amounts),
        max_price=draw(st.none() | amounts),
        annual_turnover=draw(st.none() | st.decimals(min_value=1, max_value=10**6, places=0)),
        area=draw(
            st.none()
            | st.tuples(
                st.floats(2.2, 2.6, allow_nan=False),
                st.floats(48.7, 49.0, allow_nan=False),
                st.floats(0.1, 50.0, allow_nan=False),
            )
        ),
    )


@given(offers, searches())
def test_score_within_bounds_and_reasons_add_up(offer, search):
    result = match(offer, search)
    if result is not None:
        assert 0 <= result.score <= MAX_SCORE
        assert sum(points for _, points in result.reasons) == result.score
        assert all(label and points >= 0 for label, points in result.reasons)


@given(offers, searches())
def test_a_failing_hard_criterion_excludes(offer, search):
    assert (match(offer, search) is None) == bool(why_not(offer, search))
    if search.needs_extraction and offer.extraction is not True:
        assert match(offer, search) is None
    in_circle = (
        search.area is not None
        and offer.position is not None
        and engine.distance_km(search.area[0], search.area[1], *offer.position) <= search.area[2]
    )
    placed = (not search.communes and search.area is None) or offer.commune in search.communes
    if not (placed or in_circle):
        assert match(offer, search) is None
    if placed or in_circle:
        assert "Le local n’est pas dans le secteur recherché" not in " ".join(
            why_not(offer, search)
        )


def test_golden_distance_and_circle():
    """1° of latitude is 6371 × π / 180 = 111.195 km; a degree of longitude at 48.9° N is that
    times cos(48.9°) = 0.65738, 73.097 km. A premises 2 km from the centre is in a 3 km
    circle, not in a 1.5 km one; without a position it is in no circle."""
    assert engine.distance_km(2.5, 48.0, 2.5, 49.0) == pytest.approx(111.195, abs=1e-3)
    assert engine.distance_km(2.0, 48.9, 3.0, 48.9) == pytest.approx(73.097, abs=1e-3)
    east = (2.5 + 2 / 73.097, 48.9)
    offer = OfferFacts(**{**OFFER.__dict__, "commune": "93048", "position": east})
    near = SearchFacts(**{**SEARCH.__dict__, "communes": frozenset(), "area": (2.5, 48.9, 3.0)})
    tight = SearchFacts(**{**near.__dict__, "area": (2.5, 48.9, 1.5)})
    assert not engine.why_not(offer, near)
    assert engine.why_not(offer, tight) == [
        "Le local n’est pas dans le secteur recherché (communes, territoires, rayon)."
    ]
    unplaced = OfferFacts(**{**offer.__dict__, "position": None})
    assert engine.why_not(unplaced, near)


@given(
    searches(),
    st.decimals(min_value=0, max_value=1, places=3),
    st.decimals(min_value=0, max_value=1, places=3),
)
def test_surface_points_monotonic_in_fit(search, a, b):
    """The closer to the middle of the range, the more points (never fewer)."""
    middle = (search.min_surface + search.max_surface) / 2
    half = (search.max_surface - search.min_surface) / 2
    near, far = sorted([a, b])
    closer = middle + near * half
    farther = middle + far * half
    assert engine.surface_points(closer, search.min_surface, search.max_surface) >= (
        engine.surface_points(farther, search.min_surface, search.max_surface)
    )


@given(offers, searches())
def test_score_without_reasons_equals_the_explained_score(offer, search):
    result = match(offer, search)
    if result is not None:
        assert engine.score(offer, search) == result.score


@given(
    st.lists(offers, min_size=0, max_size=12),
    st.lists(searches(), min_size=0, max_size=8),
    st.integers(min_value=1, max_value=5),
)
def test_top_all_equals_every_pair_tried(offer_list, search_list, limit):
    """The bucketed ranking gives exactly the nested loop's top matches, on both sides."""
    from cvv.matchmaking.ranking import _top_all_pure, top_all

    offer_map, search_map = dict(enumerate(offer_list)), dict(enumerate(search_list))
    by_search, by_offer = top_all(offer_map, search_map, limit)
    assert (by_search, by_offer) == _top_all_pure(offer_map, search_map, limit)
    for sk, search in search_map.items():
        naive = engine.best(((ok, o, search) for ok, o in offer_map.items()), limit)
        assert by_search[sk] == [(score, key) for score, key, _ in naive]
    for ok, offer in offer_map.items():
        naive = engine.best(((sk, offer, s) for sk, s in search_map.items()), limit)
        assert by_offer[ok] == [(score, key) for score, key, _ in naive]
