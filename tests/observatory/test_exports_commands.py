import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from cvv.observatory.indicators import COLUMN_NAMES
from cvv.observatory.models import DataImport, IndicatorRow
from tests.observatory import files

pytestmark = pytest.mark.django_db
D = "2025-06-30"


@pytest.fixture
def computed(tmp_path):
    rows = [
        files.establishment("93048", siret="33333333300011"),
        files.establishment("75104", activite="56.10A", diffusion="P"),
    ]
    stock = files.write_csv(tmp_path / "StockEtablissement_utf8.csv", rows)
    out = io.StringIO()
    call_command("observatory", "import-sirene", str(stock), "--vintage", "2025-12-31", stdout=out)
    assert "2 retenues" in out.getvalue()
    call_command("observatory", "compute", "--reference-date", D, stdout=io.StringIO())
    return tmp_path


def test_export_csv_has_code_nom_annee_then_contract_columns(computed):
    target = computed / "communes.csv"
    call_command(
        "observatory", "export", "--level", "commune", "--reference-date", D,
        "--format", "csv", "-o", str(target), stdout=io.StringIO(),
    )  # fmt: skip
    reader = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))
    assert reader.fieldnames == ["code", "nom", "annee", *COLUMN_NAMES]
    rows = {r["code"]: r for r in reader}
    assert len(rows) == 130
    assert rows["93048"]["annee"] == "2025"
    assert rows["93048"]["commerces_proximite"] == "1"
    assert rows["75056"]["commerces_proximite"] == "1"
    assert "33333333300011" not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("level", ["arrondissement", "ept", "metropole", "centralite"])
def test_export_geojson_every_level(computed, level):
    target = computed / f"{level}.geojson"
    call_command(
        "observatory", "export", "--level", level, "--reference-date", D,
        "--format", "geojson", "-o", str(target), stdout=io.StringIO(),
    )  # fmt: skip
    document = json.loads(target.read_text(encoding="utf-8"))
    expected = {"arrondissement": 20, "ept": 12, "metropole": 1}.get(level)
    assert expected is None or len(document["features"]) == expected
    feature = document["features"][0]
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert set(feature["properties"]) == {"code", "nom", "annee", *COLUMN_NAMES}


def test_export_xlsx_and_ods(computed):
    call_command(
        "observatory", "export", "--level", "ept", "--reference-date", D,
        "--format", "xlsx", "-o", str(computed / "ept.xlsx"), stdout=io.StringIO(),
    )  # fmt: skip
    sheet = load_workbook(computed / "ept.xlsx").active
    assert [c.value for c in sheet[1]][:4] == ["code", "nom", "annee", "population"]
    assert sheet.max_row == 13
    call_command(
        "observatory", "export", "--level", "ept", "--reference-date", D,
        "--format", "ods", "-o", str(computed / "ept.ods"), stdout=io.StringIO(),
    )  # fmt: skip
    assert (computed / "ept.ods").read_bytes()[:2] == b"PK"


def test_command_errors_are_clear(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("observatory", "import-sirene", str(tmp_path / "absent.parquet"))
    columns = [c for c in files.SIRENE_STOCK_COLUMNS if c != "siret"]
    bad = files.write_csv(tmp_path / "stock.csv", [files.establishment()], columns)
    with pytest.raises(CommandError, match="stock.csv.*siret"):
        call_command("observatory", "import-sirene", str(bad))
    assert DataImport.objects.get().status == DataImport.Status.FAILED
    with pytest.raises(CommandError, match="Aucun import SIRENE"):
        call_command("observatory", "compute")
    with pytest.raises(CommandError, match="Date invalide"):
        call_command("observatory", "compute", "--reference-date", "31/12/2025")
    with pytest.raises(CommandError, match="Aucun indicateur"):
        call_command(
            "observatory", "export", "--level", "commune", "--reference-date", "2020-01-01",
            "--format", "csv", "-o", str(tmp_path / "x.csv"),
        )  # fmt: skip


def test_export_to_an_unwritable_place_is_a_clear_error(computed):
    target = computed / "absent" / "communes.csv"
    with pytest.raises(CommandError, match="Impossible d’écrire l’export"):
        call_command(
            "observatory", "export", "--level", "commune", "--reference-date", D,
            "--format", "csv", "-o", str(target), stdout=io.StringIO(),
        )  # fmt: skip
    assert not target.parent.exists()


def test_import_sirene_with_compute(tmp_path):
    stock = files.write_parquet(tmp_path / "stock.parquet", [files.establishment("93048")])
    out = io.StringIO()
    call_command(
        "observatory", "import-sirene", str(stock), "--vintage", "2025-12-31", "--compute",
        stdout=out,
    )  # fmt: skip
    assert "Indicateurs calculés au 31/12/2025" in out.getvalue()
    row = IndicatorRow.objects.get(level="commune", code="93048")
    assert row.values["commerces_proximite"] == 1


def test_compute_defaults_to_the_stock_vintage(computed):
    call_command("observatory", "compute", stdout=io.StringIO())
    assert IndicatorRow.objects.filter(reference_date=dt.date(2025, 12, 31)).exists()
