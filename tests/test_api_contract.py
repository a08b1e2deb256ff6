"""The OpenAPI document tells the truth: a bounded schemathesis run (generated requests from
the document itself, against the WSGI application and the test database) finds no server
error and only declared status codes, content types and response bodies."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cvv.api.models import ApiToken
from cvv.api.urls import api
from cvv.funding.models import Dossier
from tests.funding.factories import make_draft, walk

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 12  # per operation and per token: ~20 operations, well under a minute in all


def _document():
    # The document as served: JSON round trip (dates, decimals become text).
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str))


schema = schemathesis.openapi.from_dict(_document())
schema.app = None


@pytest.fixture
def tokens(users):
    walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    return {
        "anonymous": None,
        "commune": ApiToken.objects.issue(users["commune_agent"])[1],
        "staff": ApiToken.objects.issue(users["finance_officer"])[1],
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@pytest.mark.django_db
def test_api_answers_as_documented(case, tokens):
    app = get_wsgi_application()
    # As Django's test client does: a request must not close the connection that holds the
    # test's transaction (on PostgreSQL, close_old_connections would close it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for key in tokens.values():
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            case.call_and_validate(app=app, headers=headers, checks=CHECKS)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/fimacs/dossiers?commune=%004",
        "/api/v1/fimacs/dossiers?state=gr%00anted",
        "/api/v1/territories/communes?territoire=T%001",
        "/api/v1/territories/communes/93%00005",
        "/api/v1/observatory/indicators?code=93%00005",
        "/api/v1/programme/candidatures?state=%00",
    ],
)
def test_a_nul_byte_in_a_filter_is_a_422_not_a_server_error(url, client, users):
    """PostgreSQL refuses NUL in text: such a filter used to reach the query and give a 500."""
    key = ApiToken.objects.issue(users["metropole_admin"])[1]
    response = client.get(url, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422, response.content
