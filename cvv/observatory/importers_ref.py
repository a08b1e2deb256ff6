"""Importers of the smaller official files: BPE equipments and INSEE legal populations.
Both are read by DuckDB (needed columns only, Métropole rows only) into a temporary table
with a rejection reason per row; rejected rows are counted with examples and never written:
only the accepted rows are copied to parquet."""

from pathlib import Path

from cvv.observatory import plausibility, schema, storage
from cvv.observatory.importers import MAX_EXAMPLES, Report, _codes_sql
from cvv.observatory.readers import (
    ImportFileError,
    connect,
    duckdb_error_message,
    literal,
    open_source,
    require_columns,
    rows_of,
)
from cvv.observatory.territory import PARIS_ARRONDISSEMENTS, metropole_sirene_codes

# No French commune has more than 3 million inhabitants (Paris: 2.1 M).
POPULATION_MAX = 3_000_000


def _stage(con, source, sql, report, example):
    """Read the file into table `rows` (with `motif`), report rejects, return kept count."""
    try:
        con.execute(f"CREATE TEMP TABLE rows AS {sql}")
        reasons = con.execute(
            "SELECT motif, count(*), list(" + example + " ORDER BY rowid)[1:"
            f"{MAX_EXAMPLES}] FROM rows WHERE motif IS NOT NULL GROUP BY motif ORDER BY 2 DESC"
        ).fetchall()
    except Exception as exc:
        if type(exc).__module__.startswith("duckdb"):
            raise ImportFileError(duckdb_error_message(source.label, exc)) from None
        raise
    for reason, count, examples in reasons:
        report.reject(reason, count, examples)
    return con.execute("SELECT count(*) FROM rows WHERE motif IS NULL").fetchone()[0]


def _write(con, final, columns):
    temp = storage.temp_name(final)
    con.execute(
        f"COPY (SELECT {', '.join(columns)} FROM rows WHERE motif IS NULL ORDER BY rowid) "
        f"TO {literal(temp)} (FORMAT parquet, COMPRESSION zstd)"
    )
    storage.commit_file(final)


def import_bpe(*, path, out_dir: Path, work_dir: Path, progress=None) -> Report:
    """BPE (one row per equipment): keeps the Métropole's rows (DEPCOM, arrondissements for
    Paris), columns AN, DEPCOM, TYPEQU."""
    report = Report()
    source = open_source(path, label=Path(path).name, work_dir=work_dir / "bpe")
    try:
        require_columns(source, schema.BPE_NEEDED, what="BPE")
        report.rows_read = rows_of(source)
        con = connect(work_dir / "duckdb", read=[source.path], write=[out_dir])
        try:
            rel = source.relation_sql(schema.BPE_NEEDED, rejects=True)
            codes = _codes_sql(metropole_sirene_codes())
            sql = f"""
              SELECT *, CASE
                  WHEN NOT regexp_full_match(coalesce(typequ, ''), '[A-G][0-9]{{3}}')
                    THEN 'type d’équipement (TYPEQU) mal formé'
                  WHEN annee IS NULL THEN 'année (AN) illisible'
                  ELSE NULL END AS motif
              FROM (
                SELECT trim(CAST(DEPCOM AS VARCHAR)) AS commune,
                  upper(trim(CAST(TYPEQU AS VARCHAR))) AS typequ,
                  TRY_CAST(trim(CAST(AN AS VARCHAR)) AS INTEGER) AS annee,
                  trim(CAST(TYPEQU AS VARCHAR)) AS brut
                FROM {rel} WHERE trim(CAST(DEPCOM AS VARCHAR)) IN ({codes})
              )
            """
            example = "commune || ' : ' || coalesce(brut, '(vide)')"
            report.rows_kept = _stage(con, source, sql, report, example)
            _write(con, out_dir / "equipements.parquet", ["commune", "typequ", "annee"])
        finally:
            con.close()
        plausibility.bpe_warnings(report, out_dir / "equipements.parquet")
    finally:
        source.cleanup()
    return report


def import_population(*, path, out_dir: Path, work_dir: Path, progress=None) -> Report:
    """INSEE legal populations (donnees_communes.csv): PMUN of the Métropole's communes
    (code = CODDEP + CODCOM). Paris is one commune there (75056). A population must be a
    whole number of inhabitants between 1 and POPULATION_MAX (spaces as thousands
    separators accepted); anything else is rejected with its reason and not written."""
    report = Report()
    source = open_source(path, label=Path(path).name, work_dir=work_dir / "population")
    try:
        require_columns(source, schema.POPULATION_NEEDED, what="de populations légales")
        report.rows_read = rows_of(source)
        codes = set(metropole_sirene_codes()) - set(PARIS_ARRONDISSEMENTS) | {"75056"}
        con = connect(work_dir / "duckdb", read=[source.path], write=[out_dir])
        try:
            rel = source.relation_sql(schema.POPULATION_NEEDED, rejects=True)
            code = "trim(CAST(CODDEP AS VARCHAR)) || lpad(trim(CAST(CODCOM AS VARCHAR)), 3, '0')"
            pmun = "replace(replace(trim(CAST(PMUN AS VARCHAR)), ' ', ''), chr(8239), '')"
            pmun = f"replace({pmun}, chr(160), '')"
            bound = f"{POPULATION_MAX:,}".replace(",", " ")
            too_many = literal(
                f"population municipale (PMUN) invraisemblable (plus de {bound} habitants)"
            )
            sql = f"""
              SELECT code, brut, CASE WHEN motif IS NULL THEN TRY_CAST(texte AS BIGINT) END
                  AS population, motif
              FROM (
                SELECT *, CASE
                    WHEN texte = '' THEN 'population municipale (PMUN) absente'
                    WHEN regexp_full_match(texte, '-[0-9]+')
                      THEN 'population municipale (PMUN) négative'
                    WHEN NOT regexp_full_match(texte, '[0-9]+')
                      THEN 'population municipale (PMUN) non entière ou illisible'
                    WHEN length(ltrim(texte, '0')) = 0
                      THEN 'population municipale (PMUN) nulle'
                    WHEN length(ltrim(texte, '0')) > 9
                      OR TRY_CAST(texte AS BIGINT) > {POPULATION_MAX}
                      THEN {too_many}
                    ELSE NULL END AS motif
                FROM (
                  SELECT {code} AS code, CAST(PMUN AS VARCHAR) AS brut,
                    coalesce({pmun}, '') AS texte
                  FROM {rel} WHERE {code} IN ({_codes_sql(codes)})
                )
              )
            """
            example = "code || ' : ' || coalesce(brut, '(vide)')"
            kept = _stage(con, source, sql, report, example)
            total, distinct = con.execute(
                "SELECT count(*), count(DISTINCT code) FROM rows WHERE motif IS NULL"
            ).fetchone()
            if distinct != total:
                raise ImportFileError(
                    f"{source.label} : plusieurs lignes pour une même commune ({total - distinct})."
                )
            report.rows_kept = kept
            _write(con, out_dir / "population.parquet", ["code", "population"])
            present = {
                r[0] for r in con.execute("SELECT code FROM rows WHERE motif IS NULL").fetchall()
            }
            report.extra["communes_absentes"] = sorted(codes - present)
        finally:
            con.close()
    finally:
        source.cleanup()
    return report
