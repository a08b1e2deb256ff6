"""Geometry helpers: WGS84 (EPSG:4326) ↔ Lambert-93 (EPSG:2154) with pyproj, shapes with
shapely. Areas and buffers are computed in Lambert-93 (metres)."""

from functools import cache

# shapely and pyproj are imported in the functions that use them: this module is imported
# by every observatory command, most of which need neither (command start-up time).


@cache
def _to_l93():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


@cache
def _to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def to_lambert93(geometry):
    import shapely

    return shapely.transform(geometry, _to_l93().transform, interleaved=False)


def to_wgs84(geometry):
    import shapely

    return shapely.transform(geometry, _to_wgs84().transform, interleaved=False)


def lambert93_to_wgs84_arrays(x, y):
    """Vectorised conversion of Lambert-93 coordinates (numpy arrays) to lon, lat."""
    return _to_wgs84().transform(x, y)


def wgs84_to_lambert93_arrays(lon, lat):
    """Vectorised conversion of lon, lat (numpy arrays or floats) to Lambert-93 x, y."""
    return _to_l93().transform(lon, lat)


def area_m2(geometry_wgs84) -> float:
    return to_lambert93(geometry_wgs84).area


def as_multipolygon(geometry):
    from shapely.geometry import MultiPolygon

    if geometry.geom_type == "Polygon":
        return MultiPolygon([geometry])
    if geometry.geom_type == "MultiPolygon":
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type == "Polygon"]
    return MultiPolygon(polygons)


def rounded_mapping(geometry, digits=6):
    """GeoJSON dict of a geometry with coordinates rounded (about 10 cm at 6 digits)."""
    from shapely import set_precision
    from shapely.geometry import mapping

    return mapping(set_precision(geometry, 10**-digits))


def provisional_perimeter(lon, lat, commune_geometry, radius_m=300):
    """A disc of `radius_m` around the town hall, clipped to the commune."""
    from shapely.geometry import Point

    centre = to_lambert93(Point(lon, lat))
    disc = to_wgs84(centre.buffer(radius_m, quad_segs=16))
    clipped = disc.intersection(commune_geometry)
    return clipped if not clipped.is_empty else disc
