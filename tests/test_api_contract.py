"""The OpenAPI document tells the truth: a bounded schemathesis run (generated requests from
the document itself, against the WSGI application and the test database) finds no server
error and only declared status codes, content types and response bodies."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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
    for key in tokens.values():
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)
