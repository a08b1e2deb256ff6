"""Peer medians come from a selector (they used to be computed in the commune page's view).
Expected values worked out by hand."""

import datetime

import pytest

from cvv.observatory import selectors
from cvv.observatory.models import Computation, IndicatorRow
from cvv.territories.models import Commune

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 1)


def row(computation, code, population, commerces, date=DAY):
    IndicatorRow.objects.create(
        computation=computation,
        reference_date=date,
        level="commune",
        code=code,
        nom=code,
        commune_code=code,
        values={"population": population, "commerces_proximite": commerces},
    )


def test_medians_of_all_communes_and_of_the_size_class():
    aulnay = Commune.objects.get(code="93005")
    assert 50_000 <= aulnay.population < 100_000
    computation = Computation.objects.create(reference_date=DAY)
    row(computation, "93005", 86_000, 400)
    row(computation, "A", 60_000, 300)  # same class
    row(computation, "B", 90_000, 100)  # same class
    row(computation, "C", 10_000, 50)  # smaller
    row(computation, "D", 150_000, None)  # larger, no value: left out of the medians
    row(computation, "E", 150_000, 10)  # larger
    older = Computation.objects.create(reference_date=datetime.date(2025, 1, 1))
    row(older, "F", 70_000, 9_999, date=older.reference_date)  # another date: ignored

    comparison = selectors.peer_comparison(aulnay, DAY, ["commerces_proximite", "population"])
    assert comparison.size_label == "50 000 à 100 000 habitants"
    assert comparison.peers == 3
    # All communes: 10, 50, 100, 300, 400 -> 100. Peers: 100, 300, 400 -> 300.
    assert comparison.medians["commerces_proximite"] == (100, 300)
    # Populations: 10 000, 60 000, 86 000, 90 000, 150 000, 150 000 -> (86 000 + 90 000) / 2.
    assert comparison.medians["population"] == (88_000, 86_000)


def test_no_row_at_that_date_gives_no_median():
    aulnay = Commune.objects.get(code="93005")
    comparison = selectors.peer_comparison(aulnay, DAY, ["solde"])
    assert comparison.peers == 0 and comparison.medians == {"solde": (None, None)}
