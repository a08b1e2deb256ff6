"""The best matches of every search and of every offer at once (pure, no database).

`top_all(offers, searches, limit=20)`: `offers` and `searches` map a key to its
`engine.OfferFacts` / `engine.SearchFacts`; returns `(by_search, by_offer)`, i.e.
{search key: [(score, offer key), …]} and {offer key: [(score, search key), …]}, highest
score first, ties by key — exactly what `engine.best` gives over every pair (tested), but
without trying every pair:

- the offers are bucketed by (commune, kind of deal) and sorted by surface: a search reads
  only the buckets of its communes (every commune when it names none) and of its deals,
  and in each only the slice of its surface range (bisection) — three hard criteria
  settled without looking at the other offers;
- the remaining hard criteria (permitted use, extraction, step-free, ground floor) are
  checked on that slice, and `engine.score` gives the points without building the French
  reasons (`engine.match` builds them for the pairs shown).
"""

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict

from cvv.matchmaking import engine

ALL = None  # bucket of every commune for a kind of deal


class OfferIndex:
    def __init__(self, offers: dict):
        grouped = defaultdict(list)
        for key, offer in offers.items():
            grouped[(offer.commune, offer.deal_kind)].append((offer.surface, key, offer))
            grouped[(ALL, offer.deal_kind)].append((offer.surface, key, offer))
        self.buckets = {}
        for bucket, rows in grouped.items():
            rows.sort(key=lambda row: (row[0], row[1]))
            self.buckets[bucket] = ([r[0] for r in rows], [(r[1], r[2]) for r in rows])

    def candidates(self, search):
        """(key, offer) of the offers in the search's communes, deals and surface range."""
        communes = search.communes or (ALL,)
        for deal in search.deal_kinds:
            for commune in communes:
                bucket = self.buckets.get((commune, deal))
                if bucket is None:
                    continue
                surfaces, rows = bucket
                low = bisect_left(surfaces, search.min_surface)
                high = bisect_right(surfaces, search.max_surface)
                yield from rows[low:high]


def _rest_holds(offer, search, uses):
    """The hard criteria the index does not settle (same rules as `engine.why_not`)."""
    if offer.permitted_use and offer.permitted_use not in uses:
        return False
    if search.needs_extraction and offer.extraction is not True:
        return False
    if search.needs_step_free and offer.step_free is not True:
        return False
    return not (search.needs_ground_floor and not offer.ground_floor)


def top_all(offers: dict, searches: dict, limit=20):
    index = OfferIndex(offers)
    by_search = {}
    per_offer = defaultdict(list)
    for search_key, search in searches.items():
        uses = engine.COMPATIBLE_USES.get(search.category, set())
        found = []
        for offer_key, offer in index.candidates(search):
            if _rest_holds(offer, search, uses):
                points = engine.score(offer, search)
                found.append((-points, offer_key))
                per_offer[offer_key].append((-points, search_key))
        by_search[search_key] = [(-p, k) for p, k in heapq.nsmallest(limit, found)]
    by_offer = {
        key: [(-p, k) for p, k in heapq.nsmallest(limit, per_offer.get(key, ()))]
        for key in offers
    }
    return by_search, by_offer
