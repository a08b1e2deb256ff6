"""Imports that would erase good data are refused (issue 8, items 7, 8, 10)."""

import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from cvv.observatory import services
from cvv.observatory.models import DataImport
from tests.observatory import files

pytestmark = pytest.mark.django_db
VINTAGE = dt.date(2025, 12, 31)


def _sirene(path, **extra):
    return services.import_file(kind="sirene", path=path, vintage=VINTAGE, **extra)


def _stock(tmp_path, name, count):
    return files.write_csv(tmp_path / name, [files.establishment("93005") for _ in range(count)])


def test_header_only_file_never_replaces_the_stock(tmp_path):
    good = _sirene(_stock(tmp_path, "good.csv", 4))
    assert good.status == DataImport.Status.SUCCEEDED
    empty = _sirene(_stock(tmp_path, "empty.csv", 0))
    assert empty.status == DataImport.Status.FAILED
    assert "aucune ligne retenue" in empty.error and "--confirm-shrink" in empty.error
    good.refresh_from_db()
    assert good.status == DataImport.Status.SUCCEEDED
    assert services.latest_import("sirene") == good
    assert Path(good.data_path, "etablissements.parquet").exists()
    assert not Path(empty.data_path or "/nonexistent").exists()


def test_rows_all_of_the_wrong_type_never_replace_the_stock(tmp_path):
    good = _sirene(_stock(tmp_path, "good.csv", 3))
    rows = [files.establishment("93005", siret="not-a-siret") for _ in range(3)]
    bad = _sirene(files.write_csv(tmp_path / "bad.csv", rows))
    assert bad.status == DataImport.Status.FAILED and "aucune ligne retenue" in bad.error
    assert services.latest_import("sirene") == good


def test_a_new_vintage_keeping_under_half_is_refused_unless_confirmed(tmp_path):
    good = _sirene(_stock(tmp_path, "good.csv", 5))
    small = _stock(tmp_path, "small.csv", 2)
    later = dt.date(2026, 6, 30)
    refused = services.import_file(kind="sirene", path=small, vintage=later)
    assert refused.status == DataImport.Status.FAILED
    assert f"contre 5 pour l’import n° {good.pk}" in refused.error
    assert services.latest_import("sirene") == good
    accepted = services.import_file(kind="sirene", path=small, vintage=later, confirm_shrink=True)
    assert accepted.status == DataImport.Status.SUCCEEDED and accepted.rows_kept == 2


def test_command_refuses_the_shrink_and_accepts_it_with_the_flag(tmp_path):
    _sirene(_stock(tmp_path, "good.csv", 4))
    small = str(_stock(tmp_path, "small.csv", 1))
    with pytest.raises(CommandError, match="confirm-shrink"):
        call_command("observatory", "import-sirene", small, "--vintage", "2025-12-31")
    out = io.StringIO()
    call_command(
        "observatory", "import-sirene", small, "--vintage", "2025-12-31", "--confirm-shrink",
        stdout=out,
    )  # fmt: skip
    assert "1 retenues" in out.getvalue()
    assert services.latest_import("sirene").rows_kept == 1


def test_population_rejected_rows_never_reach_the_data(tmp_path):
    rows = [
        files.population("93005", "87 599"),
        files.population("92002", "-5"),  # Antony, Aulnay… : the values of the issue
        files.population("93001", "1000000000"),
        files.population("93006", "0"),
        files.population("93007", "12.5"),
        files.population("93008", ""),
        files.population("93010", "1e6"),
        files.population("75056", "2133111"),
    ]
    path = files.write_csv(tmp_path / "pop.csv", rows, files.POPULATION_COLUMNS, ";")
    done = services.import_file(kind="population", path=path, vintage=dt.date(2025, 1, 1))
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    stored = pq.read_table(Path(done.data_path) / "population.parquet").to_pylist()
    assert {r["code"]: r["population"] for r in stored} == {"93005": 87599, "75056": 2133111}
    assert (done.rows_kept, done.rows_rejected) == (2, 6)
    reasons = {r["motif"]: r for r in done.report["rejets"]}
    assert reasons["population municipale (PMUN) négative"]["exemples"] == ["92002 : -5"]
    assert reasons["population municipale (PMUN) nulle"]["lignes"] == 1
    assert reasons["population municipale (PMUN) absente"]["lignes"] == 1
    assert reasons["population municipale (PMUN) non entière ou illisible"]["lignes"] == 2
    too_many = "population municipale (PMUN) invraisemblable (plus de 3 000 000 habitants)"
    assert reasons[too_many]["exemples"] == ["93001 : 1000000000"]
    assert "92002" in done.report["communes_absentes"]


def test_bpe_rejected_rows_never_reach_the_data(tmp_path):
    rows = [files.bpe("93005", "B104"), files.bpe("93005", "B1"), files.bpe("93005", "B10X")]
    path = files.write_csv(tmp_path / "bpe.csv", rows, files.BPE_COLUMNS, ";")
    done = services.import_file(kind="bpe", path=path)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    stored = pq.read_table(Path(done.data_path) / "equipements.parquet").to_pylist()
    assert [r["typequ"] for r in stored] == ["B104"]
    assert done.rows_rejected == 2


def _bomb_csv(size):
    """A valid stock CSV of `size` bytes: one row repeated (compresses ~1000:1)."""
    text = files.csv_text([files.establishment("93005", siret="12345678900011")])
    header, row = text.split("\n", 1)
    return (header + "\n" + row * (size // len(row))).encode()


def test_zip_bomb_refused_from_the_central_directory(tmp_path, settings):
    settings.OBSERVATORY_RATIO_CHECK_FROM_BYTES = 1024 * 1024
    path = tmp_path / "stock.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("StockEtablissement_utf8.csv", _bomb_csv(20 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    done = _sirene(path)
    assert done.status == DataImport.Status.FAILED
    assert "bombe de décompression" in done.error and "stock.zip" in done.error
    assert done.rows_read == 0  # refused before reading


def test_zip_bomb_refused_by_total_size(tmp_path, settings):
    settings.OBSERVATORY_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    path = files.write_zip(tmp_path / "stock.zip", [files.establishment("93005")] * 8000)
    assert path.stat().st_size < 1024 * 1024
    done = _sirene(path)
    assert done.status == DataImport.Status.FAILED and "une fois décompressé" in done.error


def test_zip_lying_about_its_size_stops_at_the_declared_size(tmp_path):
    path = tmp_path / "stock.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("StockEtablissement_utf8.csv", _bomb_csv(5 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + offset
        data[at : at + 4] = (4096).to_bytes(4, "little")  # declares 4 kB
    path.write_bytes(bytes(data))
    done = _sirene(path)
    assert done.status == DataImport.Status.FAILED and "zip" in done.error


def test_gzip_is_read_and_bounded(tmp_path, settings):
    plain = _stock(tmp_path, "StockEtablissement_utf8.csv", 2).read_bytes()
    path = tmp_path / "StockEtablissement_utf8.csv.gz"
    path.write_bytes(gzip.compress(plain))
    done = _sirene(path)
    assert done.status == DataImport.Status.SUCCEEDED and done.rows_kept == 2, done.error
    settings.OBSERVATORY_RATIO_CHECK_FROM_BYTES = 1024 * 1024
    path.write_bytes(gzip.compress(_bomb_csv(20 * 1024 * 1024), 9))
    done = _sirene(path, confirm_shrink=True)
    assert done.status == DataImport.Status.FAILED and "bombe de décompression" in done.error


def test_row_limit_of_parquet_and_csv(tmp_path, settings):
    settings.OBSERVATORY_MAX_ROWS = 3
    rows = [files.establishment("93005") for _ in range(4)]
    for path in (
        files.write_parquet(tmp_path / "stock.parquet", rows),
        files.write_csv(tmp_path / "stock.csv", rows),
    ):
        done = _sirene(path)
        assert done.status == DataImport.Status.FAILED
        assert "plus de 3 lignes" in done.error


def _survey_workbook(path, rows, text="x"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code_commune", "date_releve", "adresse", "statut", "activite"])
    for _ in range(rows):
        sheet.append(["93005", dt.date(2025, 4, 1), "5 rue de Paris", "vacant", text])
    workbook.save(path)
    return path


def test_xlsx_bomb_refused_before_openpyxl_reads_it(tmp_path, settings, monkeypatch):
    settings.OBSERVATORY_SURVEY_MAX_BYTES = 1024 * 1024
    path = _survey_workbook(tmp_path / "releve.xlsx", 20_000, "ancienne boulangerie " * 3)
    assert path.stat().st_size < 1024 * 1024

    def fail(*args, **kwargs):
        raise AssertionError("openpyxl must not open a workbook over the limit")

    monkeypatch.setattr("openpyxl.load_workbook", fail)
    done = services.import_file(kind="survey", path=path)
    assert done.status == DataImport.Status.FAILED
    assert "une fois décompressé" in done.error and "releve.xlsx" in done.error


def test_survey_row_limit(tmp_path, settings):
    settings.OBSERVATORY_SURVEY_MAX_ROWS = 50
    done = services.import_file(kind="survey", path=_survey_workbook(tmp_path / "r.xlsx", 51))
    assert done.status == DataImport.Status.FAILED and "plus de 50 lignes" in done.error
    assert services.import_file(
        kind="survey", path=_survey_workbook(tmp_path / "s.xlsx", 50)
    ).status == (DataImport.Status.SUCCEEDED)
    csv_path = tmp_path / "r.csv"
    csv_path.write_text(
        "code_commune,date_releve,adresse,statut\n" + "93005,2025-04-01,1 rue,vacant\n" * 51
    )
    done = services.import_file(kind="survey", path=csv_path)
    assert done.status == DataImport.Status.FAILED and "plus de 50 lignes" in done.error
