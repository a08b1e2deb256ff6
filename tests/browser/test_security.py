"""Data shown by the front end is text, never HTML, and the CSP holds in a real browser."""

import pytest

from cvv.territories.models import Centralite
from tests.browser.conftest import watch

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__cvvXss = (window.__cvvXss || 0) + 1">'


def test_a_perimeter_name_is_shown_as_text_in_the_map_tooltip(page, live_server):
    """A commune agent names a perimeter with HTML: anyone hovering the public map must see
    the name literally, and nothing in it may run (stored DOM XSS through Leaflet)."""
    Centralite.objects.filter(commune__code="93005").update(nom=PAYLOAD)
    page.goto(f"{live_server.url}/territoires/communes/93005/")
    page.wait_for_function("() => window.cvvMaps && window.cvvMaps['carte-commune']")
    perimeter = page.locator("#carte-commune path.leaflet-interactive").nth(1)
    perimeter.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == PAYLOAD
    assert tooltip.locator("img").count() == 0
    page.wait_for_timeout(200)  # an injected <img src=x> would have failed to load by now
    assert page.evaluate("window.__cvvXss") is None
    assert not page.js_errors


def test_the_api_documentation_renders_from_local_files(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.get_by_text("Centres-Villes Vivants — API").first.is_visible()
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []
    assert not page.js_errors


def test_the_browser_enforces_the_csp_and_the_harness_sees_violations(browser, live_server):
    """Inline code injected into a page is refused by the browser, and the refusal reaches
    `page.csp_violations`, which fails every browser test (conftest.page)."""
    context = browser.new_context()
    page = watch(context.new_page())
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__cvvInline = 1";
            document.body.appendChild(script);
            const div = document.createElement("div");
            div.innerHTML = '<p style="color: red">x</p>';
            document.body.appendChild(div);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__cvvInline") is None
    context.close()
    assert any("inline script" in v for v in page.csp_violations), page.csp_violations
    assert any("inline style" in v for v in page.csp_violations), page.csp_violations
