"""Stock files written before positions were kept in Lambert-93 (WGS84 lon, lat) are
rewritten once, in place, by the next computation, with the same figures."""

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cvv.observatory import addresses, services
from cvv.observatory.compute_service import compute_indicators
from cvv.observatory.models import DataImport, IndicatorRow
from cvv.territories import geo
from cvv.territories.models import Commune
from tests.observatory import files

pytestmark = pytest.mark.django_db
D = dt.date(2025, 6, 30)


def _figures():
    return {
        (row.level, row.code): row.values for row in IndicatorRow.objects.filter(reference_date=D)
    }


def _imported_and_computed(tmp_path, rows):
    """(stock file, figures at D) of an import of `rows` then a computation."""
    path = files.write_parquet(tmp_path / "stock.parquet", rows)
    done = services.import_file(
        kind=DataImport.Kind.SIRENE, path=path, vintage=dt.date(2025, 12, 31)
    )
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    compute_indicators(reference_date=D)
    return Path(done.data_path) / "etablissements.parquet", _figures()


def _to_earlier_format(path):
    """The file as the platform wrote it before: x, y replaced by WGS84 lon, lat."""
    table = pq.read_table(path)
    x = table.column("x").to_numpy(zero_copy_only=False)
    y = table.column("y").to_numpy(zero_copy_only=False)
    lon, lat = geo._to_wgs84().transform(x, y)
    known = ~table.column("x").is_null().to_numpy(zero_copy_only=False)
    table = table.drop_columns(["x", "y"])
    table = table.append_column("lon", pa.array(lon, mask=~known))
    table = table.append_column("lat", pa.array(lat, mask=~known))
    pq.write_table(table, path)


def test_an_earlier_stock_file_is_rewritten_in_lambert93_with_the_same_figures(tmp_path):
    aulnay = Commune.objects.get(code="93005")
    x, y = files.lambert93(aulnay.mairie_lon, aulnay.mairie_lat)
    rows = [
        files.establishment("93005", x=x, y=y),
        files.establishment("93005", x=x, y=y, activite="56.10A"),
        files.establishment("93005"),  # "[ND]"
        files.establishment("93048", x=x, y=y, activite="47.71Z"),  # mis-coded, in Aulnay
    ]
    stock, expected = _imported_and_computed(tmp_path, rows)
    before = pq.read_table(stock)
    _to_earlier_format(stock)

    compute_indicators(reference_date=D)

    assert _figures() == expected
    after = pq.read_table(stock)
    assert "lon" not in after.column_names and {"x", "y"} <= set(after.column_names)
    assert after.num_rows == before.num_rows
    for name in ("x", "y"):
        got = after.column(name).to_pylist()
        want = before.column(name).to_pylist()
        assert [v is None for v in got] == [v is None for v in want]
        assert [v for v in got if v is not None] == pytest.approx(
            [v for v in want if v is not None], abs=1e-6
        )
    leftovers = [p.name for p in stock.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def _to_one_text_address(path):
    """The file as the platform wrote it before its address columns: one text key."""
    table = pq.read_table(path)
    keys = [
        addresses.Address(c, n, i, t, v).key if n is not None and v is not None else None
        for c, n, i, t, v in zip(
            *(table.column(name).to_pylist() for name in ("commune", *addresses.COLUMNS)),
            strict=True,
        )
    ]
    table = table.drop_columns(addresses.COLUMNS).append_column("adresse", pa.array(keys))
    pq.write_table(table, path)


def test_an_earlier_stock_file_with_one_text_address_is_rewritten_with_the_same_figures(
    tmp_path,
):
    aulnay = Commune.objects.get(code="93005")
    x, y = files.lambert93(aulnay.mairie_lon, aulnay.mairie_lat)
    rows = [
        files.establishment("93005", x=x, y=y),  # 12 rue de la République: located
        files.establishment("93005", activite="56.10A"),  # same address, "[ND]": placed by it
        files.establishment(
            "93005", numeroVoieEtablissement="7", indiceRepetitionEtablissement="B"
        ),
        files.establishment("93005", numeroVoieEtablissement=""),  # no address
    ]
    stock, expected = _imported_and_computed(tmp_path, rows)
    assert expected[(IndicatorRow.Level.COMMUNE, "93005")]["etablissements_places_par_adresse"] == 1
    before = pq.read_table(stock)
    _to_one_text_address(stock)
    assert "adresse" in pq.read_schema(stock).names

    compute_indicators(reference_date=D)

    assert _figures() == expected
    after = pq.read_table(stock)
    assert "adresse" not in after.column_names
    for name in ("siret", "commune", "numero", "x", "y"):
        assert after.column(name).to_pylist() == before.column(name).to_pylist(), name
    # Suffix, street type and name as they were wherever there is an address (a row without one
    # kept no parts in the one-text key).
    with_address = [i for i, n in enumerate(before.column("numero").to_pylist()) if n is not None]
    for name in ("indice", "type_voie", "voie"):
        got, want = after.column(name).to_pylist(), before.column(name).to_pylist()
        assert [got[i] for i in with_address] == [want[i] for i in with_address], name
    assert [p.name for p in stock.parent.iterdir() if p.name.endswith(".tmp")] == []
