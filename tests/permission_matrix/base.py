from dataclasses import dataclass, field
from typing import Any

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

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.url_name}: no expectation for roles {sorted(missing)}")

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
