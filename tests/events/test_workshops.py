"""Workshop choices: among the event's workshops with places, never more than their
capacity, not two at the same time, only for a person holding a place; freed on
cancellation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.events import services, tokens, workshops
from cvv.events.models import Session, WorkshopChoice
from tests.events.factories import make_event, person

pytestmark = pytest.mark.django_db


def workshop(event, title, hour=1, capacity=2, kind="workshop", track=""):
    start = event.starts_at + dt.timedelta(hours=hour)
    return Session.objects.create(event=event, title=title, kind=kind, starts_at=start,
                                  ends_at=start + dt.timedelta(hours=1), capacity=capacity,
                                  track=track)  # fmt: skip


def register(event, n, chosen=(), category="public"):
    return services.registration_create(event=event, category=category,
                                        workshops=[w.pk for w in chosen], **person(n))  # fmt: skip


def test_capacity_of_each_workshop_is_never_exceeded():
    event = make_event(quotas={"public": 10})
    a, b = workshop(event, "Vitrines", capacity=2), workshop(event, "Marchés", hour=3)
    register(event, 1, [a, b])
    register(event, 2, [a])
    with pytest.raises(ValidationError, match="Atelier complet : « Vitrines »"):
        register(event, 3, [a])
    assert event.registrations.count() == 2  # the whole registration was refused
    third = register(event, 3, [b])
    assert [w.title for w in workshops.chosen_by(third)] == ["Marchés"]
    assert {w.title: w.taken for w in workshops.workshops_of(event)} == {"Vitrines": 2,
                                                                        "Marchés": 2}  # fmt: skip


def test_parallel_workshops_and_foreign_sessions_refused():
    event, other = make_event(quotas={"public": 5}), make_event(slug="autre")
    a = workshop(event, "Vitrines", track="A")
    b = workshop(event, "Logistique", track="B")
    plenary = workshop(event, "Plénière", hour=4, kind="plenary", capacity=None)
    foreign = workshop(other, "Ailleurs")
    with pytest.raises(ValidationError, match="en même temps"):
        register(event, 1, [a, b])
    for refused in (plenary, foreign):
        with pytest.raises(ValidationError, match="parmi les ateliers"):
            register(event, 1, [refused])


def test_waitlisted_people_choose_once_their_place_is_confirmed():
    event = make_event(quotas={"public": 1})
    a = workshop(event, "Vitrines")
    first = register(event, 1, [a])
    waiting = register(event, 2, [a])
    assert waiting.state == "waitlisted" and not waiting.choices.exists()
    token = tokens.make(waiting, tokens.MANAGE)
    with pytest.raises(ValidationError, match="une fois la place confirmée"):
        workshops.workshops_choose(registration=waiting, sessions=[a], token=token)
    services.registration_cancel(registration=first, token=tokens.make(first, tokens.MANAGE))
    assert not first.choices.exists()  # the seat is freed with the place
    waiting.refresh_from_db()
    workshops.workshops_choose(registration=waiting, sessions=[a.pk], token=token)
    assert [w.title for w in workshops.chosen_by(waiting)] == ["Vitrines"]


def test_only_the_person_or_the_organisers_change_the_choices(users):
    event = make_event(quotas={"public": 3})
    a, b = workshop(event, "Vitrines"), workshop(event, "Marchés", hour=3)
    mine, theirs = register(event, 1, [a]), register(event, 2)
    with pytest.raises(PermissionDenied):
        workshops.workshops_choose(registration=mine, sessions=[b],
                                   token=tokens.make(theirs, tokens.MANAGE))  # fmt: skip
    with pytest.raises(PermissionDenied):
        workshops.workshops_choose(registration=mine, sessions=[b], actor=users["commune_agent"])
    workshops.workshops_choose(registration=mine, sessions=[b], actor=users["instructor"])
    assert list(WorkshopChoice.objects.values_list("session__title", flat=True)) == ["Marchés"]


def test_pages_register_with_workshops_then_change_them(client):
    event = make_event(quotas={"public": 3})
    a, b = workshop(event, "Vitrines", capacity=1), workshop(event, "Marchés", hour=3)
    form = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert "Vitrines" in form and "1 place(s) restante(s)" in form
    response = client.post(reverse("events:register", args=[event.slug]), {
        **person(1), "category": "public", "consent": "on", "workshops": [str(a.pk)],
    })  # fmt: skip
    assert response.status_code == 302
    full = client.post(reverse("events:register", args=[event.slug]), {
        **person(2), "category": "public", "consent": "on", "workshops": [str(a.pk)],
    })  # fmt: skip
    assert full.status_code == 400 and "Atelier complet" in full.content.decode()
    registration = event.registrations.get()
    url = reverse("events:workshops", args=[tokens.make(registration, tokens.MANAGE)])
    assert "Vitrines" in client.get(url).content.decode()
    done = client.post(url, {"workshops": [str(b.pk)]}, follow=True)
    assert "1 atelier(s) choisi(s)" in done.content.decode()
    assert [w.title for w in workshops.chosen_by(registration)] == ["Marchés"]
