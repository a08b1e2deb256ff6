"""Retention: registrations of events ended more than N months ago are anonymised (names,
e-mail, organisation, answers), counts and attendance kept; idempotent; task and command."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cvv.audit.models import AuditEntry
from cvv.events import retention, services
from cvv.events.models import Registration
from tests.events.factories import add_question, make_event, person


@pytest.mark.parametrize(("moment", "months", "expected"), [
    (dt.datetime(2026, 3, 31, 12), 1, dt.datetime(2026, 2, 28, 12)),
    (dt.datetime(2024, 3, 31, 12), 1, dt.datetime(2024, 2, 29, 12)),
    (dt.datetime(2026, 1, 15), 12, dt.datetime(2025, 1, 15)),
    (dt.datetime(2026, 1, 15), 13, dt.datetime(2024, 12, 15)),
    (dt.datetime(2026, 12, 1), 0, dt.datetime(2026, 12, 1)),
])  # fmt: skip
def test_months_before_golden_cases(moment, months, expected):
    assert retention.months_before(moment, months) == expected


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
       st.integers(min_value=0, max_value=240))  # fmt: skip
def test_months_before_goes_back_between_28_and_31_days_a_month(moment, months):
    earlier = retention.months_before(moment, months)
    assert earlier <= moment
    assert 28 * months - 3 <= (moment - earlier).days <= 31 * months
    assert (moment.year - earlier.year) * 12 + moment.month - earlier.month == months


def _past_event(slug, days_ago):
    event = make_event(slug=slug, quotas={"public": 5})
    question = add_question(event, kind="text", choices="")
    for n in range(3):
        services.registration_create(event=event, category="public",
                                     answers={str(question.pk): "Fauteuil"},
                                     organisation="Mairie", **person(f"{slug}{n}"))  # fmt: skip
    first = event.registrations.order_by("pk").first()
    first.state, first.checked_in_at = "attended", event.starts_at
    first.save()
    end = timezone.now() - dt.timedelta(days=days_ago)
    event.__class__.objects.filter(pk=event.pk).update(starts_at=end - dt.timedelta(hours=7),
                                                       ends_at=end)  # fmt: skip
    return event


@pytest.mark.django_db
def test_old_registrations_are_anonymised_counts_kept():
    old, recent = _past_event("ancien", 400), _past_event("recent", 100)
    assert retention.registrations_anonymise(months=12, dry_run=True) == 3
    assert retention.registrations_anonymise(months=12) == 3
    rows = Registration.objects.filter(event=old)
    assert rows.count() == 3 and rows.filter(state="attended").count() == 1
    for r in rows:
        assert r.first_name == "Personne" and r.email.endswith("@anonyme.invalid")
        assert r.answers == {} and r.organisation == "" and r.anonymised_at is not None
        assert "ancien" not in r.email
    assert all(r.answers for r in Registration.objects.filter(event=recent))
    assert AuditEntry.objects.get(action="events.registration.anonymised").data["count"] == 3
    assert retention.registrations_anonymise(months=12) == 0  # idempotent
    out = StringIO()
    call_command("events", "anonymise", "--months", "3", stdout=out)
    assert "3 inscription(s) anonymisée(s)" in out.getvalue()
    assert not Registration.objects.filter(email__contains="exemple.fr").exists()
