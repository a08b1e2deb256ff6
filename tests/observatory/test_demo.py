import datetime as dt
import io

import pytest

from cvv.observatory import demo
from cvv.observatory.models import Computation, DataImport, IndicatorRow, Survey
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
    assert DataImport.objects.filter(kind="survey").count() == 1
    assert all(i.synthetic for i in DataImport.objects.all())
    assert Survey.objects.values("commune").distinct().count() == 20
    assert Computation.objects.filter(synthetic=True).count() == 2
    assert (
        IndicatorRow.objects.filter(level="commune", reference_date=dt.date(2025, 12, 31)).count()
        == 130
    )
    assert Commune.objects.exclude(need_index=None).count() == 130
