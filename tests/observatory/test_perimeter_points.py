"""A perimeter counts every establishment (and surveyed premises) whose point lies inside
it, whatever commune its record names; the commune figures still follow the codes."""

import datetime as dt
from types import SimpleNamespace

import duckdb
import pyarrow as pa
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon, mapping

from cvv.observatory import compute, readers, services
from cvv.observatory.compute_service import compute_indicators
from cvv.observatory.models import DataImport, IndicatorRow, Premise, Survey
from cvv.observatory.nomenclature import CATEGORY_SLUGS
from cvv.territories import geo
from cvv.territories.models import Centralite, Commune
from cvv.territories.services import centralite_replace_perimeter
from tests.observatory import files

D = dt.date(2025, 6, 30)


def _values(level, code):
    return IndicatorRow.objects.get(level=level, code=code, reference_date=D).values


def _import(tmp_path, rows):
    path = files.write_parquet(tmp_path / "stock.parquet", rows)
    done = services.import_file(
        kind=DataImport.Kind.SIRENE, path=path, vintage=dt.date(2025, 12, 31)
    )
    assert done.status == DataImport.Status.SUCCEEDED, done.error


def _straddling_perimeter():
    """Aulnay's perimeter redrawn across its border with the neighbour sharing the longest
    border: a disc of ~0.002° around a border point, of which only the inner ~0.001° lies
    in the neighbour (so most of it stays in Aulnay, as the perimeter rules require)."""
    aulnay = Commune.objects.get(code="93005")
    neighbours = [
        c for c in Commune.objects.exclude(pk=aulnay.pk) if c.geometry.touches(aulnay.geometry)
        or c.geometry.intersects(aulnay.geometry)
    ]  # fmt: skip
    neighbour = max(
        neighbours, key=lambda c: c.geometry.boundary.intersection(aulnay.geometry).length
    )
    border = aulnay.geometry.boundary.intersection(neighbour.geometry.buffer(1e-6))
    centre = shapely.line_interpolate_point(shapely.line_merge(border), 0.5, normalized=True)
    if centre.is_empty:  # a MultiLineString that does not merge: take a point on it
        centre = border.representative_point()
    outer, inner = centre.buffer(0.002), centre.buffer(0.001)
    perimeter = outer.difference(neighbour.geometry.difference(inner))
    centralite = Centralite.objects.get(commune=aulnay)
    centralite_replace_perimeter(
        centralite=centralite, raw_geojson=mapping(perimeter), actor=None, comment="test"
    )
    return aulnay, neighbour, centralite, perimeter


@pytest.mark.django_db
def test_a_straddling_perimeter_counts_the_shop_across_the_street(tmp_path):
    aulnay, neighbour, centralite, perimeter = _straddling_perimeter()
    here = perimeter.intersection(aulnay.geometry).representative_point()
    across = perimeter.intersection(neighbour.geometry).representative_point()
    outside = aulnay.geometry.difference(perimeter.buffer(0.003)).representative_point()
    assert perimeter.contains(here) and perimeter.contains(across)
    assert neighbour.geometry.contains(across) and not aulnay.geometry.contains(across)

    def at(point, code, **extra):
        x, y = files.lambert93(point.x, point.y)
        return files.establishment(code, x=x, y=y, **extra)

    rows = [
        at(here, "93005"),
        at(across, neighbour.code, activite="56.10A"),  # the shop across the street
        at(here, "93048", activite="47.71Z"),  # mis-coded: Montreuil, standing in Aulnay
        at(across, neighbour.code, etat="F", creation="2000-01-01", debut="2025-03-01"),
        at(outside, "93005"),  # in Aulnay but outside the perimeter
        files.establishment("93005"),  # no coordinates: never in a perimeter
    ]
    _import(tmp_path, rows)
    compute_indicators(reference_date=D)

    inside = _values("centralite", str(centralite.pk))
    assert inside["commerces_proximite"] == 3
    assert inside["part_alimentaire"] == pytest.approx(
        1 / 3, abs=1e-6
    )  # 47.24Z of 47.24Z, 56.10A, 47.71Z
    assert inside["fermetures"] == 1
    # Commune figures still follow the commune each record names.
    assert _values("commune", "93005")["commerces_proximite"] == 3
    assert _values("commune", neighbour.code)["commerces_proximite"] == 1
    assert _values("commune", neighbour.code)["fermetures"] == 1
    assert _values("commune", "93048")["commerces_proximite"] == 1


@pytest.mark.django_db
def test_surveyed_premises_count_in_the_perimeter_they_stand_in(tmp_path, users):
    aulnay, neighbour, centralite, perimeter = _straddling_perimeter()
    across = perimeter.intersection(neighbour.geometry).representative_point()
    here = perimeter.intersection(aulnay.geometry).representative_point()
    own = Survey.objects.create(commune=aulnay, date=dt.date(2025, 1, 10), state="validated")
    other = Survey.objects.create(commune=neighbour, date=dt.date(2025, 2, 1), state="validated")
    for survey, point, code, status in [
        (own, here, "93005", "occupe"),
        (own, here, "93005", "occupe"),
        (other, across, neighbour.code, "vacant"),
        (other, None, neighbour.code, "vacant"),  # not located: counts for its commune only
    ]:
        Premise.objects.create(
            survey=survey, code=code, status=status, address="1 rue", observed_on=survey.date,
            lon=point.x if point else None, lat=point.y if point else None,
        )  # fmt: skip
    _import(tmp_path, [files.establishment("93005")])
    compute_indicators(reference_date=D)
    inside = _values("centralite", str(centralite.pk))
    assert (inside["locaux_observes"], inside["locaux_vacants"]) == (3, 1)
    assert _values("commune", "93005")["locaux_observes"] == 2
    assert _values("commune", neighbour.code)["locaux_vacants"] == 2


def test_perimeter_cells_cover_the_bounding_box():
    box = shapely.box(649000.5, 6860100.0, 651999.0, 6860999.0)  # Lambert-93 metres
    con = duckdb.connect()
    compute._perimeter_cells(con, [box])
    table = con.execute("SELECT * FROM cells").fetchnumpy()
    cells = set(zip(table["cx"], table["cy"], strict=True))
    assert cells == {(x, y) for x in (649, 650, 651) for y in (6860,)}
    assert set(table["v"]) == {0}


def _brute_force(shapes, points, slack=0.0):
    """Per perimeter: (active, shops, employers, openings, closures, per category) of the
    points in it (WGS84), or within `slack` degrees of it."""
    result = []
    for shape in shapes:
        counts = [0] * (5 + len(CATEGORY_SLUGS))
        for lon, lat, actif, cat, emp, opening, closure in points:
            if lon is None or shape.distance(Point(lon, lat)) > slack:
                continue
            shop = actif and cat is not None
            counts[0] += actif
            counts[1] += shop
            counts[2] += shop and emp == "O"
            counts[3] += opening
            counts[4] += closure
            if shop:
                counts[5 + CATEGORY_SLUGS.index(cat)] += 1
        result.append(counts)
    return result


coordinate = st.floats(2.40, 2.46, allow_nan=False)
point = st.tuples(
    st.one_of(st.none(), coordinate),
    st.floats(48.80, 48.86, allow_nan=False),
    st.booleans(),
    st.one_of(st.none(), st.sampled_from(CATEGORY_SLUGS)),
    st.sampled_from(["O", "N"]),
    st.booleans(),
    st.booleans(),
)
polygon = st.tuples(coordinate, st.floats(48.80, 48.86), st.floats(0.0005, 0.03), st.booleans())


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(st.lists(point, max_size=60), st.lists(polygon, min_size=1, max_size=5))
def test_grid_join_equals_a_brute_force_point_in_polygon(points, polygons):
    """Whatever the perimeters (overlapping, across grid cells, on a cell edge) and the
    points (on a boundary, without coordinates), the grid join in Lambert-93 finds the points
    that a plain point-in-polygon test finds in WGS84 (boundary included). Only a point
    within 1e-9° (~0.1 mm) of an outline without touching it may go either way: the
    projected outlines are within ten micrometres of the WGS84 ones."""
    shapes = []
    for lon, lat, size, triangle in polygons:
        if triangle:
            shapes.append(Polygon([(lon, lat), (lon + size, lat), (lon, lat + size)]))
        else:
            shapes.append(shapely.box(lon, lat, lon + size, lat + size / 2))
    # Points exactly on a vertex and on a cell edge.
    points = [*points, (polygons[0][0], polygons[0][1], True, "alimentaire", "O", True, False)]
    points.append((2.43, 48.83, True, "alimentaire", "O", False, True))
    versions = [SimpleNamespace(pk=i + 1, shape=shape) for i, shape in enumerate(shapes)]
    columns = list(zip(*points, strict=True))
    # Stored positions are Lambert-93: the points are projected, the perimeters stay WGS84.
    xs = [None if lon is None else geo.wgs84_to_lambert93_arrays(lon, lat)
          for lon, lat in zip(columns[0], columns[1], strict=True)]  # fmt: skip
    table = pa.Table.from_arrays(
        [
            pa.array([None if p is None else float(p[0]) for p in xs], pa.float64()),
            pa.array([None if p is None else float(p[1]) for p in xs], pa.float64()),
            pa.array(columns[2], pa.bool_()),
            pa.array(columns[3], pa.string()),
            pa.array(columns[4], pa.string()),
            pa.array(columns[5], pa.bool_()),
            pa.array(columns[6], pa.bool_()),
        ],
        names=["x", "y", "actif", "cat", "emp", "ouverture", "fermeture"],
    )
    con = readers.connect()
    try:
        con.register("pts", table)
        # Flags as `_flags_sql` gives them (par_adresse: placed from the address).
        got = compute._centralite_counts(
            con, "SELECT *, false AS par_adresse, NULL::UBIGINT AS rue FROM pts", versions
        )
    finally:
        con.close()
    surely = _brute_force(shapes, points)
    at_most = _brute_force(shapes, points, slack=1e-9)
    for version, low, high in zip(versions, surely, at_most, strict=True):
        c = got[version.pk]
        counts = [c.actifs, c.commerces, c.employeurs, c.ouvertures, c.fermetures]
        counts += [c.categories[slug] for slug in CATEGORY_SLUGS]
        assert all(a <= b <= h for a, b, h in zip(low, counts, high, strict=True)), (
            low,
            counts,
            high,
        )


@pytest.mark.parametrize("offset, counted", [(0.0, True), (1e-7, False), (-1e-7, True)])
def test_a_long_edge_keeps_its_wgs84_course_in_lambert93(offset, counted):
    """A 4 km east–west edge: a straight line in WGS84 (a parallel) is an arc in Lambert-93,
    ~0.3 m from the chord in its middle. Densified before projection, the perimeter keeps
    the WGS84 course: a point on the edge counts, 1 cm outside it does not, 1 cm inside
    does."""
    box = shapely.box(2.40, 48.80, 2.455, 48.83)
    lon, lat = 2.4275, 48.83 + offset  # middle of the northern edge
    x, y = geo.wgs84_to_lambert93_arrays(lon, lat)
    table = pa.Table.from_pylist(
        [{"x": float(x), "y": float(y), "actif": True, "cat": None, "emp": "N",
          "ouverture": False, "fermeture": False, "par_adresse": False}]
    )  # fmt: skip
    con = readers.connect()
    try:
        con.register("pts", table)
        got = compute._centralite_counts(
            con, "SELECT *, NULL::UBIGINT AS rue FROM pts", [SimpleNamespace(pk=1, shape=box)]
        )
    finally:
        con.close()
    assert got[1].actifs == (1 if counted else 0)
