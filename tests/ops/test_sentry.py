"""The error-reporting hook: initialised only when SENTRY_DSN is set; never any network in
tests (a subprocess each, so the SDK's integrations never patch the test process)."""

import json
import os
import subprocess
import sys

FAKE_DSN = "https://0123456789abcdef@sentry.invalid/42"

PROBE = """
import json, django
django.setup()
import sentry_sdk
client = sentry_sdk.get_client()
active = client.is_active()
print(json.dumps({"active": active, "dsn": str(client.dsn) if client.dsn else None,
                  "environment": client.options.get("environment") if active else None}))
"""

CAPTURE = """
import json, django
django.setup()
from cvv.core.sentry import init_sentry
sent = []
init_sentry(dsn=%r, environment="test", transport=lambda event: sent.append(event))
import sentry_sdk
try:
    1 / 0
except ZeroDivisionError:
    sentry_sdk.capture_exception()
sentry_sdk.flush()
print(json.dumps([{"environment": e.get("environment"), "user": e.get("user"),
                   "type": e["exception"]["values"][0]["type"]} for e in sent]))
"""


def run(code, tmp_path, **env):
    environ = {
        k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update(DJANGO_SETTINGS_MODULE="cvv.settings", CVV_VAR_DIR=str(tmp_path), **env)
    result = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_is_not_initialised_without_a_dsn(tmp_path):
    assert run(PROBE, tmp_path) == {"active": False, "dsn": None, "environment": None}


def test_sentry_is_initialised_from_the_environment(tmp_path):
    state = run(PROBE, tmp_path, SENTRY_DSN=FAKE_DSN, SENTRY_ENVIRONMENT="recette")
    assert state == {"active": True, "dsn": FAKE_DSN, "environment": "recette"}


def test_errors_go_to_the_configured_transport_without_personal_data(tmp_path):
    events = run(CAPTURE % FAKE_DSN, tmp_path)
    assert events == [{"environment": "test", "user": None, "type": "ZeroDivisionError"}]
