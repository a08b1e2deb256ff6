import datetime as dt
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cvv.observatory import services
from cvv.observatory.models import DataImport
from tests.observatory import files

pytestmark = pytest.mark.django_db
SIRENE = DataImport.Kind.SIRENE
VINTAGE = dt.date(2025, 12, 31)


def _import(path, **extra):
    return services.import_file(kind=SIRENE, path=path, vintage=VINTAGE, **extra)


def _stored(data_import):
    return pq.read_table(Path(data_import.data_path) / "etablissements.parquet").to_pylist()


def _sample():
    x, y = files.lambert93(2.4976, 48.9386)
    return [
        files.establishment("93005", x=x, y=y),
        files.establishment("75104", activite="56.10A"),  # Paris: arrondissement code
        files.establishment("75056"),  # never used by SIRENE: not a Métropole code
        files.establishment("69123"),  # Lyon: outside
        files.establishment("93048", diffusion="P", activite="47.71Z"),
        files.establishment("93048", nomenclature="NAFRev1", activite="52.1A"),
        files.establishment("93048", x="700000", y="6600000", activite="70.22Z"),
    ]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "zip"])
def test_import_official_formats(tmp_path, fmt):
    rows = _sample()
    path = {
        "parquet": lambda: files.write_parquet(tmp_path / "StockEtablissement.parquet", rows),
        "csv": lambda: files.write_csv(tmp_path / "StockEtablissement_utf8.csv", rows),
        "zip": lambda: files.write_zip(tmp_path / "StockEtablissement_utf8.zip", rows),
    }[fmt]()
    done = _import(path)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    assert (done.rows_read, done.rows_kept, done.rows_rejected, done.rows_outside) == (7, 5, 0, 2)
    stored = _stored(done)
    assert sorted(r["commune"] for r in stored) == ["75104", "93005", "93048", "93048", "93048"]
    assert done.report["diffusion_partielle"] == 1
    assert done.report["nomenclatures_inconnues"] == {"NAFRev1": 1}
    assert len(done.checksum) == 64
    by_activity = {r["activite"]: r for r in stored}
    assert by_activity["47.24Z"]["categorie"] == "alimentaire"
    assert by_activity["52.1A"]["categorie"] is None  # NAFRev1: not in the mapping
    # Positions stay in Lambert-93, as SIRENE gives them.
    assert (by_activity["70.22Z"]["x"], by_activity["70.22Z"]["y"]) == (700000.0, 6600000.0)
    x, y = files.lambert93(2.4976, 48.9386)
    assert by_activity["47.24Z"]["x"] == pytest.approx(float(x), abs=0.01)
    assert by_activity["47.24Z"]["y"] == pytest.approx(float(y), abs=0.01)
    assert by_activity["47.71Z"]["x"] is None  # "[ND]"


def test_geolocation_file_and_history(tmp_path):
    shop = files.establishment("93005", siret="11111111100011", etat="F", debut="2025-05-01")
    stock = files.write_parquet(tmp_path / "stock.parquet", [shop, files.establishment("93005")])
    geo = files.write_csv(
        tmp_path / "geo.csv",
        [files.geoloc("11111111100011", 2.5, 48.94)],
        files.GEOLOC_COLUMNS,
        delimiter=";",
    )
    history = files.write_parquet(
        tmp_path / "StockEtablissementHistorique.parquet",
        [
            files.period("11111111100011", "2015-03-01", "2025-04-30", "A"),
            files.period("11111111100011", "2025-05-01", None, "F"),
            files.period("99999999900011", "2015-03-01", None, "A"),  # not in the stock
        ],
        files.SIRENE_HISTORY_COLUMNS,
    )
    done = _import(stock, geo=geo, history=history)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    shop_row = next(r for r in _stored(done) if r["siret"] == "11111111100011")
    # The geolocation file's WGS84 position, projected to Lambert-93.
    x, y = files.lambert93(2.5, 48.94)  # to 0.1 m
    assert shop_row["x"] == pytest.approx(float(x), abs=0.1)
    assert shop_row["y"] == pytest.approx(float(y), abs=0.1)
    periods = pq.read_table(Path(done.data_path) / "periodes.parquet").to_pylist()
    assert len(periods) == 2 and {p["etat"] for p in periods} == {"A", "F"}
    assert done.report["historique"] == {"lignes_lues": 3, "periodes_retenues": 2}


def test_missing_column_is_named_with_the_file(tmp_path):
    columns = [c for c in files.SIRENE_STOCK_COLUMNS if c != "etatAdministratifEtablissement"]
    path = files.write_csv(tmp_path / "stock.csv", [files.establishment()], columns)
    done = _import(path)
    assert done.status == DataImport.Status.FAILED
    assert "stock.csv" in done.error and "etatAdministratifEtablissement" in done.error


def test_truncated_parquet_and_zip_say_so(tmp_path):
    path = files.write_parquet(tmp_path / "stock.parquet", _sample())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    done = _import(path)
    assert done.status == DataImport.Status.FAILED and "tronqué" in done.error
    archive = files.write_zip(tmp_path / "stock.zip", _sample() * 50)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    done = _import(archive)
    assert done.status == DataImport.Status.FAILED and "tronquée" in done.error


def test_file_of_a_few_bytes_is_a_clear_error(tmp_path):
    path = tmp_path / "stock.csv"
    path.write_bytes(b"ab")
    done = _import(path)
    assert done.status == DataImport.Status.FAILED
    assert done.error.startswith("stock.csv : colonne(s) manquante(s)")


def test_zip_must_hold_one_csv(tmp_path):
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "x\n")
        archive.writestr("b.csv", "x\n")
    done = _import(path)
    assert done.status == DataImport.Status.FAILED and "exactement un fichier" in done.error


def test_malformed_rows_are_rejected_counted_the_rest_goes_in(tmp_path):
    good = [files.establishment("93005") for _ in range(3)]
    bad_siret = files.establishment("93005", siret="12345")
    bad_date = files.establishment("93005", creation="2021-13-45")
    text = files.csv_text([*good, bad_siret, bad_date])
    text += "1,2,3\n"  # too few columns
    text += files.csv_text([files.establishment("93005")]).split("\n")[1][:40]  # truncated
    path = tmp_path / "stock.csv"
    path.write_text(text, encoding="utf-8")
    done = _import(path)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    assert done.rows_kept == 3
    assert done.rows_rejected == 4
    reasons = {r["motif"]: r for r in done.report["rejets"]}
    assert reasons["SIRET absent ou mal formé (14 chiffres attendus)"]["exemples"] == [
        "SIRET 12345"
    ]
    assert "date de création illisible" in reasons
    malformed = [r for r in reasons if r.startswith("ligne mal formée")]
    assert sum(reasons[r]["lignes"] for r in malformed) == 2


def test_reimport_replaces_the_vintage_and_failure_keeps_previous_data(
    tmp_path, django_capture_on_commit_callbacks
):
    first = _import(files.write_parquet(tmp_path / "a.parquet", _sample()))
    with django_capture_on_commit_callbacks(execute=True):  # 2 rows for 5: confirmed
        second = _import(
            files.write_parquet(tmp_path / "b.parquet", _sample()[:2]), confirm_shrink=True
        )
    first.refresh_from_db()
    assert first.status == DataImport.Status.REPLACED
    assert not Path(first.data_path).exists()
    assert second.status == DataImport.Status.SUCCEEDED and second.rows_kept == 2
    broken = tmp_path / "c.parquet"
    broken.write_bytes(b"PAR1 not really parquet")
    failed = _import(broken)
    assert failed.status == DataImport.Status.FAILED
    second.refresh_from_db()
    assert second.status == DataImport.Status.SUCCEEDED
    assert len(_stored(second)) == 2
    assert services.latest_import(SIRENE) == second


def test_bpe_and_population(tmp_path):
    bpe = files.write_csv(
        tmp_path / "BPE24.csv",
        [files.bpe("93005", "B104"), files.bpe("75104", "B201"), files.bpe("69123", "B104"),
         files.bpe("93005", "A101"), files.bpe("93005", "ZZ")],
        files.BPE_COLUMNS,
        delimiter=";",
    )  # fmt: skip
    done = services.import_file(kind=DataImport.Kind.BPE, path=bpe)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    assert (done.rows_read, done.rows_kept, done.rows_rejected) == (5, 3, 1)
    assert done.vintage == dt.date(2024, 1, 1)
    population = files.write_csv(
        tmp_path / "donnees_communes.csv",
        [files.population("93005", "87 599"), files.population("75056", "2133111"),
         files.population("69123", "520774")],
        files.POPULATION_COLUMNS,
        delimiter=";",
    )  # fmt: skip
    done = services.import_file(
        kind=DataImport.Kind.POPULATION, path=population, vintage=dt.date(2025, 1, 1)
    )
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    assert done.rows_kept == 2
    stored = pq.read_table(Path(done.data_path) / "population.parquet").to_pylist()
    assert {r["code"]: r["population"] for r in stored} == {"93005": 87599, "75056": 2133111}
    assert "93048" in done.report["communes_absentes"]


def test_typed_parquet_as_insee_publishes_it(tmp_path):
    """INSEE's parquet types some columns (dates, numbers, booleans): they are read as well."""
    import pyarrow as pa

    x, y = files.lambert93(2.4976, 48.9386)
    rows = [
        files.establishment("93005", x=x, y=y, creation="2025-03-01"),
        files.establishment("93005", creation="1900-01-01", x="", y=""),
    ]
    table = files.table(rows, files.SIRENE_STOCK_COLUMNS)
    typed = {
        "dateCreationEtablissement": pa.date32(),
        "dateDebut": pa.date32(),
        "coordonneeLambertAbscisseEtablissement": pa.float64(),
        "coordonneeLambertOrdonneeEtablissement": pa.float64(),
        "nombrePeriodesEtablissement": pa.int64(),
        "etablissementSiege": pa.bool_(),
        "dateDernierTraitementEtablissement": pa.timestamp("s"),
    }
    for name, kind in typed.items():
        index = table.schema.get_field_index(name)
        column = table.column(name)
        if kind == pa.bool_():
            column = pa.array([True] * len(rows))
        elif kind == pa.timestamp("s"):
            column = pa.array([dt.datetime(2025, 11, 2, 10, 12)] * len(rows), kind)
        else:
            column = column.cast(kind)
        table = table.set_column(index, name, column)
    path = tmp_path / "StockEtablissement.parquet"
    files.pq.write_table(table, path)
    done = _import(path)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    stored = sorted(_stored(done), key=lambda r: r["date_creation"] or dt.date.min)
    assert stored[0]["date_creation"] is None  # 1900-01-01: unknown
    assert stored[1]["date_creation"] == dt.date(2025, 3, 1)
    assert stored[1]["x"] == pytest.approx(float(x), abs=0.01)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_values_padded_with_spaces_are_read_trimmed(tmp_path, fmt):
    """A file whose values carry spaces around them (a hand-made export) reads as the same
    values trimmed: only such values pay for the trim, the others are kept as they are."""
    x, y = files.lambert93(2.4976, 48.9386)
    padded = files.establishment(
        "93005", siret=" 12345678900011 ", etat=" A", creation="2015-03-01 ", diffusion=" O ",
        activite=" 47.24Z", nomenclature="NAFRev2 ", employeur="O ", x=f" {x}", y=f"{y} ",
        numeroVoieEtablissement=" 12 ", typeVoieEtablissement=" RUE",
    )  # fmt: skip
    plain = files.establishment("93005", siret="12345678900029", x=x, y=y)
    write = {"parquet": files.write_parquet, "csv": files.write_csv}[fmt]
    done = _import(write(tmp_path / f"stock.{fmt}", [padded, plain]))
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    assert (done.rows_kept, done.rows_rejected) == (2, 0)
    first, second = sorted(_stored(done), key=lambda r: r["siret"])
    assert first["siret"] == "12345678900011"
    for name in ["etat", "date_creation", "diffusion", "activite", "nomenclature", "employeur",
                 "categorie", "numero", "indice", "type_voie", "voie", "x", "y"]:  # fmt: skip
        assert first[name] == second[name], name
    address = [first[n] for n in ("commune", "numero", "indice", "type_voie", "voie")]
    assert address == ["93005", 12, "", "RUE", "DE LA REPUBLIQUE"]
