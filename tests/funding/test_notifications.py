"""E-mails queued on commit: the commune hears of completion requests, decisions and
payments; the partner's experts of the opinions asked of them."""

import pytest

from cvv.funding.models import Dossier, Opinion
from cvv.funding.services import instruction
from cvv.organisations.models import Organisation
from tests.funding.factories import make_draft, walk


@pytest.mark.django_db
def test_commune_and_experts_are_told(users, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = walk(make_draft(users["commune_agent"]), Dossier.State.SUBMITTED, users)
    # Filing is acknowledged to the commune and announced to the instructors (nobody follows
    # the dossier yet: every instructor), in the platform and by e-mail with the link.
    acknowledgement, announcement = mailoutbox
    assert "accusé de réception" in acknowledgement.subject
    assert set(acknowledgement.to) == {
        users["commune_agent"].email,
        users["commerce_manager"].email,
    }
    assert announcement.to == [users["instructor"].email]
    link = f"/fimacs/dossiers/{dossier.pk}/"
    assert link in acknowledgement.body and link in announcement.body
    assert users["commune_agent"].programme_notifications.get().url == link
    assert "Nouveau dossier FIMACS déposé" in users["instructor"].programme_notifications.get().text
    with django_capture_on_commit_callbacks(execute=True):
        instruction.dossier_instruct(
            dossier=dossier,
            name="request_completion",
            actor=users["instructor"],
            reason="Devis manquant",
        )
    message = mailoutbox[-1]
    assert "Compléments demandés" in message.subject
    assert set(message.to) == {users["commune_agent"].email, users["commerce_manager"].email}
    assert "Devis manquant" in message.body
    assert users["other_commune_agent"].email not in message.to


@pytest.mark.django_db
def test_partner_experts_and_grant(users, mailoutbox, django_capture_on_commit_callbacks):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    with django_capture_on_commit_callbacks(execute=True):
        instruction.opinion_request(
            dossier=dossier,
            actor=users["instructor"],
            kind=Opinion.Kind.PARTNER,
            organisation=Organisation.objects.get(name="CCI Paris Île-de-France"),
            question="Viabilité ?",
        )
    assert mailoutbox[-1].to == [users["partner_expert"].email]
    with django_capture_on_commit_callbacks(execute=True):
        walk(dossier, Dossier.State.GRANTED, users)
    assert any("Aide accordée" in m.subject for m in mailoutbox)
