from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_healthcheck_round_trips_a_task_through_the_queue():
    out = StringIO()
    call_command("healthcheck", "--worker", stdout=out)
    assert "base de données : ok" in out.getvalue()
    assert "exécuteur de tâches : ok" in out.getvalue()


def test_healthcheck_fails_when_no_worker_answers(settings, monkeypatch):
    from huey.exceptions import ResultTimeout

    from cvv.core import tasks

    class Pending:
        def get(self, blocking, timeout):
            raise ResultTimeout("timeout")

    monkeypatch.setattr(tasks, "ping", lambda token: Pending())
    with pytest.raises(CommandError, match="Aucun exécuteur de tâches n’a répondu en 2 s"):
        call_command("healthcheck", "--worker", "--timeout", "2")


def test_healthcheck_refuses_an_unbounded_timeout():
    with pytest.raises(CommandError, match="--timeout"):
        call_command("healthcheck", "--timeout", "100000")
