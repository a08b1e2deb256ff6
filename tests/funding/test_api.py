"""FIMACS API: scoped lists, the public compute endpoint with the command's contract."""

import json

import pytest

from cvv.api.models import ApiToken
from cvv.funding.models import Dossier
from tests.funding.factories import COMPUTE_REQUEST as REQUEST
from tests.funding.factories import make_draft, walk


def _get(client, user, url):
    _, key = ApiToken.objects.issue(user)
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.django_db
def test_compute_same_contract_as_the_command(client):
    response = client.post("/api/v1/fimacs/compute", REQUEST, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["aid_total"] == "63000"
    assert body["aid_by_category"] == {"TRAVAUX_LOCAUX": "48000", "ETUDES": "15000"}
    assert body["rates"] == {"TRAVAUX_LOCAUX": "0.40", "ETUDES": "0.50"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**REQUEST, "commune": "12"}, "commune"),
        ({**REQUEST, "expenses": [{"category": "X", "amount_ht": "1"}]}, "expenses[0].category"),
        ({**REQUEST, "other_public_aid": "-5"}, "other_public_aid"),
    ],
)
def test_compute_bad_input_is_400_naming_the_field(client, payload, field):
    response = client.post("/api/v1/fimacs/compute", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == field and field in response.json()["detail"]
    malformed = client.post("/api/v1/fimacs/compute", "{", content_type="application/json")
    assert malformed.status_code == 400 and "JSON" in malformed.json()["detail"]


@pytest.mark.django_db
def test_dossiers_scoped_like_the_pages(client, users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    own = _get(client, users["commune_agent"], "/api/v1/fimacs/dossiers").json()
    assert [d["id"] for d in own] == [dossier.pk]
    assert own[0]["granted_amount"] == "63000.00" and own[0]["commune"] == "93005"
    assert _get(client, users["other_commune_agent"], "/api/v1/fimacs/dossiers").json() == []
    url = f"/api/v1/fimacs/dossiers/{dossier.pk}"
    assert _get(client, users["other_commune_agent"], url).status_code == 404
    assert _get(client, users["instructor"], url).json()["expenses"][0]["category"]
    decisions = _get(client, users["commune_agent"], "/api/v1/fimacs/decisions").json()
    assert decisions[0]["decision"] == "granted"
    assert _get(client, users["commune_agent"], "/api/v1/fimacs/budget").status_code == 403
    budget = _get(client, users["finance_officer"], "/api/v1/fimacs/budget").json()
    assert budget[0]["committed"] == "63000.00"


@pytest.mark.django_db
def test_openapi_documents_the_fimacs_routes(client):
    spec = json.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/fimacs/compute" in spec["paths"]
    assert "requestBody" in spec["paths"]["/api/v1/fimacs/compute"]["post"]
