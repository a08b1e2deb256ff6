"""Current perimeter versions come from a selector (they used to be read in the views)."""

import json

import pytest
from shapely.geometry import mapping

from cvv.territories import selectors, services
from cvv.territories.models import Centralite, Commune
from tests.territories.test_services import square_around

pytestmark = pytest.mark.django_db


def test_current_perimeters_are_the_newest_versions_in_few_queries(django_assert_num_queries):
    aulnay = Commune.objects.get(code="93005")
    main = aulnay.centralites.get()
    square = json.dumps(mapping(square_around(aulnay.mairie_lon, aulnay.mairie_lat, 400)))
    v2 = services.centralite_replace_perimeter(
        centralite=main, raw_geojson=square.encode(), actor=None
    )
    gare = services.centralite_create(
        commune=aulnay, nom="Quartier de la gare", raw_geojson=square.encode(), actor=None
    )
    empty = Centralite.objects.create(commune=aulnay, nom="Sans périmètre")
    with django_assert_num_queries(2):
        perimeters = selectors.current_perimeters(aulnay)
    by_name = {c.nom: v for c, v in perimeters}
    assert by_name[main.nom] == v2 and v2.number == 2
    assert by_name["Quartier de la gare"] == gare.current_version
    assert by_name["Sans périmètre"] is None
    # The model's order (by name), and another commune's centralités are not there.
    assert [c.nom for c, _ in perimeters] == sorted(by_name)
    assert {c.commune_id for c, _ in perimeters} == {aulnay.pk}
    assert empty in [c for c, _ in perimeters]


def test_perimeter_features_skip_centralites_without_perimeter():
    aulnay = Commune.objects.get(code="93005")
    Centralite.objects.create(commune=aulnay, nom="Sans périmètre")
    perimeters = selectors.current_perimeters(aulnay)
    plain = selectors.perimeter_features(perimeters)
    (feature,) = plain["features"]
    assert plain["type"] == "FeatureCollection"
    version = aulnay.centralites.exclude(nom="Sans périmètre").get().current_version
    assert feature["geometry"] == version.geometry
    assert feature["properties"] == {"nom": version.centralite.nom}
    (detailed,) = selectors.perimeter_features(perimeters, details=True)["features"]
    assert detailed["properties"] == {
        "nom": version.centralite.nom,
        "version": 1,
        "provisoire": True,
    }
