"""Content-Security-Policy: the header, and templates and scripts that can live under it.

The browser tests (tests/browser) run every page under the real policy and fail on any
violation the browser reports; these tests catch the causes statically."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import engines
from django.test import override_settings
from django.urls import reverse

from cvv.core.csp import policy, tile_sources
from cvv.www.observatory_views import mapping
from tests.csp_policy import assert_strict_csp, directives

ROOT = Path(__file__).resolve().parent.parent
CVV = ROOT / "cvv"
OWN_SCRIPTS = sorted((CVV / "static" / "cvv").glob("*.js"))


def template_files():
    directories = {Path(d) for d in engines["django"].engine.dirs}
    directories |= set(CVV.glob("*/templates"))
    return sorted(p for d in directories for p in d.rglob("*.html"))


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def csp_problems(text):
    problems = []
    for attributes in SCRIPT_TAG.findall(text):
        if "src=" not in attributes and 'type="application/json"' not in attributes:
            problems.append(f"inline <script{attributes}>")
    for pattern, label in (
        (EVENT_HANDLER, "on…= event handler"),
        (STYLE_ATTRIBUTE, "style attribute"),
        (STYLE_TAG, "<style> block"),
        (JAVASCRIPT_URL, "javascript: URL"),
    ):
        if pattern.search(text):
            problems.append(label)
    return problems


def test_the_template_lint_finds_what_the_csp_refuses():
    assert csp_problems("<script>alert(1)</script>") == ["inline <script>"]
    assert csp_problems('<script type="module">x()</script>') == ['inline <script type="module">']
    assert csp_problems('<script src="/static/x.js" defer></script>') == []
    assert csp_problems('<script type="application/json" id="d">{}</script>') == []
    assert csp_problems('<button type="button" onclick="go()">') == ["on…= event handler"]
    assert csp_problems('<select\n  name="x" onchange="this.form.submit()">') == [
        "on…= event handler"
    ]
    assert csp_problems('<div class="card" style="max-width:36rem">') == ["style attribute"]
    assert csp_problems("<style>p { color: red }</style>") == ["<style> block"]
    assert csp_problems('<a href="javascript:go()">') == ["javascript: URL"]
    assert csp_problems('<p data-one="1">on a long line, style=free prose</p>') == []


def test_no_template_has_inline_script_event_handler_or_style():
    files = template_files()
    assert len(files) > 50
    found = {
        str(path.relative_to(ROOT)): problems
        for path in files
        if (problems := csp_problems(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "Move these to static files / CSS classes (the CSP refuses them)"


DANGEROUS_JS = [
    (re.compile(r"\.(innerHTML|outerHTML)\s*\+?=(?!=)"), "writes HTML with innerHTML/outerHTML"),
    (re.compile(r"insertAdjacentHTML|document\.write|createContextualFragment"), "writes HTML"),
    (re.compile(r"\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*[\"']"), "evaluates code"),
    # Leaflet writes string content with innerHTML: pass a node built with textContent.
    (re.compile(r"\.(bindTooltip|bindPopup|setContent)\s*\((?!\s*textElement\()"), "Leaflet HTML"),
]


def test_our_scripts_never_turn_data_into_html():
    assert {p.name for p in OWN_SCRIPTS} >= {"map.js", "observatory.js", "funding.js"}
    found = [
        f"{path.name}:{number}: {label}: {line.strip()}"
        for path in OWN_SCRIPTS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for pattern, label in DANGEROUS_JS
        if pattern.search(line)
    ]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/compte/connexion/", "/nulle-part/", "/api/v1/docs", "/api/v1/territories/communes"],
)
def test_responses_carry_the_strict_policy(client, url):
    assert_strict_csp(client.get(url), url)


@pytest.mark.django_db
def test_the_policy_is_sent_on_error_pages(client, users):
    client.force_login(users["commune_agent"])
    response = client.get(reverse("audit:list"))
    assert response.status_code == 403
    assert_strict_csp(response)


def test_a_configured_tile_server_is_allowed_for_images_only():
    assert tile_sources("") == []
    assert tile_sources("/tuiles/{z}/{x}/{y}.png") == []
    assert tile_sources("https://{s}.tile.example.org/{z}/{x}/{y}.png") == [
        "https://*.tile.example.org"
    ]
    assert tile_sources("https://tiles.example.fr:8443/t/{z}/{x}/{y}.png?key=k") == [
        "https://tiles.example.fr:8443"
    ]
    assert tile_sources("javascript:alert(1)//{z}") == []
    directives_ = policy(tile_url="https://tiles.example.fr/{z}/{x}/{y}.png")["DIRECTIVES"]
    assert directives_["img-src"][-1] == "https://tiles.example.fr"
    assert directives_["script-src"] == ["'self'"] and directives_["connect-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_header_names_the_tile_server(client, settings):
    configured = policy(tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    with override_settings(CONTENT_SECURITY_POLICY=configured):
        header = client.get("/").headers["Content-Security-Policy"]
    assert "https://*.tile.example.org" in directives(header)["img-src"]


def test_legend_colours_match_the_css_classes():
    css = (CVV / "static" / "cvv" / "cvv.css").read_text(encoding="utf-8")
    for index, colour in enumerate(mapping.PALETTE):
        assert f".swatch-{index} {{ background: {colour}; }}" in css
    assert f".swatch-none {{ background: {mapping.NO_DATA}; }}" in css
    legend = mapping.classes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert [item["swatch"] for item in legend] == [f"swatch-{i}" for i in range(5)]


EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I)


@pytest.mark.django_db
def test_the_api_documentation_uses_only_local_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "cdn" not in html.lower()
    assert_strict_csp(response)
    assert csp_problems(html) == []
    assets = re.findall(r"""(?:src|href)="/static/([^"]+)\"""", html)
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert "vendor/swagger-ui/swagger-ui.css" in assets
    for asset in assets:
        assert finders.find(asset), asset
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
