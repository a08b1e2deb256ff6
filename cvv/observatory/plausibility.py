"""Plausibility warnings of an import: values that are valid but unlikely (dates in the
future, one SIRET on many rows, a surveyed premises placed in another commune). They do not
reject anything; they are stored with the import's report ("avertissements") and shown to
the operator on the import's page and by the command."""

from django.utils import timezone

from cvv.observatory.readers import connect, literal

MAX_EXAMPLES = 5
# Tolerance around a commune's outline for surveyed positions (geocoding noise), degrees.
BORDER_TOLERANCE = 0.0005  # ~40–55 m at the Métropole's latitude


def _today():
    return timezone.localdate()


def sirene_warnings(report, stock_file):
    today = _today()
    path = literal(stock_file)
    con = connect(read=[stock_file])
    try:
        future = f"(date_creation > DATE {literal(today)} OR date_debut > DATE {literal(today)})"
        count = con.execute(f"SELECT count(*) FROM read_parquet({path}) WHERE {future}").fetchone()
        if count[0]:
            examples = con.execute(
                f"SELECT siret FROM read_parquet({path}) WHERE {future} LIMIT {MAX_EXAMPLES}"
            ).fetchall()
            report.warn(
                f"date de création ou de début de période dans le futur (après le "
                f"{today:%d/%m/%Y})",
                count[0],
                [f"SIRET {s}" for (s,) in examples],
            )
        rows = con.execute(
            f"SELECT siret, count(*) AS n FROM read_parquet({path}) GROUP BY siret "
            "HAVING count(*) > 1 ORDER BY n DESC, siret"
        ).fetchall()
    finally:
        con.close()
    if rows:
        report.warn(
            "même SIRET sur plusieurs lignes (un stock n’a qu’une ligne par établissement) : "
            f"{len(rows)} SIRET, jusqu’à {rows[0][1]} lignes pour un seul",
            sum(n for _, n in rows),
            [f"SIRET {s} : {n} lignes" for s, n in rows[:MAX_EXAMPLES]],
        )


def bpe_warnings(report, equipment_file):
    year = _today().year
    path = literal(equipment_file)
    con = connect(read=[equipment_file])
    try:
        count, years = con.execute(
            f"SELECT count(*), list(DISTINCT annee) FROM read_parquet({path}) WHERE annee > {year}"
        ).fetchone()
    finally:
        con.close()
    if count:
        report.warn(
            f"année (AN) dans le futur (après {year})",
            count,
            [f"AN {y}" for y in sorted(years)[:MAX_EXAMPLES]],
        )


def survey_warnings(report, numbered):
    """`numbered`: (line number, checked row) of the accepted rows of a survey file."""
    from cvv.territories.models import Arrondissement, Commune

    today = _today()
    future = [n for n, item in numbered if item["observed_on"] > today]
    if future:
        report.warn(
            f"date de relevé dans le futur (après le {today:%d/%m/%Y})",
            len(future),
            [f"ligne {n}" for n in future[:MAX_EXAMPLES]],
        )
    import shapely  # here, not at module level: the SIRENE import never needs it

    placed = [(n, item) for n, item in numbered if item["lon"] is not None]
    codes = {item["code"] for _, item in placed}
    outlines = {}
    for model in (Commune, Arrondissement):
        for area in model.objects.filter(code__in=codes).only("code", "contour"):
            outlines[area.code] = shapely.buffer(area.geometry, BORDER_TOLERANCE)
    outside = [
        (n, item)
        for n, item in placed
        if item["code"] in outlines
        and not shapely.intersects_xy(outlines[item["code"]], item["lon"], item["lat"])
    ]
    if outside:
        report.warn(
            "position du local hors de la commune (ou de l’arrondissement) indiquée",
            len(outside),
            [f"ligne {n} ({item['code']})" for n, item in outside[:MAX_EXAMPLES]],
        )
