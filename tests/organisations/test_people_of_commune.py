"""One "people of a commune" selector, honouring e-mail preferences for every notification
(programme and FIMACS alike)."""

import pytest

from cvv.funding.models import Dossier
from cvv.funding.notifications import commune_recipients, organisation_recipients
from cvv.funding.services import instruction
from cvv.organisations.enums import Role
from cvv.organisations.models import Organisation
from cvv.organisations.selectors import (
    emails_of,
    people_of_commune,
    people_of_organisation,
    refusing_email,
)
from cvv.programme.models import ReminderPreference
from tests.factories import commune, make_user
from tests.funding.factories import make_draft, walk


def refuse_emails(user):
    ReminderPreference.objects.update_or_create(user=user, defaults={"by_email": False})


@pytest.mark.django_db
def test_people_of_commune_are_its_active_commune_side_people(users):
    aulnay = commune("93005")
    people = set(people_of_commune(aulnay))
    assert people == {users["commune_agent"], users["commerce_manager"]}
    # Another commune's agent, the territory's agent and staff are not the commune's people.
    assert users["other_commune_agent"] not in people
    assert users["territory_agent"] not in people
    assert users["instructor"] not in people
    # A narrower role set.
    assert set(people_of_commune(aulnay, roles={Role.COMMERCE_MANAGER})) == {
        users["commerce_manager"]
    }
    # A deactivated account, or an ended membership, is no longer one of them.
    users["commerce_manager"].is_active = False
    users["commerce_manager"].save()
    users["commune_agent"].memberships.update(is_active=False)
    assert list(people_of_commune(aulnay)) == []


@pytest.mark.django_db
def test_wants_email_leaves_out_who_turned_emails_off(users):
    aulnay = commune("93005")
    refuse_emails(users["commerce_manager"])
    # Other preferences switched off do not count: only e-mails are asked about.
    ReminderPreference.objects.create(user=users["commune_agent"], overdue_action=False)
    assert set(people_of_commune(aulnay)) == {users["commune_agent"], users["commerce_manager"]}
    assert set(people_of_commune(aulnay, wants_email="notifications")) == {users["commune_agent"]}
    assert emails_of(people_of_commune(aulnay, wants_email="notifications")) == [
        users["commune_agent"].email
    ]


@pytest.mark.django_db
def test_unknown_preference_is_an_error_not_everyone(users):
    with pytest.raises(ValueError, match="Unknown e-mail preference: 'newsletter'"):
        people_of_commune(commune("93005"), wants_email="newsletter")
    with pytest.raises(ValueError, match="Unknown e-mail preference"):
        refusing_email("by_email")  # the field's name is not the preference's


@pytest.mark.django_db
def test_people_of_organisation_honours_preferences(users):
    partner = Organisation.objects.get(name="CCI Paris Île-de-France")
    second = make_user(role=Role.PARTNER_EXPERT, partner=partner.name, email="b@test.cvv")
    assert set(people_of_organisation(partner)) == {users["partner_expert"], second}
    refuse_emails(second)
    assert organisation_recipients(partner) == [users["partner_expert"].email]


@pytest.mark.django_db
def test_fimacs_emails_honour_the_preference(users, mailoutbox, django_capture_on_commit_callbacks):
    """The FIMACS e-mails used to ignore the preference; they go through the selector now."""
    refuse_emails(users["commerce_manager"])
    assert commune_recipients(commune("93005")) == [users["commune_agent"].email]
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.SUBMITTED, users)
    with django_capture_on_commit_callbacks(execute=True):
        instruction.dossier_instruct(
            dossier=dossier, name="request_completion", actor=users["instructor"], reason="Devis"
        )
    assert mailoutbox[-1].to == [users["commune_agent"].email]


@pytest.mark.django_db
def test_candidature_emails_honour_the_preference(users, mailoutbox):
    from cvv.programme.models import Candidature
    from cvv.programme.tasks import send_candidature_email
    from tests.programme.factories import make_edition

    candidature = Candidature.objects.create(
        edition=make_edition(),
        commune=commune("93005"),
        created_by=users["commune_agent"],
        state=Candidature.State.COMPLETION_REQUESTED,
    )
    send_candidature_email(candidature.pk, "completion")
    assert set(mailoutbox[-1].to) == {users["commune_agent"].email, users["commerce_manager"].email}
    refuse_emails(users["commune_agent"])
    send_candidature_email(candidature.pk, "completion")
    assert mailoutbox[-1].to == [users["commerce_manager"].email]
