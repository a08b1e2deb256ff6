"""Concurrent committee decisions cannot both succeed (row locks), on PostgreSQL.

SQLite serialises every write transaction on the whole database, so there is nothing to
race there: the test is skipped with that reason. On PostgreSQL two threads, each with its
own connection, decide at the same moment (a barrier releases them together)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cvv.funding.models import Dossier, Envelope
from cvv.funding.services import committee
from tests.funding.factories import make_draft, make_envelope, walk

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
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def _restore_database(_saved_database, django_db_blocker):
    from cvv.territories.models import Commune

    with django_db_blocker.unblock():
        if not Commune.objects.exists():  # flushed by the previous transactional test
            _restore(_saved_database)


def _ready(users):
    return walk(make_draft(users["commune_agent"]), Dossier.State.READY_FOR_COMMITTEE, users)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except ValidationError as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _session(edition, actor, title):
    return committee.session_create(
        edition=edition, title=title, date=datetime.date(2026, 6, 1), actor=actor
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_grants_cannot_both_consume_the_last_of_the_envelope(_restore_database, users):
    instructor = users["instructor"]
    first, second = _ready(users), _ready(users)
    envelope = make_envelope(first.edition, users["metropole_admin"], amount="100000")
    session = _session(first.edition, instructor, "Comité")
    items = [
        committee.agenda_add(session=session, dossier=d, actor=instructor) for d in (first, second)
    ]
    outcomes = _race(
        *[
            (
                lambda item=item: committee.decision_record(
                    item=item, decision="granted", actor=instructor
                )
            )
            for item in items
        ]
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    failure = next(o for o in outcomes if o != "ok")
    assert "insuffisante" in str(failure)
    envelope.refresh_from_db()
    assert envelope.committed == Decimal("63000")
    assert Dossier.objects.filter(state=Dossier.State.GRANTED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_decisions_on_one_dossier_cannot_both_succeed(_restore_database, users):
    instructor = users["instructor"]
    dossier = _ready(users)
    make_envelope(dossier.edition, users["metropole_admin"], amount="1000000")
    items = [
        committee.agenda_add(
            session=_session(dossier.edition, instructor, f"Comité {n}"),
            dossier=dossier,
            actor=instructor,
        )
        for n in (1, 2)
    ]
    outcomes = _race(
        *[
            (
                lambda item=item: committee.decision_record(
                    item=item, decision="granted", actor=instructor
                )
            )
            for item in items
        ]
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    assert Envelope.objects.get().committed == Decimal("63000")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.GRANTED and dossier.granted_amount == Decimal("63000")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_payment_cannot_be_validated_twice(_restore_database, users):
    from cvv.funding.services import payments

    agent, finance = users["commune_agent"], users["finance_officer"]
    dossier = walk(make_draft(agent), Dossier.State.CONVENTION_SIGNED, users)
    request = payments.payment_request_create(
        dossier=dossier, kind="advance", justified={}, actor=agent
    )
    outcomes = _race(
        lambda: payments.payment_validate(payment=request, actor=finance),
        lambda: payments.payment_validate(payment=request, actor=users["metropole_admin"]),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    dossier.refresh_from_db()
    assert dossier.paid_total == Decimal("18900.00")
    assert Envelope.objects.get(pk=dossier.envelope_id).paid == Decimal("18900.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_references(_restore_database, users):
    from cvv.funding.services import dossiers
    from tests.funding.factories import make_accompaniment

    agent, accompaniment = users["commune_agent"], make_accompaniment("93005")
    year = accompaniment.edition.year

    def create(title):
        dossiers.dossier_create(
            commune=accompaniment.commune,
            edition=accompaniment.edition,
            title=title,
            actor=agent,
        )

    create("Déjà déposé")  # the counter then starts after an existing reference
    outcomes = _race(*[(lambda n=n: create(f"Projet {n}")) for n in range(4)])
    assert outcomes == ["ok"] * 4, outcomes
    references = sorted(Dossier.objects.values_list("reference", flat=True))
    assert references == [f"FIM-{year}-{n:04d}" for n in range(1, 6)]
