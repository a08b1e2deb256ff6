"""Never more confirmed people than places under concurrent registrations, on PostgreSQL.

200 people register at the same moment (16 connections, released together) for the last 20
places: exactly 20 are confirmed and the rest waitlisted; then 5 confirmed people cancel at
the same moment and exactly the 5 first of the waiting list are promoted, in order.
SQLite serialises every write transaction on the whole database: nothing to race there."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from cvv.events import services, tokens
from cvv.events.models import Registration
from tests.events.factories import make_event, person

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (SQLite serialises whole-database writes)",
)


def _restore(saved):
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(saved)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


@pytest.fixture
def _restore_database(_saved_database, django_db_blocker):
    """A transactional test before this one flushed every table: put the reference data back
    (the session snapshot of tests/conftest.py)."""
    from cvv.territories.models import Commune

    with django_db_blocker.unblock():
        if not Commune.objects.exists():
            _restore(_saved_database)


def _concurrently(calls, workers=16):
    barrier = threading.Barrier(workers)

    def run(call):
        try:
            # the tail of the batch has fewer calls than workers: it waits, then goes
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=10)
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, calls))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_registrations_for_20_places(_restore_database):
    event = make_event(quotas={"public": 20})
    calls = [
        (lambda n=n: services.registration_create(event=event, category="public", **person(n)))
        for n in range(200)
    ]
    _concurrently(calls)
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(state="confirmed").count() == 20
    assert registrations.filter(state="waitlisted").count() == 180

    waiting = list(registrations.filter(state="waitlisted").order_by("created_at", "pk")[:5])
    leaving = list(registrations.filter(state="confirmed")[:5])
    _concurrently([
        (lambda r=r: services.registration_cancel(registration=r,
                                                  token=tokens.make(r, tokens.MANAGE)))
        for r in leaving
    ], workers=5)  # fmt: skip
    assert registrations.filter(state="confirmed").count() == 20
    promoted = set(registrations.filter(state="confirmed").values_list("pk", flat=True))
    assert {r.pk for r in waiting} <= promoted
    assert registrations.filter(state="waitlisted").count() == 175
