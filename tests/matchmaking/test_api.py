"""Contracts of the matchmaking API: searches, matches of a search or an offer (reasons
adding up to the score, hard filters holding), introductions with their stages."""

import datetime as dt
from decimal import Decimal

import pytest

from cvv.api.models import ApiToken
from cvv.api.urls import api
from cvv.matchmaking import engine, selectors, services, stages
from cvv.matchmaking.models import Search
from cvv.territories.models import Territoire
from tests.factories import commune
from tests.matchmaking.test_stages import accepted, offer, search  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _get(client, user, path):
    _, key = ApiToken.objects.issue(user)
    return client.get(f"/api/v1/matchmaking{path}", HTTP_AUTHORIZATION=f"Bearer {key}")


def _check(match):
    o = selectors.published_offers().get(pk=match["offer"])
    s = Search.objects.get(pk=match["search"])
    facts = selectors.offer_facts(o, selectors.wanted_categories([o.premises.commune.code]))
    assert engine.why_not(facts, selectors.search_facts(s)) == []
    assert sum(r["points"] for r in match["reasons"]) == match["score"]


def test_matches_of_a_search_and_of_an_offer(client, users, offer, search):  # noqa: F811
    by_search = _get(client, users["economic_actor"], f"/matches?search={search.pk}").json()
    by_offer = _get(client, users["commune_agent"], f"/matches?offer={offer.pk}").json()
    assert by_search == by_offer and len(by_search) == 1
    for match in by_search:
        _check(match)
    assert _get(client, users["economic_actor"], f"/matches?offer={offer.pk}").status_code == 404
    assert _get(client, users["commune_agent"], "/matches").status_code == 400
    searches = _get(client, users["economic_actor"], "/searches").json()
    assert [s["id"] for s in searches] == [search.pk]
    assert searches[0]["territories"] == [] and searches[0]["radius_km"] is None
    assert searches[0]["radius_centre"] is None
    assert _get(client, users["commune_agent"], "/searches").json() == []


def test_introductions_with_their_stages(client, users, accepted):  # noqa: F811
    stages.introduction_visit(
        actor=users["economic_actor"], introduction=accepted, on=dt.date.today()
    )
    for user in (users["economic_actor"], users["commune_agent"]):
        [row] = _get(client, user, "/introductions").json()
        assert row["state"] == "visite" and row["visits"] == [dt.date.today().isoformat()]
    assert _get(client, users["other_commune_agent"], "/introductions").json() == []


def test_searches_give_their_territories_and_radius(client, users):
    actor = users["economic_actor"]
    created = services.search_create(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        title="Librairie",
        activity_category="culture_loisirs",
        deal_kinds=["location"],
        min_surface_m2=Decimal("40"),
        max_surface_m2=Decimal("120"),
        territoires=Territoire.objects.filter(code__in=["T9", "T7"]),
        radius_centre=commune("93005"),
        radius_km=Decimal("4.5"),
    )
    [row] = _get(client, actor, "/searches").json()
    assert row["id"] == created.pk and row["territories"] == ["T7", "T9"]
    assert Decimal(str(row["radius_km"])) == Decimal("4.5") and row["radius_centre"] == "93005"
    schema = api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]["SearchOut"]
    assert {"territories", "radius_km", "radius_centre"} <= set(schema["required"])
