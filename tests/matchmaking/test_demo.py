import pytest

from cvv.matchmaking import demo, engine, selectors
from cvv.matchmaking.models import DismissedMatch, Introduction, Offer, Search
from cvv.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_demo_goes_through_the_services_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "OFFERS", 30)
    monkeypatch.setattr(demo, "SEARCHES", 30)
    monkeypatch.setattr(demo, "ACTORS", 3)
    monkeypatch.setattr(demo, "COMMUNES", 4)
    monkeypatch.setattr(demo, "INTRODUCTIONS", 7)
    monkeypatch.setattr(demo, "DISMISSALS", 2)
    organisations_demo.load()
    demo.load()
    demo.load()
    assert Offer.objects.filter(synthetic=True).count() == 30
    assert Search.objects.filter(synthetic=True).count() == 30
    introductions = Introduction.objects.filter(synthetic=True)
    assert sorted(introductions.values_list("state", flat=True)) == sorted(demo.STAGES)
    signed = introductions.get(state="bail_signe")
    assert signed.offer.premises.status == "occupe" and signed.offer.state == "retiree"
    assert DismissedMatch.objects.filter(synthetic=True).count() == 2
    assert all(o.premises.synthetic for o in Offer.objects.all())
    for search in Search.objects.all():
        for _, offer, match in selectors.matches_for_search(search):
            assert sum(p for _, p in match.reasons) == match.score
            facts = selectors.offer_facts(offer, {})
            assert engine.why_not(facts, selectors.search_facts(search)) == []
