import pytest
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import make_user

# Property tests run the same derandomised examples everywhere, with no deadline and no
# "too slow" health check: CI's two cores are shared by two workers, and a slow machine must
# not fail a test whose property holds.
hypothesis_settings.register_profile(
    "cvv",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("cvv")

ROLE_USERS = {
    "metropole_admin": {"role": "metropole_admin"},
    "instructor": {"role": "instructor"},
    "finance_officer": {"role": "finance_officer"},
    "commune_agent": {"role": "commune_agent", "commune": "93005"},
    "commerce_manager": {"role": "commerce_manager", "commune": "93005"},
    "other_commune_agent": {"role": "commune_agent", "commune": "93048"},
    "territory_agent": {"role": "territory_agent", "territoire": "T7"},
    "partner_expert": {"role": "partner_expert", "partner": "CCI Paris Île-de-France"},
    "fonciere_officer": {"role": "fonciere_officer", "partner": "Foncière métropolitaine"},
    "economic_actor": {"role": "economic_actor", "partner": "Enseigne de test"},
}


@pytest.fixture(scope="session")
def _saved_database(django_db_setup, django_db_blocker):
    """The reference data (territories, default règlement…), saved once per worker before any
    transactional test runs (pytest-django runs them after the others): each of them flushes
    every table when it ends, and the next one puts the data back (`_restore_database` in their
    modules) when it finds the communes gone."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real reference territories (loaded once)."""
    with django_db_blocker.unblock():
        call_command("territories", "load", verbosity=0)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.OBSERVATORY_DATA_DIR = tmp_path / "observatory"


@pytest.fixture
def users(db):
    """One user per role: commune agents of Aulnay-sous-Bois (93005) and, for the
    other-commune cases, of Montreuil (93048); the territory agent is in T7."""
    return {name: make_user(email=f"{name}@test.cvv", **spec) for name, spec in ROLE_USERS.items()}


@pytest.fixture
def admin_user(users):
    return users["metropole_admin"]


@pytest.fixture
def agent(users):
    return users["commune_agent"]
