"""The best matches of every search and of every offer at once (pure, no database).

`top_all(offers, searches, limit=20)`: `offers` and `searches` map a key to its
`engine.OfferFacts` / `engine.SearchFacts`; returns `(by_search, by_offer)`, i.e.
{search key: [(score, offer key), …]} and {offer key: [(score, search key), …]}, highest
score first, ties by key — exactly what `engine.best` gives over every pair (property
test), without trying every pair:

- the offers are bucketed by (commune, kind of deal) and sorted by surface: a search reads
  only the buckets of its communes (every commune when it names none or has a radius, the
  circle then being tested offer by offer) and of its deals, and in each only the slice of
  its surface range (bisection);
- on that slice the remaining hard criteria and the points are computed for all the
  candidates at once with numpy, on exact integers (amounts in cents, surfaces and
  frontages in hundredths: the engine's Decimal comparisons become integer ones, e.g. "at
  most 10 % above the budget" is 10 × cost ≤ 11 × budget), so the scores are the
  engine's to the point;
- the offers' side is one sort of all the pairs kept.

Amounts with more than 2 decimals or surfaces with more than 2 fall back to the pure path
(`engine.score` pair by pair on the same candidates). The French reasons are built by
`engine.match` for the pairs a page shows.
"""

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict

import numpy as np

from cvv.matchmaking import engine

ALL = None  # the bucket of every commune, for a kind of deal
USES = ["", "commerce", "artisanat", "restauration", "services", "mixte"]
CATEGORIES = sorted(engine.COMPATIBLE_USES)


class NotExact(ValueError):
    pass


def _int(value, factor):
    scaled = value * factor
    result = int(scaled)
    if result != scaled:
        raise NotExact(value)
    return result


def _buckets(offers, keys, surface_of):
    grouped = defaultdict(list)
    for position, key in enumerate(keys):
        offer = offers[key]
        row = (surface_of(position, offer), position)
        grouped[(offer.commune, offer.deal_kind)].append(row)
        grouped[(ALL, offer.deal_kind)].append(row)
    buckets = {}
    for bucket, rows in grouped.items():
        rows.sort()
        buckets[bucket] = ([r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.int64))
    return buckets


def _candidates(buckets, search, low, high, offer_at):
    """Positions of the offers in the search's communes (every commune when it names none)
    and deals, within its surface range. A search with a radius reads every commune's
    buckets, then keeps the offers in its place (`engine.in_place`, pair by pair: a circle
    has no bucket; `offer_at(position)` gives the offer's facts)."""
    parts = []
    communes = (ALL,) if search.area is not None else (search.communes or (ALL,))
    for deal in search.deal_kinds:
        for commune in communes:
            bucket = buckets.get((commune, deal))
            if bucket is not None:
                surfaces, positions = bucket
                start, stop = bisect_left(surfaces, low), bisect_right(surfaces, high)
                if stop > start:
                    parts.append(positions[start:stop])
    if not parts:
        return np.empty(0, dtype=np.int64)
    found = parts[0] if len(parts) == 1 else np.concatenate(parts)
    if search.area is not None:
        keep = [engine.in_place(offer_at(p), search) for p in found.tolist()]
        found = found[np.array(keep, dtype=bool)]
    return found


class _Offers:
    """The offers as integer columns (positions in key order)."""

    def __init__(self, offers, keys):
        n = len(keys)
        self.surface = np.zeros(n, np.int64)
        self.use = np.zeros(n, np.int64)
        self.extraction = np.zeros(n, bool)
        self.step_free = np.zeros(n, bool)
        self.ground = np.zeros(n, bool)
        self.frontage = np.full(n, -1, np.int64)
        self.rent = np.zeros(n, np.int64)
        self.has_rent = np.zeros(n, bool)
        self.price = np.zeros(n, np.int64)
        self.has_price = np.zeros(n, bool)
        self.fonciere = np.zeros(n, bool)
        self.static = np.zeros(n, np.int64)
        self.wanted = np.zeros(n, np.int64)
        for i, key in enumerate(keys):
            o = offers[key]
            if o.permitted_use not in USES:
                raise NotExact(o.permitted_use)
            self.surface[i] = _int(o.surface, 100)
            self.use[i] = USES.index(o.permitted_use)
            self.extraction[i] = o.extraction is True
            self.step_free[i] = o.step_free is True
            self.ground[i] = bool(o.ground_floor)
            if o.frontage is not None:
                self.frontage[i] = _int(o.frontage, 100)
            if o.monthly_rent is not None:
                self.rent[i], self.has_rent[i] = _int(o.monthly_rent, 100), True
            if o.price is not None:
                self.price[i], self.has_price[i] = _int(o.price, 100), True
            self.fonciere[i] = bool(o.fonciere)
            self.static[i] = (
                (engine.CENTRE_POINTS if o.in_centre else 0)
                + engine.VACANCY_POINTS.get(o.vacancy_class, 0)
                + (engine.HELP_POINTS if o.public_help else 0)
            )
            if set(o.wanted_categories) - set(CATEGORIES):
                raise NotExact(o.wanted_categories)
            self.wanted[i] = sum(1 << CATEGORIES.index(c) for c in o.wanted_categories)


class _Searches:
    """The searches as integer columns (positions in key order)."""

    def __init__(self, searches, keys):
        n = len(keys)
        self.low, self.high = [0] * n, [0] * n
        self.category = np.full(n, len(CATEGORIES), np.int64)  # unknown: the last row
        self.bit = np.zeros(n, np.int64)
        self.extraction = np.zeros(n, bool)
        self.step_free = np.zeros(n, bool)
        self.ground = np.zeros(n, bool)
        self.rent = np.zeros(n, np.int64)
        self.has_rent = np.zeros(n, bool)
        self.price = np.zeros(n, np.int64)
        self.has_price = np.zeros(n, bool)
        self.turnover = np.zeros(n, np.int64)
        self.has_turnover = np.zeros(n, bool)
        self.frontage = np.zeros(n, np.int64)
        for i, key in enumerate(keys):
            s = searches[key]
            self.low[i], self.high[i] = _int(s.min_surface, 100), _int(s.max_surface, 100)
            if s.category in CATEGORIES:
                self.category[i] = CATEGORIES.index(s.category)
                self.bit[i] = 1 << CATEGORIES.index(s.category)
            self.extraction[i] = bool(s.needs_extraction)
            self.step_free[i] = bool(s.needs_step_free)
            self.ground[i] = bool(s.needs_ground_floor)
            if s.max_monthly_rent is not None:
                self.rent[i], self.has_rent[i] = _int(s.max_monthly_rent, 100), True
            if s.max_price is not None:
                self.price[i], self.has_price[i] = _int(s.max_price, 100), True
            if s.annual_turnover:
                self.turnover[i], self.has_turnover[i] = _int(s.annual_turnover, 100), True
            self.frontage[i] = _int(s.min_frontage or engine.DEFAULT_FRONTAGE, 100)
        # category row × permitted use → compatible (an unstated use always is)
        self.use_ok = np.array(
            [[use == "" or use in engine.COMPATIBLE_USES[c] for use in USES] for c in CATEGORIES]
            + [[use == "" for use in USES]]
        )


def _scores(o, s, idx, sp):
    """For the candidate pairs (offer positions `idx`, search positions `sp`): the pairs
    that pass the remaining hard criteria and their scores (the engine's, exactly)."""
    keep = s.use_ok[s.category[sp], o.use[idx]]
    keep &= ~s.extraction[sp] | o.extraction[idx]
    keep &= ~s.step_free[sp] | o.step_free[idx]
    keep &= ~s.ground[sp] | o.ground[idx]
    idx, sp = idx[keep], sp[keep]
    has_rent = o.has_rent[idx]
    by_rent = has_rent & s.has_rent[sp]
    by_price = ~by_rent & o.has_price[idx] & s.has_price[sp]
    cost = np.where(by_rent, o.rent[idx], o.price[idx])
    budget = np.where(by_rent, s.rent[sp], s.price[sp])
    budget_points = np.where(
        cost <= budget, engine.BUDGET_POINTS, np.where(10 * cost <= 11 * budget, 10, 0)
    )
    budget_points = np.where(by_rent | by_price, budget_points, 0)
    total = budget_points + o.static[idx]
    annual, turnover = 1200 * o.rent[idx], s.turnover[sp]  # 12 months, 100 for percentages
    effort = np.where(
        annual <= 9 * turnover, engine.EFFORT_POINTS, np.where(annual <= 15 * turnover, 5, 0)
    )
    total += np.where(has_rent & s.has_turnover[sp], effort, 0)
    low, high = np.array(s.low, np.int64)[sp], np.array(s.high, np.int64)[sp]
    width = high - low
    distance = np.abs(2 * o.surface[idx] - low - high)
    fit = np.maximum(0, engine.SURFACE_POINTS + (-10 * distance // np.maximum(width, 1)))
    total += np.where(width <= 0, engine.SURFACE_POINTS, fit)
    total += np.where(o.frontage[idx] >= s.frontage[sp], engine.FRONTAGE_POINTS, 0)
    total += np.where((o.wanted[idx] & s.bit[sp]) != 0, engine.WANTED_POINTS, 0)
    fonciere = o.fonciere[idx] & (budget_points == engine.BUDGET_POINTS) & has_rent
    total += np.where(fonciere, engine.FONCIERE_POINTS, 0)
    return idx, sp, total


def _group_top(group, other, score, limit, size):
    """For each position 0..size-1 of `group`: its `limit` best (score, other position),
    highest score first, ties by the other position (that is, by key)."""
    order = np.lexsort((other, -score, group))
    group, other, score = group[order], other[order], score[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if group.size else group
    lengths = np.diff(np.r_[starts, group.size])
    rank = np.arange(group.size) - np.repeat(starts, lengths)
    kept = rank < limit
    result = [[] for _ in range(size)]
    for g, o, sc in zip(
        group[kept].tolist(), other[kept].tolist(), score[kept].tolist(), strict=True
    ):
        result[g].append((sc, o))
    return result


def _top_all_exact(offers, searches, limit):
    offer_keys, search_keys = sorted(offers), sorted(searches)
    o, s = _Offers(offers, offer_keys), _Searches(searches, search_keys)
    buckets = _buckets(offers, offer_keys, lambda i, _: int(o.surface[i]))
    parts, counts = [], []
    for position, key in enumerate(search_keys):
        found = _candidates(
            buckets,
            searches[key],
            s.low[position],
            s.high[position],
            lambda p: offers[offer_keys[p]],
        )
        parts.append(found)
        counts.append(found.size)
    idx = np.concatenate(parts) if parts else np.empty(0, np.int64)
    sp = np.repeat(np.arange(len(search_keys), dtype=np.int64), counts)
    idx, sp, score = _scores(o, s, idx, sp)
    tops = _group_top(sp, idx, score, limit, len(search_keys))
    by_search = {
        key: [(sc, offer_keys[i]) for sc, i in tops[p]] for p, key in enumerate(search_keys)
    }
    tops = _group_top(idx, sp, score, limit, len(offer_keys))
    by_offer = {
        key: [(sc, search_keys[i]) for sc, i in tops[p]] for p, key in enumerate(offer_keys)
    }
    return by_search, by_offer


def _top_all_pure(offers, searches, limit):
    """The same ranking pair by pair with `engine.score` (any precision)."""
    keys = sorted(offers)
    buckets = _buckets(offers, keys, lambda _, offer: offer.surface)
    by_search, per_offer = {}, defaultdict(list)
    for search_key in sorted(searches):
        search = searches[search_key]
        found = []
        candidates = _candidates(
            buckets, search, search.min_surface, search.max_surface, lambda p: offers[keys[p]]
        )
        for position in candidates:
            offer = offers[keys[position]]
            if not engine.why_not(offer, search):
                points = engine.score(offer, search)
                found.append((-points, keys[position]))
                per_offer[keys[position]].append((-points, search_key))
        by_search[search_key] = [(-p, k) for p, k in heapq.nsmallest(limit, found)]
    by_offer = {
        key: [(-p, k) for p, k in heapq.nsmallest(limit, per_offer.get(key, ()))] for key in keys
    }
    return by_search, by_offer


def top_all(offers: dict, searches: dict, limit=20):
    try:
        return _top_all_exact(offers, searches, limit)
    except NotExact:
        return _top_all_pure(offers, searches, limit)
