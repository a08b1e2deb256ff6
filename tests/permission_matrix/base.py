"""Rules of the permission matrix, and how a list rule recognises the objects it shows."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.urls import reverse

ROLES = [
    "anonymous",
    "metropole_admin",
    "instructor",
    "finance_officer",
    "commune_agent",
    "commerce_manager",
    "other_commune_agent",
    "territory_agent",
    "partner_expert",
    "fonciere_officer",
    "economic_actor",
]
STAFF = ("metropole_admin", "instructor", "finance_officer")
COMMUNE_93005 = ("commune_agent", "commerce_manager")


@dataclass
class Rule:
    """`url_name` with `kwargs` (dict, or callable(ctx) -> dict) answers `expect[role]`.

    `api=True`: the client authenticates with a Bearer token instead of a session, and
    anonymous requests are expected to get 401 rather than a redirect to the login page.
    `label` distinguishes several rules of one URL (own object / another commune's).
    """

    url_name: str
    expect: dict
    kwargs: Any = field(default_factory=dict)
    method: str = "get"
    data: Any = None
    api: bool = False
    label: str = ""
    query: str = ""
    # Lists: `shows(ctx)` gives {label: Marker} for objects of the fixture; `sees` gives
    # {label: roles that find it in the answer}. Every other role must not find it.
    shows: Callable | None = None
    sees: dict | None = None
    # Writes: `state(ctx)` is a snapshot of what the POST would change (a field, a count);
    # a refused role must leave it (and every table's row count) as it was.
    state: Callable | None = None

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.url_name}: no expectation for roles {sorted(missing)}")
        if (self.shows is None) != (self.sees is None):
            raise ValueError(f"{self.url_name}: `shows` and `sees` go together")
        unknown = {role for roles in (self.sees or {}).values() for role in roles} - set(ROLES)
        if unknown:
            raise ValueError(f"{self.url_name}: unknown roles in `sees`: {sorted(unknown)}")

    @property
    def id(self):
        return (
            f"{self.method.upper()} {self.url_name}{' [' + self.label + ']' if self.label else ''}"
        )


def expect(default, **overrides):
    """Every role gets `default`, except the overrides; anonymous included."""
    result = dict.fromkeys(ROLES, default)
    result.update(overrides)
    return result


PUBLIC = expect(200)


def logged_in(status=200, **overrides):
    """Every logged-in role gets `status`; anonymous is sent to the login page."""
    return expect(status, anonymous=302, **overrides)


def only(roles, status=200, *, denied=403, anonymous=302, **overrides):
    """`roles` get `status`, other logged-in roles `denied`."""
    result = dict.fromkeys(ROLES, denied)
    result["anonymous"] = anonymous
    for role in roles:
        result[role] = status
    result.update(overrides)
    return result


def api_only(roles, status=200, *, denied=403, **overrides):
    return only(roles, status, denied=denied, anonymous=401, **overrides)


# --- What a list shows -------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """How one object is recognised in an answer, never by a bare substring:
    - `link`: an `<a href>` equal to the object's own page (HTML lists);
    - `cell`: a table cell or list item whose whole text is `value` (HTML, no link);
    - `anchor`: an element whose `id` is `value` (HTML sections: `centralite-12`);
    - `item`: a JSON list element whose `key` equals `value` (API lists);
    - `row`: a CSV row whose column `key` equals `value` (exports)."""

    kind: str
    value: Any
    key: str = ""

    def __str__(self):
        return f"{self.kind} {self.key + '=' if self.key else ''}{self.value!r}"


def link(url_name, **kwargs):
    return Marker("link", reverse(url_name, kwargs=kwargs))


def cell(text):
    return Marker("cell", " ".join(str(text).split()))


def anchor(element_id):
    return Marker("anchor", element_id)


def item(key, value):
    return Marker("item", value, key)


def row(column, value):
    return Marker("row", value, column)


class _Page(HTMLParser):
    """Links, element ids and the whole text of each cell / list item of an HTML page."""

    CELLS = {"td", "th", "li"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found, self._open = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.add(("link", attrs["href"]))
        if attrs.get("id"):
            self.found.add(("anchor", attrs["id"]))
        if tag in self.CELLS:
            self._open.append([])

    def handle_endtag(self, tag):
        if tag in self.CELLS and self._open:
            self.found.add(("cell", " ".join("".join(self._open.pop()).split())))

    def handle_data(self, data):
        for parts in self._open:
            parts.append(data)


def found_in(response, markers):
    """The labels of `markers` found in `response`."""
    kinds = {marker.kind for marker in markers.values()}
    found = set()
    if kinds & {"link", "cell", "anchor"}:
        page = _Page(response.content.decode())
        found |= {
            label for label, marker in markers.items() if (marker.kind, marker.value) in page.found
        }
    if "item" in kinds:
        items = response.json()
        assert isinstance(items, list), f"an API list answers a JSON list, not {items!r}"
        found |= {
            label
            for label, marker in markers.items()
            if marker.kind == "item" and any(i.get(marker.key) == marker.value for i in items)
        }
    if "row" in kinds:
        rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
        found |= {
            label
            for label, marker in markers.items()
            if marker.kind == "row" and any(r.get(marker.key) == marker.value for r in rows)
        }
    return found


def check_sees(rule, role, markers, response):
    """Each object of `markers` (`rule.shows(ctx)`, built before the request) is in the
    answer if and only if `role` sees it."""
    if set(markers) != set(rule.sees):
        raise ValueError(f"{rule.id}: `shows` {sorted(markers)} != `sees` {sorted(rule.sees)}")
    expected = {label for label, roles in rule.sees.items() if role in roles}
    found = found_in(response, markers)
    leaked, hidden = found - expected, expected - found
    assert not leaked and not hidden, (
        f"{rule.id} as {role}: shows {sorted(found)}, expected {sorted(expected)}"
        + "".join(f"\n  leaked {label}: {markers[label]}" for label in sorted(leaked))
        + "".join(f"\n  missing {label}: {markers[label]}" for label in sorted(hidden))
    )
