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
        '$$12345678900011$$ AS siret) -- "'
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
        'NULL::DOUBLE AS y, NULL AS codeCommuneEtablissement) -- "'
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


def test_duckdb_connections_are_confined_and_locked(tmp_path):
    """Second wall: even SQL that got through could not touch other files."""
    import duckdb

    from cvv.observatory.readers import connect, literal

    allowed = files.write_parquet(tmp_path / "stock.parquet", [files.establishment()])
    out = tmp_path / "out"
    out.mkdir()
    con = connect(tmp_path / "tmp", read=[allowed], write=[out])
    try:
        path = literal(allowed)
        assert con.execute(f"SELECT count(*) FROM read_parquet({path})").fetchone() == (1,)
        con.execute(f"COPY (SELECT 1 AS a) TO {literal(out / 'ok.parquet')} (FORMAT parquet)")
        assert (out / "ok.parquet").exists()
        target = tmp_path / "written.csv"
        for statement in (
            "SELECT * FROM read_text('/etc/hostname')",
            f"COPY (SELECT 1 AS a) TO {literal(target)} (FORMAT csv)",
            f"SELECT * FROM read_csv({literal(tmp_path / '..' / 'x.csv')})",
            "SET enable_external_access = true",
            "SET allowed_directories = ['/']",
            "INSTALL httpfs",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(statement)
        assert not target.exists()
    finally:
        con.close()


def test_paths_with_quotes_are_literals(tmp_path, settings):
    """Every path in DuckDB SQL is a quoted literal: a data directory or an uploaded file
    name with a quote works (and cannot end the string)."""
    from cvv.observatory.compute_service import compute_indicators

    settings.OBSERVATORY_DATA_DIR = tmp_path / "l'observatoire"
    stock = files.write_csv(tmp_path / "stock d'INSEE.csv", [files.establishment("93005")])
    history = files.write_parquet(
        tmp_path / "histo'rique.parquet",
        [files.period("11111111100011", "2015-03-01", None, "A")],
        files.SIRENE_HISTORY_COLUMNS,
    )
    done = services.import_file(
        kind="sirene", path=stock, vintage=dt.date(2025, 12, 31), history=history
    )
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    bpe = files.write_csv(
        tmp_path / "bpe'24.csv", [files.bpe("93005", "B104")], files.BPE_COLUMNS, ";"
    )
    assert services.import_file(kind="bpe", path=bpe).status == DataImport.Status.SUCCEEDED
    population = files.write_csv(
        tmp_path / "pop'.csv",
        [files.population("93005", "87599")],
        files.POPULATION_COLUMNS,
        ";",
    )
    done = services.import_file(kind="population", path=population, vintage=dt.date(2025, 1, 1))
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    computation = compute_indicators(reference_date=dt.date(2025, 12, 31))
    assert computation.rows.filter(code="93005").exists()


def test_a_command_session_is_one_database_still_confined(tmp_path, monkeypatch):
    """A command opens one DuckDB database for its steps (each costs 0.05–0.1 s to open);
    it is confined and locked like a step's, and a step asking for paths it does not
    cover gets a connection of its own."""
    import duckdb

    from cvv.observatory import readers

    allowed = files.write_parquet(tmp_path / "stock.parquet", [files.establishment()])
    data = tmp_path / "data"
    (data / "out").mkdir(parents=True)
    opened = []
    real_connect = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda **kw: opened.append(1) or real_connect(**kw))
    with readers.session(read=[allowed], write=[data], temp_parent=tmp_path):
        for _ in range(3):
            con = readers.connect(tmp_path / "t", read=[allowed], write=[data / "out"])
            assert con.execute(
                f"SELECT count(*) FROM read_parquet({readers.literal(allowed)})"
            ).fetchone() == (1,)
            con.close()
        assert len(opened) == 1
        con = readers.connect(read=[data / "out"])
        for statement in (
            "SELECT * FROM read_text('/etc/hostname')",
            f"COPY (SELECT 1 AS a) TO {readers.literal(tmp_path / 'x.csv')} (FORMAT csv)",
            "SET enable_external_access = true",
            "SET allowed_directories = ['/']",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(statement)
        con.close()
        other = files.write_parquet(tmp_path / "other.parquet", [files.establishment()])
        readers.connect(read=[other]).close()
        assert len(opened) == 2
    assert not (tmp_path / "x.csv").exists()
