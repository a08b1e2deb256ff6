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


def _outcome(call):
    from django.core.exceptions import ValidationError

    def run():
        try:
            call()
            return "ok"
        except ValidationError:
            return "refused"

    return run


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_40_concurrent_choices_for_a_workshop_of_10_places(_restore_database):
    """Workshop places are counted under the event's row lock too."""
    import datetime as dt

    from cvv.events import workshops
    from cvv.events.models import Session

    event = make_event(quotas={"public": 40})
    start = event.starts_at + dt.timedelta(hours=1)
    workshop = Session.objects.create(event=event, title="Vitrines", kind="workshop",
                                      starts_at=start, ends_at=start + dt.timedelta(hours=1),
                                      capacity=10)  # fmt: skip
    people = [services.registration_create(event=event, category="public", **person(n))
              for n in range(40)]  # fmt: skip
    outcomes = _concurrently([
        _outcome(lambda r=r: workshops.workshops_choose(
            registration=r, sessions=[workshop.pk], token=tokens.make(r, tokens.MANAGE)))
        for r in people
    ])  # fmt: skip
    assert outcomes.count("ok") == 10 and outcomes.count("refused") == 30
    assert workshop.choices.count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_30_concurrent_registrations_choosing_a_workshop_of_10_places(_restore_database):
    """Choices made with the registration (the public API's `workshops`) too: a full workshop
    refuses the whole registration, exactly 10 get in."""
    import datetime as dt

    from cvv.events.models import Session

    event = make_event(quotas={"public": 30})
    start = event.starts_at + dt.timedelta(hours=1)
    workshop = Session.objects.create(event=event, title="Vitrines", kind="workshop",
                                      starts_at=start, ends_at=start + dt.timedelta(hours=1),
                                      capacity=10)  # fmt: skip
    outcomes = _concurrently([
        _outcome(lambda n=n: services.registration_create(
            event=event, category="public", workshops=[workshop.pk], **person(n)))
        for n in range(30)
    ])  # fmt: skip
    assert outcomes.count("ok") == 10 and outcomes.count("refused") == 20
    assert workshop.choices.count() == 10 == event.registrations.count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_release_runs_offer_each_freed_place_once(_restore_database):
    """Four runs of the release task at once: each expired offer is released once and each
    freed place offered to exactly one next person, in order."""
    import datetime as dt

    from django.utils import timezone

    from cvv.events import offers

    event = make_event(quotas={"public": 5}, confirm_within_days=1)
    people = [services.registration_create(event=event, category="public", **person(n))
              for n in range(20)]  # fmt: skip
    for r in people[:5]:
        services.registration_cancel(registration=r, token=tokens.make(r, tokens.MANAGE))
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(state="offered").count() == 5
    # the deadlines pass (the places offered next get a deadline one day ahead: not expired)
    registrations.filter(state="offered").update(
        confirm_by=timezone.now() - dt.timedelta(minutes=1)
    )
    released = _concurrently([offers.offers_release] * 4, workers=4)
    assert sum(released) == 5
    offered = registrations.filter(state="offered").order_by("created_at", "pk")
    assert [r.pk for r in offered] == [r.pk for r in people[10:15]]
    assert registrations.filter(state__in=["confirmed", "offered"]).count() == 5
