"""Registrations: quotas, waiting list promoted in order, signed cancel link, check-in codes."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.events import services, tokens
from cvv.events.models import Registration
from tests.events.factories import add_question, make_event, person

pytestmark = pytest.mark.django_db


def register(event, n, category="public", **extra):
    return services.registration_create(event=event, category=category, **person(n, **extra))


def states(event):
    return list(event.registrations.order_by("pk").values_list("state", flat=True))


def test_quota_then_waiting_list_per_category():
    event = make_event(quotas={"public": 2, "elected": 1})
    for n in range(4):
        register(event, n)
    register(event, 9, category="elected")
    assert states(event) == ["confirmed", "confirmed", "waitlisted", "waitlisted", "confirmed"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"events.registration.created", "events.registration.confirm",
            "events.registration.waitlist"} <= actions  # fmt: skip


def test_confirmation_email_carries_a_signed_cancel_link(django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, 1)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    token = tokens.make(registration, tokens.MANAGE)
    assert token in body and "Inscription confirmée" in mail.outbox[0].subject
    assert tokens.read(token, tokens.MANAGE) == registration.pk
    assert tokens.read(token + "x", tokens.MANAGE) is None
    # a check-in code is not a cancel link
    assert tokens.read(tokens.make(registration, tokens.CHECK_IN), tokens.MANAGE) is None


def test_cancelling_promotes_the_waiting_list_in_order(django_capture_on_commit_callbacks):
    event = make_event(quotas={"public": 2})
    people = [register(event, n) for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(
            registration=people[0], token=tokens.make(people[0], tokens.MANAGE)
        )
    assert [r.pk for r in promoted] == [people[2].pk]
    assert states(event) == ["cancelled", "confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert any("Une place s’est libérée" in m.subject for m in mail.outbox)


def test_a_forged_or_foreign_link_cancels_nothing():
    event = make_event()
    first, second = register(event, 1), register(event, 2)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=first, token=tokens.make(second, tokens.MANAGE))
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=first, token="1:forged")
    assert states(event) == ["confirmed", "confirmed"]


def test_only_organisers_cancel_someone_else(users):
    event = make_event()
    registration = register(event, 1)
    with pytest.raises(TransitionDenied):
        services.registration_cancel(registration=registration, actor=users["commune_agent"])
    services.registration_cancel(registration=registration, actor=users["instructor"])
    assert states(event) == ["cancelled"]


def test_one_active_registration_per_email_and_answers_checked():
    event = make_event()
    add_question(event, required=True)
    question = event.questions.get()
    with pytest.raises(ValidationError, match="obligatoire"):
        register(event, 1)
    with pytest.raises(ValidationError, match="réponses proposées"):
        register(event, 1, answers={str(question.pk): "Carnivore"})
    registration = register(event, 1, answers={str(question.pk): "Végétarien"})
    assert registration.answers == {str(question.pk): "Végétarien"}
    with pytest.raises(ValidationError, match="déjà inscrite"):
        register(event, 1, answers={str(question.pk): "Aucun"})


def test_members_only_events_refuse_people_without_a_role(users):
    event = make_event(audience="members")
    with pytest.raises(PermissionDenied):
        register(event, 1)
    registration = services.registration_create(
        event=event, category="public", user=users["commerce_manager"], **person(2)
    )
    assert registration.user == users["commerce_manager"]


def test_closed_or_draft_events_refuse_registrations():
    with pytest.raises(ValidationError, match="pas ouvertes"):
        register(make_event(state="draft"), 1)
    with pytest.raises(ValidationError, match="pas ouvertes"):
        register(make_event(slug="passe", days=-3), 1)


def test_check_in_refuses_forged_foreign_and_reused_codes(users):
    staff = users["instructor"]
    event, other = make_event(), make_event(slug="autre")
    registration, waiting = register(event, 1), None
    register(event, 2)
    waiting = register(event, 3)
    foreign = register(other, 4)
    with pytest.raises(ValidationError, match="falsifié"):
        services.check_in_by_code(event=event, code="1:abc", actor=staff)
    with pytest.raises(ValidationError, match="falsifié"):
        services.check_in_by_code(event=event, code=tokens.make(foreign, tokens.CHECK_IN),
                                  actor=staff)  # fmt: skip
    with pytest.raises(ValidationError, match="pas de place confirmée"):
        services.check_in_by_code(event=event, code=tokens.make(waiting, tokens.CHECK_IN),
                                  actor=staff)  # fmt: skip
    code = tokens.make(registration, tokens.CHECK_IN)
    with pytest.raises(PermissionDenied):
        services.check_in_by_code(event=event, code=code, actor=users["commune_agent"])
    services.check_in_by_code(event=event, code=code, actor=staff)
    registration.refresh_from_db()
    assert registration.state == "attended" and registration.checked_in_at is not None
    with pytest.raises(ValidationError, match="déjà utilisé"):
        services.check_in_by_code(event=event, code=code, actor=staff)


def test_never_more_confirmed_than_places_over_many_registrations_and_cancellations():
    """Sequential check of the invariant (the concurrent one runs on PostgreSQL)."""
    event = make_event(quotas={"public": 20})
    people = [register(event, n) for n in range(60)]
    for registration in people[:5]:
        services.registration_cancel(registration=registration,
                                     token=tokens.make(registration, tokens.MANAGE))  # fmt: skip
    confirmed = Registration.objects.filter(event=event, state="confirmed")
    assert confirmed.count() == 20
    promoted = [r.pk for r in people[20:25]]
    assert set(promoted) <= set(confirmed.values_list("pk", flat=True))
    assert event.registrations.filter(state="waitlisted").count() == 35
