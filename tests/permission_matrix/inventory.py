"""What the URL patterns themselves say: which URLs accept a POST, which are lists.

Derived from the views (not declared by hand) so that a new form or list cannot escape
the matrix: see tests/test_permission_matrix.py."""

import contextlib
import functools
import inspect
import re

from cvv.api.urls import api

# A function view with no method decorator accepts a POST when it reads the body.
READS_BODY = re.compile(r"request\.(POST|FILES)\b|request\.method\s*==\s*[\"']POST[\"']")

# HTML list pages: a queryset rendered as rows, scoped by role (declared: a template gives
# no machine-readable sign of being a list).
HTML_LISTS = {
    "programme:home",
    "programme:candidatures",
    "programme:accompaniments",
    "programme:expertise_list",
    "programme:help_requests",
    "programme:toolbox",
    "fimacs:dossiers",
    "fimacs:opinions",
    "fimacs:payments",
    "fimacs:budget",
    "fimacs:sessions",
    "network:directory",
    "network:contacts",
    "network:questions",
    "network:news",
    "network:newsletters",
    "network:advice_list",
    "network:jobs",
    "documents:vault",
    "observatory:surveys",
    "observatory:imports",
    "territories:centralites",
    "coordination:participations",
    "coordination:referrals",
    "events:list",
    "events:mine",
    "events:laureates",
    "events:registrations",
    "events:nominations",
    "impact:impact",
    "premises:list",
    "fonciere:opportunities",
    "fonciere:leases",
    "fonciere:portfolio",
    "fonciere:arrears",
    "fonciere:bank_statements",
    "fonciere:calendar",
    "matchmaking:public",
    "matchmaking:offers",
    "matchmaking:searches",
    "matchmaking:directory",
    "matchmaking:introductions",
}


def _cells(function):
    names = function.__code__.co_freevars
    cells = {}
    for name, cell in zip(names, function.__closure__ or (), strict=True):
        with contextlib.suppress(ValueError):  # an empty cell
            cells[name] = cell.cell_contents
    return cells


def view_methods(callback):
    """HTTP methods the view behind a URL pattern handles."""
    while isinstance(callback, functools.partial):
        callback = callback.func
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    function = callback
    while function is not None:
        cells = _cells(function) if hasattr(function, "__code__") else {}
        if "request_method_list" in cells:  # require_POST, require_GET, require_http_methods
            return set(cells["request_method_list"])
        path_view = cells.get("self")
        if hasattr(path_view, "operations"):  # django-ninja
            return {m for operation in path_view.operations for m in operation.methods}
        function = getattr(function, "__wrapped__", None)
    source = inspect.getsource(inspect.unwrap(callback))
    return {"GET", "POST"} if READS_BODY.search(source) else {"GET"}


def post_url_names(patterns, *, exclude=()):
    """Names of the URLs whose view accepts a POST."""
    for name, pattern in patterns:
        if not name.startswith(exclude) and "POST" in view_methods(pattern.callback):
            yield name


def api_list_names():
    """API operations answering a JSON list (their response schema is `list[...]`)."""
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                model = operation.response_models.get(200)
                annotation = model.model_fields["response"].annotation if model else None
                if getattr(annotation, "__origin__", None) is list:
                    yield f"api:{operation.view_func.__name__}"


LIST_URL_NAMES = HTML_LISTS | set(api_list_names())
