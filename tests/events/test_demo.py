"""The demo data of the events module loads through the services, once."""

import pytest

from cvv.events import demo
from cvv.events.models import Event, Nomination, Registration
from cvv.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_waiting_list_attendance_and_laureates():
    organisations_demo.load()
    demo.load()
    assert Event.objects.filter(synthetic=True).count() == 4
    upcoming = Event.objects.get(slug="assises-demo-prochaines")
    assert (
        upcoming.registrations.filter(category__category="public", state="waitlisted").count() == 3
    )
    assert upcoming.sessions.exclude(track="").count() == 4
    past = Event.objects.get(slug="formation-demo-vacance")
    assert past.registrations.filter(state="attended").count() == 16
    assert Nomination.objects.filter(state="laureate").count() == 2
    demo.load()
    assert Registration.objects.count() == 73
    for event in Event.objects.filter(synthetic=True):
        for session in event.sessions.all():
            assert event.starts_at <= session.starts_at < session.ends_at <= event.ends_at
