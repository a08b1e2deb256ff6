"""The Content-Security-Policy of every response (django-csp's CSPMiddleware sends it).

Scripts and styles come only from our own static files: no inline script, no inline event
handler, no style attribute or <style> block in the templates (tests/test_csp.py lints
them), no eval. Data reaches scripts through `json_script` blocks and data- attributes.
Leaflet, Chart.js and Swagger UI set styles through the CSSOM (element.style), which
`style-src` does not restrict. Images may also be `data:` URIs (icons in the vendored CSS)
and, when a tile server is configured, tiles from its origin. Workers (the survey pages'
service worker) come from our own origin only.
"""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF


def tile_sources(tile_url):
    """The origin(s) of a Leaflet tile URL template, for `img-src`.

    `https://{s}.tile.example.org/{z}/{x}/{y}.png` gives `https://*.tile.example.org`;
    an empty or relative template gives nothing.
    """
    if not tile_url:
        return []
    parts = urlsplit(tile_url.replace("{s}", "subdomain"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return []
    host = parts.netloc.rsplit("@", 1)[-1]
    if host.startswith("subdomain."):
        host = "*." + host.removeprefix("subdomain.")
    return [f"{parts.scheme}://{host}"]


def policy(*, tile_url=""):
    """The `CONTENT_SECURITY_POLICY` setting of django-csp 4."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:", *tile_sources(tile_url)],
            "font-src": [SELF],
            "connect-src": [SELF],
            # The field-survey pages' service worker (/observatoire/releves/sw.js).
            "worker-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }
