"""Benchmark of matchmaking: the top 20 for every search and every offer.

    .venv/bin/python bench/matchmaking.py                      # 20 000 × 20 000
    .venv/bin/python bench/matchmaking.py --offers 5000 --searches 5000 --seed 3

Generates seeded synthetic offers and searches shaped like the Métropole's (130 communes,
four kinds of deal, surfaces 15–800 m², 1–5 target communes per search and 5 % of searches
over the whole Métropole, budgets around the offers' rents and prices, needs and wanted
activities), then measures in the same run:

- platform: `cvv.matchmaking.ranking.top_all` (buckets by commune and deal, surface slice
  by bisection, hard criteria and points with numpy on exact integers) — the scores and
  the order; the French reasons of one page's 20 pairs (`engine.match`, built when a page
  or the API shows them) are timed apart;
- baseline: the naive nested loop (`engine.best` over every offer for a search, i.e.
  `engine.match` on every pair). Trying all 400 M pairs would take tens of minutes, so it
  is timed on a random sample of searches (each against every offer) and extrapolated
  linearly to every search and to every offer (the offers' side costs the same number of
  pairs); the output says so.

It checks that the sampled searches get the same top 20 from both.
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvv.matchmaking import engine  # noqa: E402
from cvv.matchmaking.engine import OfferFacts, SearchFacts  # noqa: E402
from cvv.matchmaking.ranking import top_all  # noqa: E402

COMMUNES = [f"93{n:03d}" for n in range(1, 131)]
DEALS = ["location", "cession_bail", "cession_fonds", "vente_murs"]
USES = ["", "commerce", "artisanat", "restauration", "services", "mixte"]
CATEGORIES = list(engine.COMPATIBLE_USES)
VACANCY = [None, "frictionnelle", "conjoncturelle", "structurelle"]


def make_offers(n, rng):
    offers = {}
    for key in range(n):
        deal = rng.choices(DEALS, weights=[6, 2, 1, 1])[0]
        surface = Decimal(int(rng.lognormvariate(4.2, 0.6)) + 15).min(Decimal(800))
        letting = deal == "location"
        offers[key] = OfferFacts(
            commune=rng.choice(COMMUNES),
            deal_kind=deal,
            surface=surface,
            permitted_use=rng.choice(USES),
            extraction=rng.choice([None, True, False]),
            step_free=rng.choice([None, True, False]),
            ground_floor=rng.random() < 0.9,
            frontage=Decimal(rng.randint(2, 15)) if rng.random() < 0.8 else None,
            monthly_rent=(surface * rng.randint(12, 40)) if letting else None,
            price=None if letting else surface * rng.randint(1500, 6000),
            in_centre=rng.random() < 0.6,
            vacancy_class=rng.choice(VACANCY),
            fonciere=rng.random() < 0.1,
            public_help=rng.random() < 0.3,
            wanted_categories=frozenset(rng.sample(CATEGORIES, rng.randint(0, 3))),
        )
    return offers


def make_searches(n, rng):
    searches = {}
    for key in range(n):
        low = Decimal(rng.randint(20, 300))
        communes = (
            frozenset()
            if rng.random() < 0.05
            else frozenset(rng.sample(COMMUNES, rng.randint(1, 5)))
        )
        searches[key] = SearchFacts(
            category=rng.choice(CATEGORIES),
            deal_kinds=frozenset(rng.sample(DEALS, rng.choice([1, 1, 2]))),
            min_surface=low,
            max_surface=low + Decimal(rng.randint(10, 200)),
            communes=communes,
            needs_extraction=rng.random() < 0.15,
            needs_step_free=rng.random() < 0.2,
            needs_ground_floor=rng.random() < 0.5,
            min_frontage=Decimal(rng.randint(3, 8)) if rng.random() < 0.3 else None,
            max_monthly_rent=Decimal(rng.randint(800, 6000)),
            max_price=Decimal(rng.randint(100_000, 900_000)),
            annual_turnover=Decimal(rng.randint(80_000, 900_000)) if rng.random() < 0.6 else None,
        )
    return searches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--searches", type=int, default=20_000)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--sample", type=int, default=40, help="searches timed naively")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    offers, searches = make_offers(args.offers, rng), make_searches(args.searches, rng)
    print(f"{len(offers):,} offres, {len(searches):,} recherches, top {args.limit} par côté")

    load = os.getloadavg()[0]
    print(f"charge de la machine au départ : {load:.1f} sur {os.cpu_count()} cœurs")
    start, cpu = time.perf_counter(), time.process_time()
    by_search, by_offer = top_all(offers, searches, args.limit)
    platform, cpu = time.perf_counter() - start, time.process_time() - cpu
    kept = sum(len(v) for v in by_search.values())
    print(
        f"plateforme : {platform:.2f} s (temps processeur {cpu:.2f} s) pour les {args.limit}"
        f" meilleurs de chaque recherche et de chaque offre ({kept:,} couples classés côté"
        " recherches)"
    )

    sample = rng.sample(sorted(searches), min(args.sample, len(searches)))
    start, naive_cpu = time.perf_counter(), time.process_time()
    for sk in sample:
        naive = engine.best(((ok, o, searches[sk]) for ok, o in offers.items()), args.limit)
        assert [(s, k) for s, k, _ in naive] == by_search[sk], f"recherche {sk} : écart"
    measured, naive_cpu = time.perf_counter() - start, time.process_time() - naive_cpu
    per_search = measured / len(sample)
    # Every offer's top 20 by the nested loop tries the same 20 000 × 20 000 pairs again.
    baseline = per_search * len(searches) * 2
    print(
        f"référence naïve (boucles imbriquées, engine.match sur chaque couple) : mesurée sur"
        f" {len(sample)} recherches × {len(offers):,} offres en {measured:.2f} s, soit"
        f" {per_search * 1000:.1f} ms par recherche ; extrapolée linéairement à"
        f" {len(searches):,} recherches puis doublée pour le côté des offres :"
        f" {baseline:,.0f} s (estimation, non mesurée en entier)"
    )
    print(f"rapport référence / plateforme : {baseline / platform:,.0f} ×")
    baseline_cpu = naive_cpu / len(sample) * len(searches) * 2
    print(
        f"en temps processeur : référence {baseline_cpu:,.0f} s (extrapolée), plateforme"
        f" {cpu:.2f} s, rapport {baseline_cpu / cpu:,.0f} ×"
    )
    print(f"mêmes 20 meilleurs pour les {len(sample)} recherches de l’échantillon : oui")
    start = time.perf_counter()
    for sk in sample:
        for _, ok in by_search[sk]:
            engine.match(offers[ok], searches[sk])
    pages = (time.perf_counter() - start) / len(sample)
    print(
        f"raisons en français (engine.match) des {args.limit} couples d’une page : "
        f"{pages * 1000:.1f} ms par page, calculées à l’affichage"
    )
    target = "atteint" if platform < 10 else "NON atteint"
    print(f"objectif < 10 s (temps écoulé) : {target} — charge à la fin {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
