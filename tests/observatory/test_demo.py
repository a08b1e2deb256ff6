import datetime as dt
import io

import pytest

from cvv.observatory import demo
from cvv.observatory.models import Computation, DataImport, IndicatorRow, Premise, Survey
from cvv.observatory.schema import SIRENE_HISTORY_COLUMNS, SIRENE_STOCK_COLUMNS
from cvv.observatory.synthetic import generate
from cvv.territories.models import Commune

pytestmark = pytest.mark.django_db


def test_synthetic_files_have_the_official_schemas():
    places = [("93005", 1, 2.4976, 48.9386, 500.0), ("75104", 1, 2.3522, 48.8566, 300.0)]
    stock, history = generate(places=places, n_rows=500, vintage=dt.date(2025, 12, 31))
    assert stock.column_names == SIRENE_STOCK_COLUMNS
    assert history.column_names == SIRENE_HISTORY_COLUMNS
    again, _ = generate(places=places, n_rows=500, vintage=dt.date(2025, 12, 31))
    assert again.equals(stock)  # reproducible
    assert set(stock.column("codeCommuneEtablissement").to_pylist()) == {"93005", "75104"}


def test_demo_is_labelled_and_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "INHABITANTS_PER_ESTABLISHMENT", 2000)
    monkeypatch.setattr(demo, "REFERENCE_DATES", [dt.date(2024, 12, 31), dt.date(2025, 12, 31)])
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    assert DataImport.objects.filter(kind="sirene").count() == 1
    assert DataImport.objects.filter(kind="survey").count() == 2  # one per campaign
    assert all(i.synthetic for i in DataImport.objects.all())
    assert Survey.objects.values("commune").distinct().count() == 20
    assert Computation.objects.filter(synthetic=True).count() == 2
    assert (
        IndicatorRow.objects.filter(level="commune", reference_date=dt.date(2025, 12, 31)).count()
        == 130
    )
    assert Commune.objects.exclude(need_index=None).count() == 130


def test_demo_figures_fall_within_published_ranges(monkeypatch):
    """The computed indicators of the demo (Métropole level, where the sample is large
    enough even with a reduced demo) within the published orders of magnitude (see
    test_synthetic_calibration.py and the sources page)."""
    monkeypatch.setattr(demo, "INHABITANTS_PER_ESTABLISHMENT", 400)
    monkeypatch.setattr(demo, "REFERENCE_DATES", [dt.date(2024, 12, 31), dt.date(2025, 12, 31)])
    out = io.StringIO()
    demo.load(stdout=out)
    assert "en déclin" in out.getvalue()

    def metropole(year):
        return IndicatorRow.objects.get(
            level="metropole", reference_date=dt.date(year, 12, 31)
        ).values

    before, after = metropole(2024), metropole(2025)
    assert 0.08 <= after["taux_rotation"] <= 0.12
    assert 0.6 <= after["fermetures"] / after["ouvertures"] <= 1.6
    change = after["commerces_proximite"] / before["commerces_proximite"] - 1
    assert abs(change) <= 0.03
    assert 0.08 <= after["taux_vacance"] <= 0.12
    communes = IndicatorRow.objects.filter(level="commune", reference_date=dt.date(2025, 12, 31))
    rates = [r.values["taux_vacance"] for r in communes if r.values["taux_vacance"] is not None]
    assert len(rates) == 20
    assert max(rates) >= 0.13 and min(rates) <= 0.08  # differences between communes
    # Each campaign is its own survey: the 2024 figures use the 2023 campaign only.
    assert before["locaux_observes"] + after["locaux_observes"] == Premise.objects.count()
    assert 0.07 <= before["taux_vacance"] <= 0.13
