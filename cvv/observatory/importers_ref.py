"""Importers of the smaller official files: BPE equipments and INSEE legal populations.
Both are read by DuckDB (needed columns only) and written to parquet with DuckDB COPY."""

from pathlib import Path

import pyarrow.parquet as pq

from cvv.observatory import schema, storage
from cvv.observatory.importers import Report, _codes_sql
from cvv.observatory.readers import (
    ImportFileError,
    connect,
    count_csv_rows,
    duckdb_error_message,
    open_source,
    require_columns,
)
from cvv.observatory.territory import PARIS_ARRONDISSEMENTS, metropole_sirene_codes


def _rows_read(source):
    if source.fmt == "csv":
        return count_csv_rows(source.path)
    return pq.ParquetFile(source.path).metadata.num_rows


def _copy(con, source, sql, final):
    temp = storage.temp_name(final)
    try:
        con.execute(f"COPY ({sql}) TO '{temp}' (FORMAT parquet, COMPRESSION zstd)")
    except Exception as exc:
        if type(exc).__module__.startswith("duckdb"):
            raise ImportFileError(duckdb_error_message(source.label, exc)) from None
        raise
    storage.commit_file(final)


def _reject_counts(con, final, report, checks):
    for reason, where in checks:
        count = con.execute(
            f"SELECT count(*) FROM read_parquet('{final}') WHERE {where}"
        ).fetchone()
        if count[0]:
            report.reject(reason, count[0])


def import_bpe(*, path, out_dir: Path, work_dir: Path, progress=None) -> Report:
    """BPE (one row per equipment): keeps the Métropole's rows (DEPCOM, arrondissements for
    Paris), columns AN, DEPCOM, TYPEQU."""
    report = Report()
    source = open_source(path, label=Path(path).name, work_dir=work_dir / "bpe")
    try:
        require_columns(source, schema.BPE_NEEDED, what="BPE")
        report.rows_read = _rows_read(source)
        con = connect(work_dir / "duckdb")
        final = out_dir / "equipements.parquet"
        rel = source.relation_sql(schema.BPE_NEEDED, rejects=True)
        codes = _codes_sql(metropole_sirene_codes())
        sql = f"""
          SELECT trim(CAST(DEPCOM AS VARCHAR)) AS commune,
            upper(trim(CAST(TYPEQU AS VARCHAR))) AS typequ,
            TRY_CAST(trim(CAST(AN AS VARCHAR)) AS INTEGER) AS annee
          FROM {rel} WHERE trim(CAST(DEPCOM AS VARCHAR)) IN ({codes})
        """
        _copy(con, source, sql, final)
        bad_type = "NOT regexp_full_match(coalesce(typequ, ''), '[A-G][0-9]{3}')"
        _reject_counts(con, final, report, [("type d’équipement (TYPEQU) mal formé", bad_type)])
        total = con.execute(f"SELECT count(*) FROM read_parquet('{final}')").fetchone()[0]
        report.rows_kept = total - report.rows_rejected
        con.close()
    finally:
        source.cleanup()
    return report


def import_population(*, path, out_dir: Path, work_dir: Path, progress=None) -> Report:
    """INSEE legal populations (donnees_communes.csv): PMUN of the Métropole's communes
    (code = CODDEP + CODCOM). Paris is one commune there (75056)."""
    report = Report()
    source = open_source(path, label=Path(path).name, work_dir=work_dir / "population")
    try:
        require_columns(source, schema.POPULATION_NEEDED, what="de populations légales")
        report.rows_read = _rows_read(source)
        codes = set(metropole_sirene_codes()) - set(PARIS_ARRONDISSEMENTS) | {"75056"}
        con = connect(work_dir / "duckdb")
        final = out_dir / "population.parquet"
        rel = source.relation_sql(schema.POPULATION_NEEDED, rejects=True)
        code = "trim(CAST(CODDEP AS VARCHAR)) || lpad(trim(CAST(CODCOM AS VARCHAR)), 3, '0')"
        pmun = "replace(replace(trim(CAST(PMUN AS VARCHAR)), ' ', ''), chr(160), '')"
        sql = f"""
          SELECT {code} AS code, TRY_CAST({pmun} AS BIGINT) AS population
          FROM {rel} WHERE {code} IN ({_codes_sql(codes)})
        """
        _copy(con, source, sql, final)
        _reject_counts(
            con,
            final,
            report,
            [("population municipale (PMUN) illisible", "population IS NULL OR population < 0")],
        )
        total, distinct = con.execute(
            f"SELECT count(*), count(DISTINCT code) FROM read_parquet('{final}')"
        ).fetchone()
        if distinct != total:
            raise ImportFileError(
                f"{source.label} : plusieurs lignes pour une même commune ({total - distinct})."
            )
        report.rows_kept = total - report.rows_rejected
        report.extra["communes_absentes"] = sorted(
            codes
            - {r[0] for r in con.execute(f"SELECT code FROM read_parquet('{final}')").fetchall()}
        )
        con.close()
    finally:
        source.cleanup()
    return report
