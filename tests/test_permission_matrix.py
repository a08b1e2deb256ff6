"""Walks every URL of the platform for every role (see tests/permission_matrix/).

Besides the status code, a list rule checks which objects each role finds in the answer
(`Rule.sees`), and a write rule checks that a refused role changed nothing."""

import importlib
import pkgutil
from collections import Counter
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLResolver, get_resolver, reverse

import tests.permission_matrix as matrix_package
from cvv.api.models import ApiToken
from tests.conftest import ROLE_USERS
from tests.csp_policy import assert_strict_csp
from tests.factories import make_user
from tests.permission_matrix.base import ROLES, check_sees
from tests.permission_matrix.inventory import LIST_URL_NAMES, post_url_names

MODULES = [
    importlib.import_module(f"{matrix_package.__name__}.{info.name}")
    for info in pkgutil.iter_modules(matrix_package.__path__)
    if info.name not in ("base", "inventory")
]
ALL_RULES = [rule for module in MODULES for rule in module.RULES]
# The Django admin has its own login and is_staff check; only its index is in the matrix.
EXCLUDED_NAMESPACES = ("admin:",)
# Answers that refuse a write (bad input included): nothing may have been written.
REFUSED = {400, 401, 403, 404, 405}


def platform_patterns(resolver=None, namespace=""):
    """(full name, pattern) of every URL of the platform."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from platform_patterns(pattern, inner)
        else:
            name = pattern.name or f"<unnamed {pattern}>"
            yield f"{namespace}{name}", pattern


def platform_url_names():
    return (name for name, _ in platform_patterns())


def test_every_url_is_in_the_matrix():
    declared = {rule.url_name for rule in ALL_RULES}
    names = set(platform_url_names())
    missing = sorted(
        name for name in names if name not in declared and not name.startswith(EXCLUDED_NAMESPACES)
    )
    assert not missing, f"URLs with no rule in tests/permission_matrix/: {missing}"
    unknown = sorted(declared - names)
    assert not unknown, f"Rules for URLs that do not exist: {unknown}"


def test_url_names_are_unique():
    """`reverse()` silently picks one of two URLs sharing a name: a rule would test the
    wrong page."""
    counts = Counter(
        name for name in platform_url_names() if not name.startswith(EXCLUDED_NAMESPACES)
    )
    assert not [name for name, n in counts.items() if n > 1]
    assert not [name for name in counts if name.startswith("<unnamed")]


def test_every_url_accepting_a_form_has_a_post_rule():
    """A write guard tested only by GET can be removed without a test failing."""
    posted = {rule.url_name for rule in ALL_RULES if rule.method == "post"}
    accepting = set(post_url_names(platform_patterns(), exclude=EXCLUDED_NAMESPACES))
    assert not sorted(accepting - posted), "URLs accepting POST with no POST rule"
    assert not sorted(posted - accepting), "POST rules for URLs that refuse POST"


def test_every_list_rule_states_what_each_role_sees():
    """A list page or API list answering 200 must say which objects each role finds."""
    lists = {rule.url_name for rule in ALL_RULES if rule.sees is not None}
    assert not sorted(LIST_URL_NAMES - lists), "list URLs with no `sees` expectation"


def _row_counts():
    """Rows of every table of the platform's models, in one query."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("cvv.") and not model._meta.proxy
    )
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def build_context(users):
    ctx = SimpleNamespace(users=users)
    for module in MODULES:
        if hasattr(module, "setup"):
            module.setup(ctx)
    return ctx


def authenticate(rule, role, ctx, client):
    """Logs `role` in (session, or Bearer token for the API): the request's extra headers.

    A context built by `_world` carries one session and one token per role, made once
    (`ctx.logins`); otherwise they are made here."""
    if role == "anonymous":
        return {}
    logins = getattr(ctx, "logins", None)
    if rule.api:
        key = logins[role]["token"] if logins else ApiToken.objects.issue(ctx.users[role])[1]
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if logins:
        client.cookies[settings.SESSION_COOKIE_NAME] = logins[role]["session"]
    else:
        client.force_login(ctx.users[role])
    return {}


def _logins(users):
    """One session cookie and one API token per role."""
    logins = {}
    for role, user in users.items():
        login = Client()
        login.force_login(user)
        logins[role] = {
            "session": login.cookies[settings.SESSION_COOKIE_NAME].value,
            "token": ApiToken.objects.issue(user)[1],
        }
    return logins


def prepare(rule, ctx):
    """The URL and data of `rule` (building the objects they name)."""
    kwargs = rule.kwargs(ctx) if callable(rule.kwargs) else rule.kwargs
    query = rule.query(ctx) if callable(rule.query) else rule.query
    url = reverse(rule.url_name, kwargs=kwargs) + query
    data = rule.data(ctx) if callable(rule.data) else rule.data
    return url, data or {}


# Public forms whose success is a redirect for anonymous visitors too (not to the login page).
PUBLIC_REDIRECTS = {"accounts:logout", "accounts:password_reset", "accounts:proconnect_logout_done"}
PUBLIC_REDIRECTS |= {"events:registration"}  # cancelling through one's own signed link


def refused(rule, role):
    status = rule.expect[role]
    return status in REFUSED or (
        status == 302
        and role == "anonymous"
        and not rule.api
        and rule.url_name not in PUBLIC_REDIRECTS
    )


def check_rule(rule, role, ctx, client):
    """Runs `rule` as `role` and checks everything the rule states."""
    headers = authenticate(rule, role, ctx, client)
    url, data = prepare(rule, ctx)
    markers = rule.shows(ctx) if rule.sees is not None else None
    writes = rule.method == "post" and refused(rule, role)
    if writes:
        before = (_row_counts(), rule.state(ctx) if rule.state else None)
    response = getattr(client, rule.method)(url, data=data, **headers)
    expected = rule.expect[role]
    assert response.status_code == expected, (
        f"{rule.id} as {role}: got {response.status_code}, expected {expected}"
    )
    assert_strict_csp(response, f"{rule.id} as {role}")
    if expected == 302 and refused(rule, role):
        assert response["Location"].startswith(
            reverse(settings.LOGIN_URL)
        ) or rule.url_name.startswith("admin:")
    if writes:
        after = (_row_counts(), rule.state(ctx) if rule.state else None)
        changed = {t: (before[0][t], n) for t, n in after[0].items() if before[0][t] != n}
        assert not changed, f"{rule.id} as {role} (refused) wrote rows: {changed}"
        assert before[1] == after[1], f"{rule.id} as {role} (refused) changed {before[1]!r}"
    if rule.sees is not None and expected == 200:
        check_sees(rule, role, markers, response)
    return response


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The users and objects every rule needs, built once per worker (not once per case).

    They live in a transaction left open for the module: each case runs in a savepoint inside
    it (pytest-django's `db`), so whatever a case writes is rolled back and the next case
    finds the world as it was built. Files go to one media folder kept for the module."""
    media = tmp_path_factory.mktemp("matrix")
    settings_override = override_settings(
        MEDIA_ROOT=media / "private", OBSERVATORY_DATA_DIR=media / "observatory"
    )
    settings_override.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            users = {
                name: make_user(email=f"{name}@test.cvv", **spec)
                for name, spec in ROLE_USERS.items()
            }
            world = build_context(users)
            world.logins = _logins(users)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            settings_override.disable()
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    settings_override.disable()


@pytest.fixture
def _private_media():
    """The world's media folder (set by `_world`) stays in force for every case."""


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_permission_matrix(rule, role, _world, db, client):
    # A copy per case: objects a rule builds lazily (set on the context) go with the case's
    # rolled-back savepoint instead of staying on the shared world.
    check_rule(rule, role, SimpleNamespace(**vars(_world)), client)
