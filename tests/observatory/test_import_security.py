"""Imported files are data, never SQL: a header cell cannot run statements, read or write
files (issue 8, item 1)."""

import csv
import datetime as dt
import io

import pytest

from cvv.observatory import services
from cvv.observatory.models import DataImport
from tests.observatory import files

pytestmark = pytest.mark.django_db


def _payload(target):
    """A header cell with both quote kinds that, pasted into SQL with Python's repr(), ends
    the string and runs statements (read /etc/hostname, write `target`)."""
    return (
        "Z': $$VARCHAR$$})) WHERE false) TO $$" + str(target) + ".parquet$$; "
        "COPY (SELECT content FROM read_text($$/etc/hostname$$)) TO $$"
        + str(target)
        + "$$ (FORMAT csv); COPY (SELECT * FROM (SELECT $$93005$$ AS DEPCOM, $$2024$$ AS AN, "
        "$$B101$$ AS TYPEQU, $$93$$ AS CODDEP, $$005$$ AS CODCOM, $$1$$ AS PMUN, "
        "$$12345678900011$$ AS siret) -- \""
    )


def _sirene_payload(target):
    """The same attack, shaped for the SIRENE stock query (a CTE follows the relation)."""
    names = ["siret", "commune", "diffusion", "etat", "nomenclature", "activite", "naf25",
             "employeur", "motif"]  # fmt: skip
    fake = ", ".join(f"NULL::VARCHAR AS {n}" for n in names)
    return (
        "Z': $$VARCHAR$$})) WHERE false) SELECT 1; "
        "COPY (SELECT content FROM read_text($$/etc/hostname$$)) TO $$"
        + str(target)
        + "$$ (FORMAT csv); WITH e AS (SELECT * FROM (SELECT "
        + fake
        + ", NULL::DATE AS date_creation, NULL::DATE AS date_debut, NULL::DOUBLE AS x, "
        "NULL::DOUBLE AS y, NULL AS codeCommuneEtablissement) -- \""
    )


def _csv(columns, rows, delimiter=";"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["bpe", "population"])
def test_header_cell_cannot_run_sql(tmp_path, kind):
    target = tmp_path / "pwned.csv"
    if kind == "bpe":
        columns = [*files.BPE_COLUMNS, _payload(target)]
        row = [files.bpe("93005", "B101")[c] for c in files.BPE_COLUMNS] + ["x"]
    else:
        columns = [*files.POPULATION_COLUMNS, _payload(target)]
        row = [files.population("93005", "87599")[c] for c in files.POPULATION_COLUMNS] + ["x"]
    path = tmp_path / "fichier.csv"
    path.write_text(_csv(columns, [row]), encoding="utf-8")
    done = services.import_file(kind=kind, path=path, vintage=dt.date(2024, 1, 1))
    assert not target.exists()
    assert not (tmp_path / "pwned.csv.parquet").exists()
    assert done.status == DataImport.Status.FAILED
    assert "fichier.csv" in done.error and "colonne" in done.error
    assert "hostname" not in done.error or "non officielle" in done.error


def test_sirene_header_cell_cannot_run_sql(tmp_path):
    target = tmp_path / "pwned.csv"
    columns = [*files.SIRENE_STOCK_COLUMNS, _sirene_payload(target)]
    row = files.establishment("93005")
    path = tmp_path / "StockEtablissement_utf8.csv"
    path.write_text(
        _csv(columns, [[row[c] for c in files.SIRENE_STOCK_COLUMNS] + ["x"]], ","),
        encoding="utf-8",
    )
    done = services.import_file(kind="sirene", path=path, vintage=dt.date(2025, 12, 31))
    assert not target.exists()
    assert not (tmp_path / "pwned.csv.parquet").exists()
    assert done.status == DataImport.Status.FAILED, done.report
    assert "StockEtablissement_utf8.csv" in done.error and "colonne" in done.error
