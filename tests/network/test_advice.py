"""Advice requests: routed like the programme's expertise requests, answered by the
addressee, visible to the requester, the addressee and the staff."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from cvv.core.workflows import TransitionDenied
from cvv.network import advice, services
from cvv.network.enums import AdviceState
from cvv.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cci(users):
    organisation = Organisation.objects.get(name="CCI Paris Île-de-France")
    organisation.partner_type = "CCI"
    organisation.save()
    services.profile_save(actor=users["commerce_manager"], topics=[], in_directory=True)
    return organisation


def test_routing_follows_the_programme_table(users, cci):
    manager = users["commerce_manager"]
    commercial = advice.advice_request_create(
        actor=manager, domain="commercial", subject="Programmation", question="?"
    )
    assert commercial.organisation == cci  # CCI first for commercial programming
    general = advice.advice_request_create(
        actor=manager, domain="general", subject="Question", question="?"
    )
    assert general.organisation == advice.metropole()
    with pytest.raises(PermissionDenied):  # eligible but not joined
        advice.advice_request_create(
            actor=users["commune_agent"], domain="general", subject="?", question="?"
        )


def test_the_addressee_answers_and_the_requester_hears(
    users, cci, django_capture_on_commit_callbacks
):
    manager, expert = users["commerce_manager"], users["partner_expert"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = advice.advice_request_create(
            actor=manager, domain="commercial", subject="Programmation", question="?"
        )
    assert [m.to for m in mail.outbox] == [[expert.email]]
    assert list(advice.advice_visible_to(expert)) == [item]
    assert list(advice.advice_visible_to(users["fonciere_officer"])) == []
    assert list(advice.advice_visible_to(users["other_commune_agent"])) == []
    with pytest.raises(TransitionDenied):  # another partner
        advice.advice_transition(
            advice=item, name="answer", actor=users["fonciere_officer"], text="Oui"
        )
    with pytest.raises(TransitionDenied):  # the requester does not answer themself
        advice.advice_transition(advice=item, name="answer", actor=manager, text="Oui")
    with django_capture_on_commit_callbacks(execute=True):
        advice.advice_transition(advice=item, name="answer", actor=expert, text="Voici.")
    item.refresh_from_db()
    assert (item.state, item.answered_by, item.answer) == (AdviceState.ANSWERED, expert, "Voici.")
    assert mail.outbox[-1].to == [manager.email]
