"""Contracts of the matchmaking API: searches, matches of a search or an offer (reasons
adding up to the score, hard filters holding), introductions with their stages."""

import datetime as dt

import pytest

from cvv.api.models import ApiToken
from cvv.matchmaking import engine, selectors, stages
from cvv.matchmaking.models import Search
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
    assert _get(client, users["commune_agent"], "/searches").json() == []


def test_introductions_with_their_stages(client, users, accepted):  # noqa: F811
    stages.introduction_visit(
        actor=users["economic_actor"], introduction=accepted, on=dt.date.today()
    )
    for user in (users["economic_actor"], users["commune_agent"]):
        [row] = _get(client, user, "/introductions").json()
        assert row["state"] == "visite" and row["visits"] == [dt.date.today().isoformat()]
    assert _get(client, users["other_commune_agent"], "/introductions").json() == []
