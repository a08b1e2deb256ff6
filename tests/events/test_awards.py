"""Awards of the Assises: who nominates, who decides, what is public; and the guards of the
events' workflows fired from the services themselves."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cvv.core.workflows import TransitionDenied
from cvv.events import awards, selectors, services
from tests.events.factories import make_award, make_event
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_only_the_communes_people_or_staff_nominate_once_before_closing(users):
    event = make_event()
    award = make_award(event)
    aulnay = commune("93005")
    with pytest.raises(PermissionDenied):
        awards.nomination_submit(award=award, commune=aulnay, project="P", pitch="x",
                                 actor=users["other_commune_agent"])  # fmt: skip
    with pytest.raises(PermissionDenied):  # a territory agent follows, does not nominate
        awards.nomination_submit(award=award, commune=aulnay, project="P", pitch="x",
                                 actor=users["territory_agent"])  # fmt: skip
    nomination = awards.nomination_submit(award=award, commune=aulnay, project="P", pitch="x",
                                          actor=users["commerce_manager"])  # fmt: skip
    with pytest.raises(ValidationError, match="déjà candidate"):
        awards.nomination_submit(award=award, commune=aulnay, project="Q", pitch="y",
                                 actor=users["instructor"])  # fmt: skip
    award.nominations_close_at = timezone.now() - dt.timedelta(minutes=1)
    award.save()
    with pytest.raises(ValidationError, match="closes"):
        awards.nomination_submit(award=award, commune=commune("93048"), project="R", pitch="z",
                                 actor=users["other_commune_agent"])  # fmt: skip
    assert list(selectors.nominations_visible_to(users["other_commune_agent"])) == []
    assert list(selectors.nominations_visible_to(users["territory_agent"])) == [nomination]


def test_jury_guards_and_opinion(users):
    award = make_award(make_event())
    nomination = awards.nomination_submit(award=award, commune=commune("93005"), project="P",
                                          pitch="x", actor=users["commune_agent"])  # fmt: skip
    for role in ("commune_agent", "finance_officer", "partner_expert"):
        with pytest.raises(TransitionDenied):
            awards.nomination_transition(nomination=nomination, name="award",
                                         actor=users[role], reason="Bravo")  # fmt: skip
    with pytest.raises(ValidationError):  # the jury's opinion is required
        awards.nomination_transition(nomination=nomination, name="award",
                                     actor=users["instructor"])  # fmt: skip
    with pytest.raises(TransitionDenied):  # another commune cannot withdraw it
        awards.nomination_transition(nomination=nomination, name="withdraw",
                                     actor=users["other_commune_agent"])  # fmt: skip
    awards.nomination_transition(nomination=nomination, name="award", actor=users["instructor"],
                                 reason="Projet exemplaire")  # fmt: skip
    assert [n.pk for n in selectors.laureates(award.event)] == [nomination.pk]


def test_event_workflow_guard(users):
    event = make_event(state="draft")
    with pytest.raises(TransitionDenied):
        services.event_transition(event=event, name="publish", actor=users["commune_agent"])
    services.event_transition(event=event, name="publish", actor=users["instructor"])
    with pytest.raises(ValidationError):
        services.event_transition(event=event, name="cancel", actor=users["instructor"])
    assert list(selectors.events_visible_to(None)) == [event]


def test_a_session_lies_within_its_event(users):
    from cvv.events.models import Session

    event = make_event()
    outside = Session(event=event, title="Avant", kind="talk",
                      starts_at=event.starts_at - dt.timedelta(hours=2),
                      ends_at=event.starts_at - dt.timedelta(hours=1))  # fmt: skip
    with pytest.raises(ValidationError, match="pendant l’événement"):
        services.session_save(session=outside, actor=users["instructor"])
    with pytest.raises(PermissionDenied):
        services.session_save(session=outside, actor=users["commune_agent"])
