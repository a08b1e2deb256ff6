"""Production static files: collectstatic with the manifest storage, and the deploy check."""

import json
import re
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

VENDOR = Path(__file__).resolve().parents[2] / "cvv" / "static" / "vendor"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SOURCE_MAP = re.compile(r"[#@] sourceMappingURL=([^\s*]+)")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic run once with the production storage (as `CVV_ENV=production` does)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=root):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


def deploy_errors():
    return [m for m in run_checks(include_deployment_checks=True) if m.id.startswith("cvv.")]


def test_no_vendored_file_references_a_missing_source_map():
    dangling = []
    for path in VENDOR.rglob("*"):
        if path.suffix in {".js", ".css"}:
            for target in SOURCE_MAP.findall(path.read_text(encoding="utf-8", errors="replace")):
                if not (path.parent / target).exists():
                    dangling.append(f"{path.relative_to(VENDOR)} -> {target}")
    assert dangling == []


def test_collectstatic_succeeds_with_the_production_storage(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())
    assert "vendor/leaflet/leaflet.js" in manifest["paths"]
    hashed = manifest["paths"]["vendor/chartjs/chart.umd.min.js"]
    assert (collected / hashed).exists() and (collected / (hashed + ".gz")).exists()


@pytest.mark.django_db
def test_pages_render_with_hashed_static_names(collected, client):
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=collected):
        page = client.get("/compte/connexion/")
        assert page.status_code == 200
        assert re.search(r"/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js", page.content.decode())
        assert deploy_errors() == []


def test_deploy_check_fails_without_a_manifest(tmp_path):
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=tmp_path):
        assert [e.id for e in deploy_errors()] == ["cvv.E001"]


def test_deploy_check_fails_on_an_incomplete_manifest(collected, tmp_path):
    manifest = json.loads((collected / "staticfiles.json").read_text())
    del manifest["paths"]["cvv/cvv.css"]
    gone = manifest["paths"]["vendor/leaflet/leaflet.css"]
    for hashed in manifest["paths"].values():
        if hashed != gone:
            target = tmp_path / hashed
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"")
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=tmp_path):
        errors = deploy_errors()
    assert sorted(e.id for e in errors) == ["cvv.E002", "cvv.E003"]
    assert "cvv/cvv.css" in errors[0].msg or "cvv/cvv.css" in errors[1].msg


def test_deploy_check_is_silent_outside_the_manifest_storage(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path):
        assert deploy_errors() == []
