"""The demonstration data fall within published orders of magnitude (sources on the
observatory's sources page): stock of local shops moving by a few per cent a year, yearly
rotation (openings + closures) / shops around 8–12 % with closures of the same order as
openings, field-survey vacancy around 8–12 % (APUR, Procos), with differences between
communes. Measured here on the generated files themselves, independently of the compute
engine (test_demo.py checks the same ranges on the computed indicators)."""

import datetime as dt
import statistics
from collections import Counter

import numpy as np
import pytest

from cvv.observatory import synthetic
from cvv.observatory.nomenclature import mapping
from cvv.territories import reference

VINTAGE = dt.date(2025, 12, 31)
CODES = ["93005", "93048", "93066", "92012", "92025", "94028", "94068", "92044", "75111"]
SHOP_CODES = sorted({code for (nom, code) in mapping() if nom == "NAFRev2"})


def _all_codes():
    return [c["code"] for c in reference.load_communes() if c["code"] != "75056"] + [
        a["code"] for a in reference.load_arrondissements()
    ]


def _days(date):
    return (date - dt.date(1970, 1, 1)).days


@pytest.fixture(scope="module")
def yearly():
    """Per commune and year-end 2020–2025: (shops at D, openings, closures in (D−1y, D])."""
    places = [(code, 1, 2.40, 48.85, 800.0) for code in CODES]
    stock, _ = synthetic.generate(places=places, n_rows=60_000, vintage=VINTAGE, seed=7)
    activity = np.array(stock["activitePrincipaleEtablissement"].to_pylist(), dtype=object)
    shop = np.isin(activity, SHOP_CODES)
    created = stock["dateCreationEtablissement"].cast("date32").cast("int32").to_numpy()
    debut = stock["dateDebut"].cast("date32").cast("int32").to_numpy()
    closed = np.array(stock["etatAdministratifEtablissement"].to_pylist()) == "F"
    commune = np.array(stock["codeCommuneEtablissement"].to_pylist(), dtype=object)
    result = {}
    for code in CODES:
        mine = shop & (commune == code)
        for year in range(2019, 2026):
            d, d1 = _days(dt.date(year, 12, 31)), _days(dt.date(year - 1, 12, 31))
            active = mine & (created <= d) & (~closed | (debut > d))
            openings = mine & (created > d1) & (created <= d)
            closures = mine & closed & (debut > d1) & (debut <= d)
            result[code, year] = (active.sum(), openings.sum(), closures.sum())
    return result


def test_rotation_and_closures_match_published_orders_of_magnitude(yearly):
    for year in range(2020, 2026):
        shops = sum(yearly[code, year][0] for code in CODES)
        openings = sum(yearly[code, year][1] for code in CODES)
        closures = sum(yearly[code, year][2] for code in CODES)
        assert 0.08 <= (openings + closures) / shops <= 0.12, year
        assert 0.6 <= closures / openings <= 1.6, year  # of the same order
        for code in CODES:
            stock, opened, closed = yearly[code, year]
            assert 0.06 <= (opened + closed) / stock <= 0.14, (code, year)


def test_the_stock_moves_by_a_few_per_cent_a_year(yearly):
    for code in CODES:
        for year in range(2020, 2026):
            before, after = yearly[code, year - 1][0], yearly[code, year][0]
            assert abs(after - before) / before <= 0.045, (code, year)
        five_years = yearly[code, 2025][0] / yearly[code, 2020][0] - 1
        assert abs(five_years) <= 0.15, code


def test_declining_communes_lose_shops_and_growing_ones_gain(yearly):
    kinds = {code: synthetic.profile(code, seed=7).kind for code in CODES}
    assert {"declining", "stable"} <= set(kinds.values())
    for code, kind in kinds.items():
        change = yearly[code, 2025][0] / yearly[code, 2019][0] - 1
        if kind == "declining":
            assert change < -0.03, code
        elif kind == "growing":
            assert change > 0.02, code


def test_profiles_differ_between_communes_and_vacancy_is_calibrated():
    profiles = [synthetic.profile(code, seed=2026) for code in _all_codes()]
    kinds = Counter(p.kind for p in profiles)
    assert all(kinds[kind] >= 10 for kind in synthetic.PROFILE_SHARES), kinds
    later = [p.vacancy[1] for p in profiles]
    assert 0.08 <= statistics.median(later) <= 0.12
    assert 0.08 <= statistics.fmean(later) <= 0.12
    assert sum(rate >= 0.13 for rate in later) >= 5  # a few with high vacancy
    assert all(0.03 <= rate <= 0.2 for p in profiles for rate in p.vacancy)
    for p in profiles:
        assert all(-0.035 <= g <= 0.03 for g in p.trend)
        assert 0.08 <= p.rotation <= 0.12
        opening, closure = p.rates()
        assert all(rate > 0 for rate in opening + closure)
