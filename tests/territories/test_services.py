import json
import re

import pytest
from django.core.exceptions import ValidationError
from shapely.geometry import Point, mapping

from cvv.audit.models import AuditEntry
from cvv.territories import geo, services
from cvv.territories.models import Centralite, CentraliteVersion, Commune, Territoire

pytestmark = pytest.mark.django_db


def square_around(lon, lat, half_side_m):
    centre = geo.to_lambert93(Point(lon, lat))
    return geo.to_wgs84(centre.buffer(half_side_m, cap_style="square"))


def aulnay():
    return Commune.objects.get(code="93005")


def test_load_is_idempotent_and_complete():
    before = {
        "communes": Commune.objects.count(),
        "centralites": Centralite.objects.count(),
        "versions": CentraliteVersion.objects.count(),
    }
    counts = services.territories_load()
    assert counts["communes"] == 130 and counts["territoires"] == 12
    assert counts["centralites"] == 0  # every commune already has its provisional perimeter
    assert before == {
        "communes": Commune.objects.count(),
        "centralites": Centralite.objects.count(),
        "versions": CentraliteVersion.objects.count(),
    }
    assert Territoire.objects.get(code="T7").communes.count() == 8
    assert Commune.objects.get(code="93005").territoire.code == "T7"


def test_each_commune_starts_with_a_provisional_perimeter_around_its_town_hall():
    commune = aulnay()
    version = commune.centralites.get().current_version
    assert version.source == CentraliteVersion.Source.PROVISIONAL
    assert version.shape.contains(Point(commune.mairie_lon, commune.mairie_lat))
    assert 100_000 < version.area_m2 < 300_000  # a 300 m disc is about 282 700 m²


def test_upload_adds_a_version_and_keeps_the_old_one():
    commune = aulnay()
    centralite = commune.centralites.get()
    square = square_around(commune.mairie_lon, commune.mairie_lat, 400)
    version = services.centralite_replace_perimeter(
        centralite=centralite, raw_geojson=json.dumps(mapping(square)).encode(), actor=None
    )
    assert version.number == 2 and version.source == "upload"
    assert centralite.versions.count() == 2
    assert centralite.current_version == version
    assert AuditEntry.objects.filter(action="territories.centralite.version_added").exists()


def test_feature_collection_with_one_feature_is_accepted():
    commune = aulnay()
    square = square_around(commune.mairie_lon, commune.mairie_lat, 300)
    document = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": mapping(square)}],
    }
    geometry = services.parse_perimeter_geojson(json.dumps(document))
    services.validate_perimeter_for_commune(geometry, commune)


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"{not json", "GeoJSON illisible"),
        (b'{"foo": 1}', "propriété « type » absente"),
        (b'{"type": "Point", "coordinates": [2.5, 48.9]}', "un Polygon ou un MultiPolygon"),
        (b'{"type": "FeatureCollection", "features": []}', "contient 0 entités"),
        (b"\xff\xfe\x00", "pas un texte UTF-8"),
        (
            b'{"type": "Polygon", "coordinates": [[[652000, 6862000], [653000, 6862000], '
            b"[653000, 6863000], [652000, 6862000]]]}",
            "Lambert-93",
        ),
        (
            b'{"type": "Polygon", "coordinates": [[[2.49, 48.93], [2.51, 48.95], '
            b"[2.51, 48.93], [2.49, 48.95], [2.49, 48.93]]]}",
            "Polygone invalide",
        ),
    ],
)
def test_malformed_geojson_is_refused_with_a_specific_message(raw, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.parse_perimeter_geojson(raw)


def test_perimeter_outside_the_commune_is_refused():
    paris_centre = square_around(2.3488, 48.8534, 300)
    with pytest.raises(ValidationError, match="ne recoupe pas"):
        services.validate_perimeter_for_commune(paris_centre, aulnay())


@pytest.mark.parametrize("half_side, message", [(10, "trop petit"), (3000, "trop grand")])
def test_implausible_sizes_are_refused(half_side, message):
    commune = aulnay()
    geometry = square_around(commune.mairie_lon, commune.mairie_lat, half_side)
    with pytest.raises(ValidationError, match=message):
        services.validate_perimeter_for_commune(geometry, commune)


def test_failed_upload_leaves_the_perimeter_unchanged():
    centralite = aulnay().centralites.get()
    with pytest.raises(ValidationError, match="un Polygon ou un MultiPolygon est attendu"):
        services.centralite_replace_perimeter(
            centralite=centralite, raw_geojson=b'{"type": "Point"}', actor=None
        )
    assert centralite.versions.count() == 1


def test_commune_organisation_names_follow_french_elision():
    assert services.commune_organisation_name("Aulnay-sous-Bois") == "Commune d’Aulnay-sous-Bois"
    assert services.commune_organisation_name("Montreuil") == "Commune de Montreuil"
    assert services.commune_organisation_name("Le Blanc-Mesnil") == "Commune du Blanc-Mesnil"
    assert services.commune_organisation_name("Les Lilas") == "Commune des Lilas"
