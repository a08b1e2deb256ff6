import pytest

DB_FIXTURES = {"db", "transactional_db", "users", "admin_user", "agent", "client", "live_server"}


@pytest.fixture(autouse=True)
def _default_reglement(request):
    """The default règlement ships by data migration; tests that flush the database (live
    server, transactional) remove it: make sure it is there (idempotent, one query)."""
    uses_db = request.node.get_closest_marker("django_db") or (
        DB_FIXTURES & set(request.fixturenames)
    )
    if not uses_db:
        return
    request.getfixturevalue("db")
    from cvv.funding.loader import load_default

    load_default()
