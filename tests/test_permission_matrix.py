"""Walks every URL of the platform for every role (see tests/permission_matrix/)."""

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse

import tests.permission_matrix as matrix_package
from cvv.api.models import ApiToken
from tests.csp_policy import assert_strict_csp
from tests.permission_matrix.base import ROLES

MODULES = [
    importlib.import_module(f"{matrix_package.__name__}.{info.name}")
    for info in pkgutil.iter_modules(matrix_package.__path__)
    if info.name != "base"
]
ALL_RULES = [rule for module in MODULES for rule in module.RULES]
# The Django admin has its own login and is_staff check; only its index is in the matrix.
EXCLUDED_NAMESPACES = ("admin:",)


def platform_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from platform_url_names(pattern, inner)
        else:
            yield (
                f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern}>"
            )


def test_every_url_is_in_the_matrix():
    declared = {rule.url_name for rule in ALL_RULES}
    names = set(platform_url_names())
    missing = sorted(
        name for name in names if name not in declared and not name.startswith(EXCLUDED_NAMESPACES)
    )
    assert not missing, f"URLs with no rule in tests/permission_matrix/: {missing}"
    unknown = sorted(declared - names)
    assert not unknown, f"Rules for URLs that do not exist: {unknown}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_permission_matrix(rule, role, users, client):
    ctx = SimpleNamespace(users=users)
    for module in MODULES:
        if hasattr(module, "setup"):
            module.setup(ctx)
    kwargs = rule.kwargs(ctx) if callable(rule.kwargs) else rule.kwargs
    url = reverse(rule.url_name, kwargs=kwargs) + rule.query
    headers = {}
    if role != "anonymous":
        user = users[role]
        if rule.api:
            _, key = ApiToken.objects.issue(user)
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        else:
            client.force_login(user)
    data = rule.data(ctx) if callable(rule.data) else rule.data
    response = getattr(client, rule.method)(url, data=data or {}, **headers)
    expected = rule.expect[role]
    assert response.status_code == expected, (
        f"{rule.id} as {role}: got {response.status_code}, expected {expected}"
    )
    assert_strict_csp(response, f"{rule.id} as {role}")
    if (
        expected == 302
        and role == "anonymous"
        and not rule.api
        and rule.url_name not in ("accounts:logout", "accounts:proconnect_logout_done")
    ):
        assert response["Location"].startswith(
            reverse(settings.LOGIN_URL)
        ) or rule.url_name.startswith("admin:")
