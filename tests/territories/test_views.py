import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from shapely.geometry import mapping

from cvv.territories.models import Centralite
from tests.territories.test_services import square_around

pytestmark = pytest.mark.django_db


def geojson_file(geometry, name="perimetre.geojson"):
    return SimpleUploadedFile(name, json.dumps(mapping(geometry)).encode(), "application/json")


def test_public_commune_page_shows_facts_and_perimeters(client):
    response = client.get(reverse("territories:commune", args=["93005"]))
    content = response.content.decode()
    assert "Aulnay-sous-Bois" in content and "périmètre provisoire" in content
    assert 'id="commune-perimetres"' in content


def test_communes_page_filters_by_territory(client):
    response = client.get(reverse("territories:communes") + "?territoire=T7")
    assert len(response.context["communes"]) == 8


def test_agent_replaces_the_perimeter_of_its_commune(client, agent):
    centralite = Centralite.objects.get(commune__code="93005")
    commune = centralite.commune
    client.force_login(agent)
    response = client.post(
        reverse("territories:centralite_upload", args=["93005", centralite.pk]),
        {
            "file": geojson_file(square_around(commune.mairie_lon, commune.mairie_lat, 350)),
            "comment": "Délibération du 12 mars",
        },
    )
    assert response.status_code == 302
    assert centralite.current_version.number == 2
    assert centralite.current_version.created_by == agent


def test_bad_upload_shows_the_error_on_the_file_field(client, agent):
    centralite = Centralite.objects.get(commune__code="93005")
    client.force_login(agent)
    response = client.post(
        reverse("territories:centralite_upload", args=["93005", centralite.pk]),
        {"file": SimpleUploadedFile("x.geojson", b'{"type": "Point", "coordinates": [2, 48]}')},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "un Polygon ou un MultiPolygon est attendu" in content
    assert 'id="id_file_error"' in content and 'aria-invalid="true"' in content
    assert centralite.versions.count() == 1


def test_agent_creates_a_second_centralite_and_duplicates_are_refused(client, agent):
    commune = Centralite.objects.get(commune__code="93005").commune
    client.force_login(agent)
    url = reverse("territories:centralite_create", args=["93005"])
    square = square_around(commune.mairie_lon, commune.mairie_lat, 200)
    response = client.post(url, {"nom": "Quartier de la gare", "file": geojson_file(square)})
    assert response.status_code == 302
    response = client.post(url, {"nom": "quartier de la gare", "file": geojson_file(square)})
    assert response.status_code == 400
    assert "a déjà une centralité" in response.content.decode()
    assert commune.centralites.count() == 2


def test_staff_marks_a_commune_fragile_with_a_reason(client, admin_user):
    from cvv.territories.models import Commune
    from cvv.territories.need import need_of

    client.force_login(admin_user)
    url = reverse("territories:commune_fragility", args=["93048"])
    response = client.post(url, {"fragile": "on", "reason": ""})
    assert response.status_code == 400 and "Indiquez pourquoi" in response.content.decode()
    response = client.post(url, {"fragile": "on", "reason": "Fermeture du marché couvert"})
    assert response.status_code == 302
    need = need_of(Commune.objects.get(code="93048"))
    assert need.fragile and "Fermeture du marché couvert" in need.reasons[-1]
