"""A deadline to confirm a place freed from the waiting list: the place is offered, held until
the deadline, confirmed by the person through their link; released to the next in line by the
periodic task when the deadline passes."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cvv.events import offers, services, tokens
from tests.events.factories import make_event, person

pytestmark = pytest.mark.django_db


def register(event, n):
    return services.registration_create(event=event, category="public", **person(n))


def cancel(registration):
    return services.registration_cancel(registration=registration,
                                        token=tokens.make(registration, tokens.MANAGE))  # fmt: skip


def states(event):
    return list(event.registrations.order_by("pk").values_list("state", flat=True))


def test_freed_place_is_offered_with_a_deadline(django_capture_on_commit_callbacks):
    event = make_event(quotas={"public": 1}, confirm_within_days=3)
    first, second, third = register(event, 1), register(event, 2), register(event, 3)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(first)
    second.refresh_from_db()
    assert states(event) == ["cancelled", "offered", "waitlisted"]
    delay = second.confirm_by - timezone.now()
    assert dt.timedelta(days=2, hours=23) < delay <= dt.timedelta(days=3)
    offered = [m for m in mail.outbox if "confirmez-la" in m.subject]
    assert len(offered) == 1 and offered[0].to == ["p2@exemple.fr"]
    assert "Confirmez votre place avant le" in offered[0].body
    # the offered place is held: a new registration goes to the waiting list
    assert register(event, 4).state == "waitlisted"
    with pytest.raises(PermissionDenied):
        offers.offer_accept(registration=second, token=tokens.make(third, tokens.MANAGE))
    offers.offer_accept(registration=second, token=tokens.make(second, tokens.MANAGE))
    second.refresh_from_db()
    assert second.state == "confirmed" and second.confirm_by is None
    with pytest.raises(ValidationError, match="Aucune place"):
        offers.offer_accept(registration=second, token=tokens.make(second, tokens.MANAGE))


def test_expired_offers_go_to_the_next_in_line(django_capture_on_commit_callbacks):
    event = make_event(quotas={"public": 1}, confirm_within_days=2)
    first, second, third = register(event, 1), register(event, 2), register(event, 3)
    cancel(first)
    assert offers.offers_release() == 0  # not yet
    later = timezone.now() + dt.timedelta(days=2, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert offers.offers_release(now=later) == 1
    assert states(event) == ["cancelled", "cancelled", "offered"]
    assert any("Place non confirmée à temps" in m.subject and m.to == ["p2@exemple.fr"]
               for m in mail.outbox)  # fmt: skip
    with pytest.raises(ValidationError):
        offers.offer_accept(registration=second, token=tokens.make(second, tokens.MANAGE))
    # late confirmation refused even before the task runs
    third.refresh_from_db()
    third.confirm_by = timezone.now() - dt.timedelta(minutes=1)
    third.save(update_fields=["confirm_by"])
    with pytest.raises(ValidationError, match="délai"):
        offers.offer_accept(registration=third, token=tokens.make(third, tokens.MANAGE))
    call_command("events", "release-offers")
    assert states(event) == ["cancelled", "cancelled", "cancelled"]


def test_without_a_deadline_the_place_is_confirmed_at_once():
    event = make_event(quotas={"public": 1})
    first, second = register(event, 1), register(event, 2)
    cancel(first)
    assert states(event) == ["cancelled", "confirmed"]
    assert second.__class__.objects.get(pk=second.pk).confirm_by is None


def test_offered_person_is_not_checked_in_before_confirming(users):
    event = make_event(quotas={"public": 1}, confirm_within_days=1)
    first, second = register(event, 1), register(event, 2)
    cancel(first)
    with pytest.raises(ValidationError, match="pas encore confirmé"):
        services.check_in_by_code(event=event, code=tokens.make(second, tokens.CHECK_IN),
                                  actor=users["instructor"])  # fmt: skip


def test_confirm_page(client):
    event = make_event(quotas={"public": 1}, confirm_within_days=3)
    first, second = register(event, 1), register(event, 2)
    cancel(first)
    token = tokens.make(second, tokens.MANAGE)
    page = client.get(reverse("events:registration", args=[token])).content.decode()
    assert "Confirmer ma place" in page and "Place proposée, à confirmer" in page
    done = client.post(reverse("events:confirm_offer", args=[token]), follow=True)
    assert "place confirmée" in done.content.decode()
    second.refresh_from_db()
    assert second.state == "confirmed"
    again = client.post(reverse("events:confirm_offer", args=[token]), follow=True)
    assert "Aucune place n’attend votre confirmation" in again.content.decode()
    assert client.post(reverse("events:confirm_offer", args=["1:forged"])).status_code == 404
