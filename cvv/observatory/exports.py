"""Exports of the indicators: one row per territory, columns `code, nom, annee` then the
contract's columns (CSV, XLSX, ODS through cvv.core.exports; GeoJSON with the outlines)."""

import json

from cvv.core.exports import render_table
from cvv.observatory.indicators import COLUMN_NAMES
from cvv.observatory.models import IndicatorRow
from cvv.territories import geo
from cvv.territories.models import Arrondissement, Commune

FORMATS = ["csv", "xlsx", "ods", "geojson"]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "geojson": "application/geo+json",
}


class NoIndicators(Exception):
    pass


def table_columns():
    return [("code", "code"), ("nom", "nom"), ("annee", "annee")] + [
        (name, name) for name in COLUMN_NAMES
    ]


def rows_for(level, reference_date):
    rows = list(
        IndicatorRow.objects.filter(level=level, reference_date=reference_date)
        .select_related("centralite_version", "computation")
        .order_by("code")
    )
    if not rows:
        raise NoIndicators(
            f"Aucun indicateur de niveau « {level} » au {reference_date:%d/%m/%Y} : "
            "lancez d’abord le calcul (cvv observatory compute --reference-date …)."
        )
    return rows


def flat(row):
    return {"code": row.code, "nom": row.nom, "annee": row.reference_date.year, **row.values}


def _geometries(level, rows):
    if level == IndicatorRow.Level.COMMUNE:
        return dict(Commune.objects.values_list("code", "contour"))
    if level == IndicatorRow.Level.ARRONDISSEMENT:
        return dict(Arrondissement.objects.values_list("code", "contour"))
    if level == IndicatorRow.Level.CENTRALITE:
        return {r.code: r.centralite_version.geometry for r in rows if r.centralite_version}
    from shapely.ops import unary_union

    communes = Commune.objects.select_related("territoire")
    groups = {}
    for commune in communes:
        key = commune.territoire.code if level == IndicatorRow.Level.EPT else rows[0].code
        groups.setdefault(key, []).append(commune.geometry)
    return {
        key: geo.rounded_mapping(unary_union(shapes).simplify(0.0002), digits=5)
        for key, shapes in groups.items()
    }


def geojson(level, rows):
    from shapely.geometry import mapping, shape

    geometries = _geometries(level, rows)
    features = []
    for row in rows:
        geometry = geometries.get(row.code)
        if isinstance(geometry, dict) and geometry.get("type") not in (None, "Feature"):
            geometry = mapping(shape(geometry))
        features.append({"type": "Feature", "geometry": geometry, "properties": flat(row)})
    synthetic = bool(rows) and rows[0].computation.synthetic
    return {
        "type": "FeatureCollection",
        "donnees_de_demonstration": synthetic,
        "features": features,
    }


def export_bytes(level, reference_date, fmt) -> bytes:
    rows = rows_for(level, reference_date)
    if fmt == "geojson":
        return json.dumps(geojson(level, rows), ensure_ascii=False).encode("utf-8")
    return render_table(table_columns(), [flat(r) for r in rows], fmt)
