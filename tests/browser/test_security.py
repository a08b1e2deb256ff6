"""Data shown by the front end is text, never HTML, and the CSP holds in a real browser."""

import pytest

from cvv.territories.models import Centralite

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__cvvXss = (window.__cvvXss || 0) + 1">'


def test_a_perimeter_name_is_shown_as_text_in_the_map_tooltip(page, live_server):
    """A commune agent names a perimeter with HTML: anyone hovering the public map must see
    the name literally, and nothing in it may run (stored DOM XSS through Leaflet)."""
    Centralite.objects.filter(commune__code="93005").update(nom=PAYLOAD)
    page.goto(f"{live_server.url}/territoires/communes/93005/")
    page.wait_for_function("window.cvvMaps && window.cvvMaps['carte-commune']")
    perimeter = page.locator("#carte-commune path.leaflet-interactive").nth(1)
    perimeter.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == PAYLOAD
    assert tooltip.locator("img").count() == 0
    page.wait_for_timeout(200)  # an injected <img src=x> would have failed to load by now
    assert page.evaluate("window.__cvvXss") is None
    assert not page.js_errors
