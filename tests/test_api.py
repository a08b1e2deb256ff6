import json

import pytest
from openapi_spec_validator import validate

from cvv.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_public_communes_endpoint_lists_the_130_communes(client):
    data = client.get("/api/v1/territories/communes").json()
    assert len(data) == 130
    aulnay = next(item for item in data if item["code"] == "93005")
    assert aulnay["nom"] == "Aulnay-sous-Bois" and aulnay["territoire"] == "T7"
    assert set(aulnay) >= {"code", "nom", "siren", "territoire", "population"}
    assert sum(item["population"] for item in data) == 7_142_540


def test_communes_can_be_filtered_by_territory(client):
    data = client.get("/api/v1/territories/communes?territoire=t1").json()
    assert [item["code"] for item in data] == ["75056"]


def test_unknown_commune_is_a_404(client):
    assert client.get("/api/v1/territories/communes/99999").status_code == 404


def test_territories_endpoint_sums_populations(client):
    data = client.get("/api/v1/territories/territoires").json()
    assert [t["code"] for t in data] == [f"T{i}" for i in range(1, 13)]
    assert sum(t["population"] for t in data) == 7_142_540


def test_openapi_document_validates(client):
    document = client.get("/api/v1/openapi.json").json()
    validate(json.loads(json.dumps(document)))
    assert "/api/v1/territories/communes" in document["paths"]


def test_bad_or_revoked_token_is_refused(client, agent):
    """Through a protected endpoint, as a client sees it: 200 with the token, then 401."""
    from django.utils import timezone

    token, key = ApiToken.objects.issue(agent)
    url = "/api/v1/programme/candidatures"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert client.get(url, HTTP_AUTHORIZATION="Bearer cvv_unknown").status_code == 401
    assert client.get(url).status_code == 401
    assert (
        client.get("/api/v1/territories/communes", HTTP_AUTHORIZATION="Bearer x").status_code == 200
    )  # public endpoint ignores tokens
    token.revoked_at = timezone.now()
    token.save()
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
