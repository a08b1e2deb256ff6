"""Computing the indicators of every level for a reference date D, from the parquet files of
the imports (DuckDB aggregates; shapely tests the points of the town-centre perimeters).

Establishments are positioned in Lambert-93 (metres), as SIRENE gives them: the perimeters
(drawn in WGS84) are densified to one vertex every ten metres or so, then projected, rather
than millions of points converted. A point's membership is the same as in WGS84 except
within ten micrometres of an outline (the densified edges follow the projected straight
lines within three micrometres)."""

import math
from collections import Counter, defaultdict
from pathlib import Path

import shapely

from cvv.observatory import addresses, nomenclature, readers, storage
from cvv.observatory.indicators import COUNT_FIELDS, Counts, Vacancy
from cvv.observatory.models import DataImport, Premise, Survey
from cvv.observatory.nomenclature import CATEGORY_SLUGS
from cvv.observatory.readers import ident, literal
from cvv.observatory.services import latest_import
from cvv.observatory.territory import PARIS_ARRONDISSEMENTS
from cvv.territories.models import (
    Arrondissement,
    Centralite,
    CentraliteVersion,
    Commune,
)


class ComputeError(Exception):
    pass


def window_start(reference_date):
    try:
        return reference_date.replace(year=reference_date.year - 1)
    except ValueError:  # 29 February
        return reference_date.replace(year=reference_date.year - 1, day=28)


def _placed_sql(stock, book):
    """The stock with positions: an establishment without coordinates takes the position
    known for its address (`book`: the address parts, b_x, b_y), when there is one."""
    if book is None:
        return f"SELECT *, false AS par_adresse FROM read_parquet({literal(stock)})"
    # Only rows without a position look their address up: the others join on a NULL number.
    return f"""
        SELECT s.* REPLACE (coalesce(s.x, b.b_x) AS x, coalesce(s.y, b.b_y) AS y),
          (s.x IS NULL AND b.b_x IS NOT NULL) AS par_adresse
        FROM read_parquet({literal(stock)}) s
        LEFT JOIN {book} b ON b.numero = CASE WHEN s.x IS NULL THEN s.numero END
          AND b.commune = s.commune AND b.indice = s.indice AND b.type_voie = s.type_voie
          AND b.voie = s.voie"""


def _flags_sql(stock, periods, d, d1, book=None):
    d, d1 = f"DATE {literal(d.isoformat())}", f"DATE {literal(d1.isoformat())}"
    placed = _placed_sql(stock, book)
    # The street, to tell where an establishment that cannot be placed stands (none in a
    # stock imported before addresses were read: it has no address book either).
    street = addresses.street_sql("e") if book is not None else "NULL::UBIGINT"
    periods = literal(periods) if periods is not None else None
    stock_active = (
        f"((e.date_creation IS NULL OR e.date_creation <= {d}) AND "
        f"(e.etat = 'A' OR (e.etat = 'F' AND e.date_debut > {d})))"
    )
    stock_closure = (
        f"(e.categorie IS NOT NULL AND e.etat = 'F' AND e.date_debut > {d1} "
        f"AND e.date_debut <= {d})"
    )
    opening = f"(e.categorie IS NOT NULL AND e.date_creation > {d1} AND e.date_creation <= {d})"
    if periods is None:
        return f"""
        SELECT e.commune, e.x, e.y,
          {stock_active} AS actif, e.categorie AS cat, e.employeur AS emp,
          {opening} AS ouverture, {stock_closure} AS fermeture,
          e.x IS NULL AS non_localise, e.par_adresse, {street} AS rue
        FROM ({placed}) e"""
    return f"""
        WITH p AS (SELECT * FROM read_parquet({periods})),
        hs AS (SELECT DISTINCT siret FROM p),
        s AS (SELECT siret, any_value(etat) AS h_etat, any_value(categorie) AS h_cat,
                any_value(employeur) AS h_emp FROM p
              WHERE coalesce(date_debut, DATE '0001-01-01') <= {d}
                AND (date_fin IS NULL OR date_fin >= {d}) GROUP BY siret),
        c AS (SELECT siret FROM p WHERE etat = 'F' AND categorie IS NOT NULL
                AND date_debut > {d1} AND date_debut <= {d} GROUP BY siret)
        SELECT e.commune, e.x, e.y,
          CASE WHEN hs.siret IS NULL THEN {stock_active}
               ELSE coalesce(s.h_etat = 'A', false) END AS actif,
          CASE WHEN hs.siret IS NULL THEN e.categorie ELSE s.h_cat END AS cat,
          CASE WHEN hs.siret IS NULL THEN e.employeur ELSE s.h_emp END AS emp,
          {opening} AS ouverture,
          CASE WHEN hs.siret IS NULL THEN {stock_closure} ELSE c.siret IS NOT NULL END
            AS fermeture,
          e.x IS NULL AS non_localise, e.par_adresse, {street} AS rue
        FROM ({placed}) e
        LEFT JOIN hs ON hs.siret = e.siret
        LEFT JOIN s ON s.siret = e.siret
        LEFT JOIN c ON c.siret = e.siret"""


def _aggregate_sql(flags):
    cats = ", ".join(
        f"count(*) FILTER (WHERE actif AND cat = {literal(slug)}) AS {ident(slug)}"
        for slug in CATEGORY_SLUGS
    )
    return f"""
      SELECT commune, count(*) FILTER (WHERE actif) AS actifs,
        count(*) FILTER (WHERE actif AND cat IS NOT NULL) AS commerces,
        count(*) FILTER (WHERE actif AND cat IS NOT NULL AND emp = 'O') AS employeurs,
        count(*) FILTER (WHERE ouverture) AS ouvertures,
        count(*) FILTER (WHERE fermeture) AS fermetures,
        count(*) FILTER (WHERE actif AND non_localise) AS non_localises,
        count(*) FILTER (WHERE actif AND par_adresse) AS places_par_adresse, {cats},
        list(rue) FILTER (WHERE actif AND non_localise AND rue IS NOT NULL)
          AS rues_non_localises
      FROM ({flags}) GROUP BY commune"""


def sirene_counts(sirene_import, reference_date, versions):
    """({SIRENE code: Counts}, {version id: Counts}, report) for date D."""
    stock = storage.data_file(sirene_import, "etablissements.parquet")
    periods = storage.data_file(sirene_import, "periodes.parquet")
    periods = periods if periods.exists() else None
    others = _other_vintages(sirene_import)
    con = readers.connect(read=[stock.parent, *(p.parent for p in others)])
    try:
        for path in (stock, *others):
            if not _has_column(con, path, "x"):
                _positions_to_lambert93(path)
            if _has_column(con, path, "adresse"):
                _addresses_to_parts(path)
        book = _address_book(con, stock, others)
        flags = _flags_sql(stock, periods, reference_date, window_start(reference_date), book)
        by_code = {}
        unplaced = Counter()  # street hash -> active establishments that cannot be placed
        n = len(COUNT_FIELDS)
        for row in con.execute(_aggregate_sql(flags)).fetchall():
            code, *numbers, streets = row
            counts = Counts(*numbers[:n])
            counts.categories = dict(zip(CATEGORY_SLUGS, numbers[n:], strict=True))
            by_code[code] = counts
            unplaced.update(streets or ())
        by_version = _centralite_counts(con, flags, versions, unplaced)
        # Unknown nomenclatures and non-diffusible establishments in one pass over the stock.
        known = ", ".join(literal(n) for n in sorted(nomenclature.known_nomenclatures()))
        rows = con.execute(
            "SELECT coalesce(nomenclature, '(vide)'), "
            f"count(*) FILTER (WHERE nomenclature IS NULL OR nomenclature NOT IN ({known})), "
            "count(*) FILTER (WHERE diffusion = 'P') "
            f"FROM read_parquet({literal(stock)}) GROUP BY 1"
        ).fetchall()
        unknown = {name: n for name, n, _ in sorted(rows, key=lambda r: -r[1]) if n}
        hidden = sum(p for _, _, p in rows)
    finally:
        con.close()
    report = {
        "nomenclatures_inconnues": unknown,
        "etablissements_non_diffusibles": hidden,
        "historique": periods is not None,
    }
    return by_code, by_version, report


def _has_column(con, path, name) -> bool:
    rows = con.execute(
        f"SELECT count(*) FROM parquet_schema({literal(path)}) WHERE name = ?", [name]
    ).fetchall()  # fetched to the end: the connection then accepts `register`
    return bool(rows[0][0])


def _positions_to_lambert93(path):
    """Rewrite, once, a stock file written before positions were kept in Lambert-93: its
    WGS84 lon, lat become x, y (pyproj), every other column as it was. Batch by batch (bounded
    memory), to a fresh temporary name in the same directory, then renamed over the file:
    a reader sees the old file or the new one, and two computations doing it at once write
    the same content."""
    import os
    import tempfile

    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cvv.territories import geo

    source = pq.ParquetFile(path)
    if "lon" not in source.schema_arrow.names:
        raise ComputeError(f"{path.name} : fichier d’établissements sans positions (x, y).")
    kept = [name for name in source.schema_arrow.names if name not in ("lon", "lat")]
    schema = pa.schema(
        [source.schema_arrow.field(n) for n in kept] + [("x", pa.float64()), ("y", pa.float64())]
    )
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with pq.ParquetWriter(temp, schema, compression="lz4") as writer:
            for batch in source.iter_batches(batch_size=256_000):
                lon = batch.column("lon").to_numpy(zero_copy_only=False).astype("float64")
                lat = batch.column("lat").to_numpy(zero_copy_only=False).astype("float64")
                x, y = np.full(len(lon), np.nan), np.full(len(lon), np.nan)
                known = np.isfinite(lon) & np.isfinite(lat)
                if known.any():
                    x[known], y[known] = geo.wgs84_to_lambert93_arrays(lon[known], lat[known])
                columns = [batch.column(name) for name in kept]
                writer.write_table(
                    pa.Table.from_arrays(
                        [*columns, pa.array(x, mask=~known), pa.array(y, mask=~known)],
                        schema=schema,
                    )
                )
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _addresses_to_parts(path):
    """Rewrite, once, a stock file written when an establishment's address was kept as one
    text (`adresse`, `addresses.Address.key`): it gets the four address columns instead,
    every other column as it was. Like `_positions_to_lambert93`: to a fresh temporary name
    in the same directory, then renamed over the file."""
    import os
    import tempfile

    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    con = readers.connect(read=[path.parent], write=[path.parent])
    try:
        parts = ", ".join(f"{sql} AS {name}" for name, sql in addresses.legacy_parts_sql("adresse"))
        con.execute(
            f"COPY (SELECT * EXCLUDE (adresse), {parts} FROM read_parquet({literal(path)})) "
            f"TO {literal(temp)} (FORMAT parquet, COMPRESSION lz4)"
        )
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    finally:
        con.close()


def _other_vintages(sirene_import):
    """Stock files of the other successful SIRENE imports."""
    found = []
    for item in DataImport.objects.filter(
        kind=DataImport.Kind.SIRENE, status=DataImport.Status.SUCCEEDED
    ).exclude(pk=sirene_import.pk):
        path = storage.data_file(item, "etablissements.parquet")
        if path.exists():
            found.append(path)
    return found


def _known_premises():
    """(address, lon, lat) of every located surveyed premises with an address (WGS84): the
    observatory's field surveys and the premises register (contributed)."""
    rows = []
    for code, text, lon, lat in (
        Premise.objects.filter(lon__isnull=False, lat__isnull=False)
        .exclude(address="")
        .values_list("code", "address", "lon", "lat")
    ):
        rows.append((addresses.parts_of_text(code, text), lon, lat))
    # Other modules' located premises (the premises register), through the plug-in hook
    # `observatory_known_addresses` -> iterable of (commune code, address, lon, lat).
    from cvv.core.plugins import contributions

    for hook in contributions("observatory_known_addresses"):
        for code, text, lon, lat in hook():
            rows.append((addresses.parts_of_text(code, text), lon, lat))
    return [row for row in rows if row[0]]


_PARTS = ["commune", *addresses.COLUMNS]


def _address_book(con, stock, others):
    """A temporary table `address_book` (the address parts, b_x, b_y: Lambert-93) of the
    positions known for an address: surveyed premises first, else the mean position of the
    establishments located at that address in this vintage or another. None when the stock
    file has no addresses (imported before they were read)."""
    if not _has_column(con, stock, "voie"):
        return None
    others = [path for path in others if _has_column(con, path, "voie")]
    premises = _known_premises()
    xs, ys = [], []
    if premises:
        from cvv.territories import geo

        xs, ys = geo.wgs84_to_lambert93_arrays(
            [lon for _, lon, _ in premises], [lat for _, _, lat in premises]
        )
        xs, ys = [float(v) for v in xs], [float(v) for v in ys]
    # Lists bound as parameters and unnested side by side (no pyarrow in the compute).
    con.execute(
        "CREATE OR REPLACE TEMP TABLE premises_book AS SELECT unnest(?::VARCHAR[]) AS commune, "
        "unnest(?::INTEGER[]) AS numero, unnest(?::VARCHAR[]) AS indice, "
        "unnest(?::VARCHAR[]) AS type_voie, unnest(?::VARCHAR[]) AS voie, "
        "unnest(?::DOUBLE[]) AS x, unnest(?::DOUBLE[]) AS y",
        [*([a[i] for a, _, _ in premises] for i in range(len(_PARTS))), xs, ys],
    )
    files = "[" + ", ".join(literal(p) for p in [stock, *others]) + "]"
    parts = ", ".join(_PARTS)
    same = " AND ".join(f"p.{name} = s.{name}" for name in _PARTS)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE address_book AS
        WITH wanted AS (SELECT DISTINCT {parts} FROM read_parquet({literal(stock)})
                        WHERE x IS NULL AND numero IS NOT NULL AND voie IS NOT NULL),
        s AS (SELECT {parts}, avg(x) AS x, avg(y) AS y
              FROM read_parquet({files}, union_by_name=true) SEMI JOIN wanted USING ({parts})
              WHERE x IS NOT NULL AND y IS NOT NULL GROUP BY ALL),
        p AS (SELECT {parts}, avg(x) AS x, avg(y) AS y
              FROM premises_book SEMI JOIN wanted USING ({parts}) GROUP BY ALL)
        SELECT {", ".join(f"coalesce(p.{n}, s.{n}) AS {n}" for n in _PARTS)},
          coalesce(p.x, s.x) AS b_x, coalesce(p.y, s.y) AS b_y
        FROM p FULL JOIN s ON {same}"""
    )
    con.execute("DROP TABLE premises_book")
    return "address_book"


# Grid of the perimeter join, in Lambert-93 metres: each perimeter covers the few cells its
# bounding box touches, each point falls in one. floor(x / step) is monotonic in x (IEEE
# division is), and DuckDB and Python compute it alike, so a point inside a box always falls
# in one of the box's cells, edges included.
GRID_STEP = 1000.0
# Perimeters are drawn in WGS84 with straight edges there; before projection their edges are
# cut into pieces of at most this many degrees (~7–11 m), so that the projected outline
# follows the WGS84 one within ~3e-6 m (the sagitta of an 11 m chord of a projected
# parallel, whose radius in Lambert-93 is ~5,500 km here; meridians stay straight).
# Finer pieces cost more in the point-in-polygon test than they bring.
DENSIFY_DEGREES = 1e-4
# A point counts in a perimeter when it lies within this distance of it (metres): the
# boundary is included, and a point exactly on the WGS84 outline, which the projection puts
# a few micrometres to either side, stays counted.
BOUNDARY_TOLERANCE_M = 1e-5


def perimeters_in_lambert93(shapes):
    """The perimeters (WGS84 shapely geometries) densified then projected to Lambert-93."""
    from cvv.territories import geo

    return [geo.to_lambert93(shapely.segmentize(shape, DENSIFY_DEGREES)) for shape in shapes]


def _perimeter_cells(con, shapes):
    """A temporary table `cells`: one row per (grid cell, perimeter) that the perimeter's
    bounding box (widened by the boundary tolerance) touches, with that box."""
    bounds = shapely.bounds(shapes)
    bounds = [
        (minx - BOUNDARY_TOLERANCE_M, miny - BOUNDARY_TOLERANCE_M,
         maxx + BOUNDARY_TOLERANCE_M, maxy + BOUNDARY_TOLERANCE_M)
        for minx, miny, maxx, maxy in bounds
    ]  # fmt: skip
    rows = []
    for index, (minx, miny, maxx, maxy) in enumerate(bounds):
        for cx in range(math.floor(minx / GRID_STEP), math.floor(maxx / GRID_STEP) + 1):
            for cy in range(math.floor(miny / GRID_STEP), math.floor(maxy / GRID_STEP) + 1):
                rows.append((cx, cy, index, *(float(b) for b in bounds[index])))
    columns = [list(column) for column in zip(*rows, strict=True)] or [[]] * 7
    con.execute(
        "CREATE OR REPLACE TEMP TABLE cells AS SELECT unnest(?::BIGINT[]) AS cx, "
        "unnest(?::BIGINT[]) AS cy, unnest(?::BIGINT[]) AS v, unnest(?::DOUBLE[]) AS minx, "
        "unnest(?::DOUBLE[]) AS miny, unnest(?::DOUBLE[]) AS maxx, "
        "unnest(?::DOUBLE[]) AS maxy",
        columns,
    )


def _centralite_counts(con, flags, versions, unplaced=None):
    """{version id: Counts} of the establishments whose point lies in each perimeter
    (boundary included), whatever commune their record names: DuckDB joins the points to
    the grid cells of the perimeters' bounding boxes (a hash join), then shapely tests the
    candidates exactly, all perimeters in one vectorised call.

    `unplaced` ({street hash: n}): the active establishments that cannot be placed, by
    street. A perimeter's `non_localises` is the number of them on the streets of the
    establishments it counts: those it may miss."""
    if not versions:
        return {}
    import numpy as np

    shapes = perimeters_in_lambert93([v.shape for v in versions])
    # Grown by the tolerance with mitred corners (same vertices, every edge moved out), so
    # that a plain point-in-polygon test, much cheaper than a distance, counts the boundary.
    shapes = shapely.buffer(
        np.array(shapes, dtype=object), BOUNDARY_TOLERANCE_M, join_style="mitre", mitre_limit=2.0
    )
    shapely.prepare(shapes)
    _perimeter_cells(con, shapes)
    cat_case = " ".join(
        f"WHEN {literal(slug)} THEN {int(i)}" for i, slug in enumerate(CATEGORY_SLUGS)
    )
    step = float(GRID_STEP)
    column = con.execute(
        f"""SELECT c.v, f.x, f.y, coalesce(f.actif, false) AS actif,
              CASE f.cat {cat_case} ELSE -1 END AS cat, coalesce(f.emp = 'O', false) AS emp_o,
              coalesce(f.ouverture, false) AS ouverture, coalesce(f.fermeture, false) AS fermeture,
              coalesce(f.par_adresse, false) AS par_adresse,
              coalesce(f.rue, 0)::UBIGINT AS rue
            FROM ({flags}) f JOIN cells c
              ON c.cx = CAST(floor(f.x / {step}) AS BIGINT)
              AND c.cy = CAST(floor(f.y / {step}) AS BIGINT)
              AND f.x BETWEEN c.minx AND c.maxx AND f.y BETWEEN c.miny AND c.maxy
            WHERE f.x IS NOT NULL AND f.y IS NOT NULL
              AND coalesce(f.actif OR f.ouverture OR f.fermeture, false)"""
    ).fetchnumpy()
    con.execute("DROP TABLE cells")
    which = column["v"]
    inside = shapely.intersects_xy(shapes[which], column["x"], column["y"])
    which = which[inside]
    actif, cat = column["actif"][inside], column["cat"][inside]
    shop = actif & (cat >= 0)
    n, n_cats = len(versions), len(CATEGORY_SLUGS)

    def count(mask):
        return np.bincount(which[mask], minlength=n)

    actifs, commerces = count(actif), count(shop)
    employeurs = count(shop & column["emp_o"][inside])
    ouvertures, fermetures = count(column["ouverture"][inside]), count(column["fermeture"][inside])
    par_adresse = count(actif & column["par_adresse"][inside])
    by_category = np.bincount(which[shop] * n_cats + cat[shop], minlength=n * n_cats).reshape(
        n, n_cats
    )
    missed = _unplaced_on_streets(which, column["rue"][inside], unplaced or {}, n)
    result = {}
    for i, version in enumerate(versions):
        counts = Counts(
            actifs=int(actifs[i]),
            commerces=int(commerces[i]),
            employeurs=int(employeurs[i]),
            ouvertures=int(ouvertures[i]),
            fermetures=int(fermetures[i]),
            places_par_adresse=int(par_adresse[i]),
            non_localises=int(missed[i]),
        )
        counts.categories = {slug: int(by_category[i, j]) for j, slug in enumerate(CATEGORY_SLUGS)}
        result[version.pk] = counts
    return result


def _unplaced_on_streets(which, streets, unplaced, n):
    """Per perimeter (index in 0..n-1), the establishments that cannot be placed whose street
    is the street of at least one establishment counted in it (`which`, `streets`: the
    perimeter and street hash of each counted establishment; 0: no street known)."""
    import numpy as np

    missed = np.zeros(n, dtype=np.int64)
    if not unplaced or not len(which):
        return missed
    keys = np.array(sorted(unplaced), dtype=np.uint64)
    values = np.array([unplaced[int(k)] for k in keys], dtype=np.int64)
    streets = streets.astype(np.uint64)
    position = np.minimum(np.searchsorted(keys, streets), len(keys) - 1)
    hit = (keys[position] == streets) & (streets != 0)
    # Each (perimeter, street) once: one integer per pair, made unique.
    pairs = np.unique(which[hit].astype(np.int64) * len(keys) + position[hit])
    np.add.at(missed, pairs // len(keys), values[pairs % len(keys)])
    return missed


def populations(reference_date):
    """{code: population}, from the latest population import at or before D, else from the
    reference territories; arrondissements from the reference data."""
    result = dict(Commune.objects.values_list("code", "population"))
    result.update(Arrondissement.objects.values_list("code", "population"))
    used = latest_import(DataImport.Kind.POPULATION, on_or_before=reference_date)
    if used is not None:
        path = storage.data_file(used, "population.parquet")
        con = readers.connect(read=[path])
        try:
            rows = con.execute(
                f"SELECT code, population FROM read_parquet({literal(path)}) "
                "WHERE population IS NOT NULL"
            ).fetchall()
        finally:
            con.close()
        result.update(dict(rows))
    return result, used


def bpe_counts(reference_date):
    used = latest_import(DataImport.Kind.BPE, on_or_before=reference_date)
    if used is None:
        return {}, None
    path = storage.data_file(used, "equipements.parquet")
    con = readers.connect(read=[path])
    try:
        rows = con.execute(
            f"SELECT commune, count(*) FROM read_parquet({literal(path)}) "
            "WHERE typequ LIKE 'B%' GROUP BY commune"
        ).fetchall()
    finally:
        con.close()
    return dict(rows), used


def vacancy_by(reference_date, versions):
    """Latest validated survey of each commune at or before D: vacancy per commune,
    arrondissement (premises coded by arrondissement) and perimeter."""
    latest = {}
    for survey in (
        Survey.objects.filter(state=Survey.State.VALIDATED, date__lte=reference_date)
        .select_related("commune")
        .order_by("commune_id", "-date", "-pk")
        .only("pk", "commune__code", "date")
    ):
        latest.setdefault(survey.commune_id, survey)
    by_code = defaultdict(Vacancy)
    by_version = {}
    survey_of_commune = {}
    premises = defaultdict(list)
    for premise in Premise.objects.filter(survey__in=[s.pk for s in latest.values()]).only(
        "survey_id", "code", "lon", "lat", "status"
    ):
        premises[premise.survey_id].append(premise)
    for survey in latest.values():
        code = survey.commune.code
        survey_of_commune[code] = survey
        by_code[code].surveys += 1
        arrondissements = set()
        for premise in premises[survey.pk]:
            targets = [by_code[code]]
            if premise.code in PARIS_ARRONDISSEMENTS:
                targets.append(by_code[premise.code])
                arrondissements.add(premise.code)
            for target in targets:
                _count_premise(target, premise)
        for arrondissement in arrondissements:
            by_code[arrondissement].surveys += 1
    # Perimeters: the premises of every commune's latest survey whose point lies inside,
    # whatever commune they are coded in (a perimeter may straddle a border).
    located = [
        premise
        for survey in latest.values()
        for premise in premises[survey.pk]
        if premise.lon is not None and premise.lat is not None
    ]
    lons = [premise.lon for premise in located]
    lats = [premise.lat for premise in located]
    for version in versions:
        own = survey_of_commune.get(version.centralite.commune.code)
        inside = shapely.intersects_xy(version.shape, lons, lats) if located else []
        chosen = [premise for premise, hit in zip(located, inside, strict=True) if hit]
        contributing = {premise.survey_id for premise in chosen} | ({own.pk} if own else set())
        if not contributing:
            continue
        vacancy = Vacancy(surveys=len(contributing))
        for premise in chosen:
            _count_premise(vacancy, premise)
        by_version[version.pk] = vacancy
    return by_code, by_version


def _count_premise(target, premise):
    target.observed += 1
    if premise.status == "vacant":
        target.vacant += 1
    elif premise.status == "travaux":
        target.works += 1


def current_versions():
    """The current (highest-numbered) version of every centralité, in two queries."""
    # The communes' contours are not needed (their JSON decoding was most of the time).
    centralites = {
        c.pk: c for c in Centralite.objects.select_related("commune").defer("commune__contour")
    }
    current = {}
    for version in CentraliteVersion.objects.order_by("centralite_id", "-number"):
        current.setdefault(version.centralite_id, version)
    for version in current.values():
        version.centralite = centralites[version.centralite_id]
    return list(current.values())


def choose_sirene_import(reference_date):
    imports = DataImport.objects.filter(
        kind=DataImport.Kind.SIRENE, status=DataImport.Status.SUCCEEDED
    )
    after = imports.filter(vintage__gte=reference_date).order_by("vintage", "-pk").first()
    return after or imports.order_by("-vintage", "-pk").first()
