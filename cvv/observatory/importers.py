"""Bulk importers of the official files. Establishment rows never go through the ORM: DuckDB
reads only the needed columns, keeps the Métropole's rows and streams them, in Arrow batches,
to a parquet file. Positions are kept in Lambert-93 (metres), as SIRENE gives them: the
computation projects the few town-centre perimeters instead of millions of points (a
geolocation file's WGS84 positions, when given, are projected to Lambert-93 with pyproj).
Counts, rejection reasons with examples and unknown nomenclatures go to the import report."""

import queue
import threading
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cvv.observatory import addresses, nomenclature, plausibility, schema, storage
from cvv.observatory.readers import (
    ImportFileError,
    connect,
    duckdb_error_message,
    ident,
    literal,
    open_source,
    require_columns,
    rows_of,
    trimmed,
)
from cvv.observatory.territory import metropole_sirene_codes
from cvv.territories import geo

# Kept rows per batch: small enough for the import page to show the rows read move (a
# batch of the Métropole's rows is ~8 times as many rows read), large enough to cost
# nothing per batch.
BATCH_ROWS = 64_000
MAX_EXAMPLES = 5


class Report:
    def __init__(self):
        self.reasons = Counter()
        self.examples = {}
        self.rows_read = 0
        self.rows_kept = 0
        self.extra = {}
        self.warnings = []

    def reject(self, reason, count, examples=()):
        self.reasons[reason] += count
        bucket = self.examples.setdefault(reason, [])
        for example in examples:
            if len(bucket) < MAX_EXAMPLES:
                bucket.append(example)

    def warn(self, reason, count, examples=()):
        """A plausibility warning: nothing rejected, shown to the operator."""
        self.warnings.append(
            {"motif": reason, "lignes": count, "exemples": list(examples)[:MAX_EXAMPLES]}
        )

    @property
    def rows_rejected(self):
        return sum(self.reasons.values())

    def as_dict(self):
        return {
            "rejets": [
                {"motif": reason, "lignes": count, "exemples": self.examples.get(reason, [])}
                for reason, count in self.reasons.most_common()
            ],
            "avertissements": self.warnings,
            **self.extra,
        }


def _codes_sql(codes):
    return ", ".join(literal(c) for c in sorted(codes))


def _date_sql(column):
    value = trimmed(ident(column))
    unknown = literal(schema.UNKNOWN_DATE)
    return f"CASE WHEN {value} IN ('', {unknown}) THEN NULL ELSE TRY_CAST({value} AS DATE) END"


def _bad_date_sql(column):
    value = trimmed(ident(column))
    unknown = literal(schema.UNKNOWN_DATE)
    return f"({value} NOT IN ('', {unknown}) AND TRY_CAST({value} AS DATE) IS NULL)"


def _text(column):
    return f"nullif({trimmed(ident(column))}, '')"


def _mapping_table():
    rows = nomenclature.mapping()
    return pa.Table.from_arrays(
        [
            pa.array([n for n, _ in rows]),
            pa.array([c for _, c in rows]),
            pa.array(list(rows.values())),
        ],
        names=["m_nomenclature", "m_code", "m_categorie"],
    )


STOCK_SCHEMA = pa.schema(
    [
        ("siret", pa.string()),
        ("commune", pa.string()),
        ("diffusion", pa.string()),
        ("etat", pa.string()),
        ("date_creation", pa.date32()),
        ("date_debut", pa.date32()),
        ("nomenclature", pa.string()),
        ("activite", pa.string()),
        ("naf25", pa.string()),
        ("employeur", pa.string()),
        ("categorie", pa.string()),
        # The address (addresses.COLUMNS): number, suffix, street type, street name;
        # no address when `numero` or `voie` is NULL.
        ("numero", pa.int32()),
        ("indice", pa.string()),
        ("type_voie", pa.string()),
        ("voie", pa.string()),
        # Lambert-93 (EPSG:2154), metres; NULL when unknown ("[ND]") or unusable.
        ("x", pa.float64()),
        ("y", pa.float64()),
    ]
)


def _stock_sql(source, geo_source):
    s = source.relation_sql(schema.SIRENE_STOCK_NEEDED, rejects=True, row_number=True)
    x = "coordonneeLambertAbscisseEtablissement"
    y = "coordonneeLambertOrdonneeEtablissement"
    geo_join, geo_cols = "", "NULL::DOUBLE AS g_lon, NULL::DOUBLE AS g_lat"
    if geo_source is not None:
        g = geo_source.relation_sql(schema.GEOLOC_NEEDED, rejects=False)
        geo_join = (
            f"LEFT JOIN (SELECT CAST(siret AS VARCHAR) AS g_siret, "
            f"TRY_CAST(CAST(x_longitude AS VARCHAR) AS DOUBLE) AS g_lon, "
            f"TRY_CAST(CAST(y_latitude AS VARCHAR) AS DOUBLE) AS g_lat FROM {g}) g "
            "ON g.g_siret = e.siret"
        )
        geo_cols = "g.g_lon, g.g_lat"
    address_sql = ", ".join(f"{sql} AS {name}" for name, sql in addresses.sirene_parts_sql())
    return f"""
    WITH e AS (
      SELECT {trimmed("siret")} AS siret,
        CAST(codeCommuneEtablissement AS VARCHAR) AS commune,
        {_text("statutDiffusionEtablissement")} AS diffusion,
        {_text("etatAdministratifEtablissement")} AS etat,
        {_date_sql("dateCreationEtablissement")} AS date_creation,
        {_date_sql("dateDebut")} AS date_debut,
        {_text("nomenclatureActivitePrincipaleEtablissement")} AS nomenclature,
        {_text("activitePrincipaleEtablissement")} AS activite,
        {_text("activitePrincipaleNAF25Etablissement")} AS naf25,
        {_text("caractereEmployeurEtablissement")} AS employeur,
        {address_sql},
        TRY_CAST(nullif(nullif({trimmed(ident(x))}, ''), '[ND]') AS DOUBLE) AS x,
        TRY_CAST(nullif(nullif({trimmed(ident(y))}, ''), '[ND]') AS DOUBLE) AS y,
        CASE
          WHEN NOT regexp_full_match(coalesce({trimmed("siret")}, ''), '[0-9]{{14}}')
            THEN 'SIRET absent ou mal formé (14 chiffres attendus)'
          WHEN coalesce({_text("etatAdministratifEtablissement")}, '') NOT IN ('A', 'F')
            THEN 'état administratif inconnu (A ou F attendu)'
          WHEN {_bad_date_sql("dateCreationEtablissement")}
            THEN 'date de création illisible'
          WHEN {_bad_date_sql("dateDebut")} THEN 'date de début de période illisible'
          ELSE NULL END AS motif,
        _row
      FROM {s}
      WHERE codeCommuneEtablissement IN (SELECT code FROM metropole_codes)
    )
    SELECT e.siret, e.commune, e.diffusion, e.etat, e.date_creation, e.date_debut,
      e.nomenclature, e.activite, e.naf25, e.employeur, m.m_categorie AS categorie,
      {", ".join("e." + name for name in addresses.COLUMNS)}, e.x, e.y, {geo_cols}, e.motif,
      e._row
    FROM e
    LEFT JOIN mapping m ON m.m_nomenclature = e.nomenclature AND m.m_code = e.activite
    {geo_join}
    """


def _lambert93(batch):
    """x, y of a batch (Lambert-93 metres, NULL when unknown): SIRENE's coordinates when
    both are finite and positive, replaced by the geolocation file's WGS84 position, projected
    with pyproj, when that file gives one."""
    x = batch.column("x").to_numpy(zero_copy_only=False).astype("float64")
    y = batch.column("y").to_numpy(zero_copy_only=False).astype("float64")
    if batch.column("g_lon").null_count < len(batch):
        g_lon = batch.column("g_lon").to_numpy(zero_copy_only=False).astype("float64")
        g_lat = batch.column("g_lat").to_numpy(zero_copy_only=False).astype("float64")
        use_geo = np.isfinite(g_lon) & np.isfinite(g_lat)
        if use_geo.any():
            x, y = x.copy(), y.copy()
            x[use_geo], y[use_geo] = geo.wgs84_to_lambert93_arrays(g_lon[use_geo], g_lat[use_geo])
    with np.errstate(invalid="ignore"):
        unknown = ~(np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0))
    return pa.array(x, mask=unknown), pa.array(y, mask=unknown)


def import_sirene(*, stock, out_dir: Path, work_dir: Path, history=None, geo=None, progress=None):
    """Read a SIRENE stock (and optionally its history and geolocation files) and write the
    Métropole's establishments to `out_dir`. Returns a Report. Raises ImportFileError."""
    progress = progress or (lambda *a, **k: None)  # (percent, label, rows_read=, rows_kept=)
    report = Report()
    sources = []
    try:
        progress(5, "Contrôle des fichiers")
        source = open_source(stock, label=Path(stock).name, work_dir=work_dir / "stock")
        sources.append(source)
        require_columns(source, schema.SIRENE_STOCK_NEEDED, what="SIRENE StockEtablissement")
        geo_source = None
        if geo:
            geo_source = open_source(geo, label=Path(geo).name, work_dir=work_dir / "geo")
            sources.append(geo_source)
            require_columns(geo_source, schema.GEOLOC_NEEDED, what="de géolocalisation SIRENE")
        history_source = None
        if history:
            history_source = open_source(
                history, label=Path(history).name, work_dir=work_dir / "history"
            )
            sources.append(history_source)
            require_columns(
                history_source,
                schema.SIRENE_HISTORY_NEEDED,
                what="SIRENE StockEtablissementHistorique",
            )
        non_official = [c for c in source.columns if c not in schema.SIRENE_STOCK_COLUMNS]
        missing_official = [c for c in schema.SIRENE_STOCK_COLUMNS if c not in source.columns]
        report.extra["colonnes"] = {
            "lues": schema.SIRENE_STOCK_NEEDED,
            "absentes_du_schema_officiel": missing_official,
            "non_officielles": non_official,
        }
        report.rows_read = rows_of(source)
        progress(
            10, "Lecture des établissements de la Métropole", rows_total=report.rows_read,
            rows_read=0, rows_kept=0,
        )  # fmt: skip
        checks = plausibility.SireneChecks()
        _write_stock(source, geo_source, out_dir, work_dir, report, progress, checks)
        checks.warn(report)
        if history_source is not None:
            progress(80, "Lecture de l’historique des établissements")
            _write_history(history_source, out_dir, work_dir, report)
    finally:
        for item in sources:
            item.cleanup()
    return report


class _BackgroundWriter:
    """Checks positions, gathers the plausibility checks and writes parquet in a second
    thread, so that reading the next batch (DuckDB), the projection (PROJ) and the compression
    overlap (all release the GIL)."""

    LOW_CARDINALITY = ["commune", "diffusion", "etat", "nomenclature", "activite", "naf25",
                       "employeur", "categorie", "indice", "type_voie", "voie"]  # fmt: skip

    def __init__(self, path, checks=None):
        self.checks = checks
        self.queue = queue.Queue(maxsize=2)
        self.error = None
        # No column statistics: nothing filters this file on a column's range (every row
        # group holds every commune and both states), and computing them is ~20 % of the write.
        self.writer = pq.ParquetWriter(
            path,
            STOCK_SCHEMA,
            compression="lz4",
            use_dictionary=self.LOW_CARDINALITY,
            write_statistics=False,
        )
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while (batch := self.queue.get()) is not None:
            if self.error is not None:
                continue
            try:
                if self.checks is not None:
                    self.checks.add(batch)
                x, y = _lambert93(batch)
                columns = [batch.column(name) for name in STOCK_SCHEMA.names[:-2]]
                self.writer.write_table(pa.Table.from_arrays([*columns, x, y], schema=STOCK_SCHEMA))
            except Exception as exc:  # re-raised in the reading thread
                self.error = exc

    def put(self, batch):
        if self.error is not None:
            raise self.error
        self.queue.put(batch)

    def close(self):
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
            self.writer.close()
        if self.error is not None:
            error, self.error = self.error, None
            raise error


def _write_stock(source, geo_source, out_dir, work_dir, report, progress, checks=None):
    from tqdm import tqdm

    con = connect(
        work_dir / "duckdb",
        read=[s.path for s in (source, geo_source) if s is not None],
    )
    con.register("mapping", _mapping_table())
    con.register(
        "metropole_codes",
        pa.Table.from_arrays([pa.array(sorted(metropole_sirene_codes()))], names=["code"]),
    )
    final = out_dir / "etablissements.parquet"
    temp = storage.temp_name(final)
    known = nomenclature.known_nomenclatures()
    unknown = Counter()
    diffusion_p = 0
    started = time.monotonic()
    writer = _BackgroundWriter(temp, checks)
    furthest = [0]
    try:
        reader = con.sql(_stock_sql(source, geo_source)).to_arrow_reader(BATCH_ROWS)
        with tqdm(
            desc="Établissements de la Métropole", unit=" lignes", disable=None, total=None
        ) as bar:
            for batch in reader:
                motif = batch.column("motif")
                bad = pc.is_valid(motif)
                if pc.any(bad).as_py():
                    rejected = batch.filter(bad)
                    for item in pc.value_counts(rejected.column("motif")).to_pylist():
                        reason, count = item["values"], item["counts"]
                        same = rejected.filter(pc.equal(rejected.column("motif"), reason))
                        sirets = same.column("siret").to_pylist()[:MAX_EXAMPLES]
                        report.reject(reason, count, [f"SIRET {s or '(vide)'}" for s in sirets])
                    batch = batch.filter(pc.invert(bad))
                nom = batch.column("nomenclature")
                is_unknown = pc.invert(pc.is_in(nom, value_set=pa.array(sorted(known))))
                is_unknown = pc.fill_null(is_unknown, False)
                if pc.any(is_unknown).as_py():
                    for item in pc.value_counts(nom.filter(is_unknown)).to_pylist():
                        unknown[item["values"]] += item["counts"]
                diffusion_p += pc.sum(pc.equal(batch.column("diffusion"), "P")).as_py() or 0
                read_so_far = _rows_read_so_far(batch, con, report.rows_read, furthest)
                writer.put(batch)
                report.rows_kept += len(batch)
                bar.update(len(batch))
                _report_progress(progress, report, read_so_far)
        writer.close()
        _report_progress(progress, report, report.rows_read)
        _csv_rejects(con, source, report)
    except ImportFileError:
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("duckdb") or isinstance(exc, pa.ArrowException):
            raise ImportFileError(duckdb_error_message(source.label, exc)) from None
        raise
    finally:
        writer.close()
        con.close()
    storage.commit_file(final)
    report.extra["nomenclatures_inconnues"] = dict(unknown.most_common())
    report.extra["diffusion_partielle"] = diffusion_p
    report.extra["lecture_s"] = round(time.monotonic() - started, 3)


def _rows_read_so_far(batch, con, total, furthest):
    """Rows of the file read so far: in a parquet file, past the furthest row index met
    (`furthest`, a one-item list kept across batches: the joins need not keep the file's
    order), for a CSV DuckDB's progress of the scan."""
    last = pc.max(batch.column("_row")).as_py() if len(batch) else None
    if last is not None:
        furthest[0] = max(furthest[0], last + 1)
    if furthest[0]:
        return min(furthest[0], total)
    try:
        share = con.query_progress()
    except Exception:  # no progress reported: say nothing rather than something wrong
        return None
    return min(int(total * share / 100), total) if share and share > 0 else None


def _report_progress(progress, report, read_so_far):
    label = "Lecture des établissements de la Métropole"
    if read_so_far is None or not report.rows_read:
        progress(10, label, rows_kept=report.rows_kept)
        return
    share = read_so_far / report.rows_read
    progress(10 + int(65 * share), label, rows_read=read_so_far, rows_kept=report.rows_kept)


def _csv_rejects(con, source, report):
    if source.fmt != "csv":
        return
    try:
        rows = con.execute(
            "SELECT error_type, line, error_message FROM reject_errors ORDER BY line"
        ).fetchall()
    except Exception:  # no rejects table: nothing was rejected
        return
    seen_lines = {}
    for error_type, line, message in rows:
        seen_lines.setdefault(line, (error_type, message))
    by_type = Counter(error_type for error_type, _ in seen_lines.values())
    labels = {
        "TOO_MANY_COLUMNS": "ligne mal formée : trop de colonnes",
        "MISSING_COLUMNS": "ligne mal formée : colonnes manquantes (ligne tronquée ?)",
        "UNQUOTED VALUE": "ligne mal formée : guillemets incorrects",
        "INVALID_UNICODE": "ligne mal formée : caractères non UTF-8",
        "LINE_SIZE_OVER_MAX": "ligne mal formée : ligne trop longue",
    }
    for error_type, count in by_type.items():
        examples = [
            f"ligne {line}" for line, (kind, _) in sorted(seen_lines.items()) if kind == error_type
        ][:MAX_EXAMPLES]
        report.reject(labels.get(error_type, f"ligne mal formée ({error_type})"), count, examples)


def _write_history(history_source, out_dir, work_dir, report):
    con = connect(work_dir / "duckdb-history", read=[history_source.path], write=[out_dir])
    con.register("mapping", _mapping_table())
    stock_file = literal(out_dir / "etablissements.parquet")
    final = out_dir / "periodes.parquet"
    temp = storage.temp_name(final)
    h = history_source.relation_sql(schema.SIRENE_HISTORY_NEEDED, rejects=True)
    sql = f"""
    COPY (
      SELECT h.siret, h.date_debut, h.date_fin, h.etat, h.nomenclature, h.activite,
        h.employeur, m.m_categorie AS categorie
      FROM (
        SELECT {trimmed("siret")} AS siret,
          {_date_sql("dateDebut")} AS date_debut, {_date_sql("dateFin")} AS date_fin,
          {_text("etatAdministratifEtablissement")} AS etat,
          {_text("nomenclatureActivitePrincipaleEtablissement")} AS nomenclature,
          {_text("activitePrincipaleEtablissement")} AS activite,
          {_text("caractereEmployeurEtablissement")} AS employeur
        FROM {h}
      ) h
      LEFT JOIN mapping m ON m.m_nomenclature = h.nomenclature AND m.m_code = h.activite
      WHERE h.siret IN (SELECT siret FROM read_parquet({stock_file}))
    ) TO {literal(temp)} (FORMAT parquet, COMPRESSION zstd)
    """
    try:
        read = rows_of(history_source)
        kept = con.execute(sql).fetchone()[0]
    except Exception as exc:
        if type(exc).__module__.startswith("duckdb"):
            raise ImportFileError(duckdb_error_message(history_source.label, exc)) from None
        raise
    finally:
        con.close()
    storage.commit_file(final)
    report.extra["historique"] = {"lignes_lues": read, "periodes_retenues": kept}
