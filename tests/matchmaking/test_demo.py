import pytest

from cvv.matchmaking import demo, engine, selectors
from cvv.matchmaking.models import Offer, Search
from cvv.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_demo_goes_through_the_services_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "OFFERS", 8)
    monkeypatch.setattr(demo, "SEARCHES", 6)
    monkeypatch.setattr(demo, "ACTORS", 3)
    monkeypatch.setattr(demo, "COMMUNES", 4)
    organisations_demo.load()
    demo.load()
    demo.load()
    assert Offer.objects.filter(synthetic=True, state="publiee").count() == 8
    assert Search.objects.filter(synthetic=True).count() == 6
    assert all(o.premises.synthetic for o in Offer.objects.all())
    for search in Search.objects.all():
        for _, offer, match in selectors.matches_for_search(search):
            assert sum(p for _, p in match.reasons) == match.score
            facts = selectors.offer_facts(offer, {})
            assert engine.why_not(facts, selectors.search_facts(search)) == []
