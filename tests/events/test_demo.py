"""The demo data of the events module loads through the services, once."""

import pytest

from cvv.events import demo, jury, publications, workshops
from cvv.events.models import AwardCategory, Event, JuryReview, Nomination, Registration
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
    # workshops chosen within their places; a deadline to confirm a freed place
    assert upcoming.confirm_within_days == 3
    for workshop in workshops.workshops_of(upcoming):
        assert 0 < workshop.taken <= workshop.capacity
    # last year's laureates are the two best of the jury's ranking
    prize = AwardCategory.objects.get(event__slug="assises-demo-precedentes")
    ranked = [row.nomination.state for row in jury.ranking(prize)]
    assert ranked[:2] == ["laureate", "laureate"] and JuryReview.objects.count() == 10
    demo.load()
    assert Registration.objects.count() == 103
    previous = Event.objects.get(slug="assises-demo-precedentes")
    assert previous.registrations.filter(state="attended").count() == 24
    assert publications.published(previous)
    assert publications.documents_of(previous).count() == 3
    for event in Event.objects.filter(synthetic=True):
        for session in event.sessions.all():
            assert event.starts_at <= session.starts_at < session.ends_at <= event.ends_at
