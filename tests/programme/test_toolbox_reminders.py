import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from cvv.programme.models import Action, Notification, Resource
from cvv.programme.selectors import resources_visible_to
from cvv.programme.services import reminders, toolbox
from tests.documents.helpers import pdf, upload
from tests.programme.factories import make_accompaniment

pytestmark = pytest.mark.django_db


def resource(users, **fields):
    defaults = {
        "title": "Guide du bail commercial",
        "category": "legal",
        "tags": "bail, juridique ,  commerce",
        "author": "CCI Paris Île-de-France",
        "summary": "Les clauses essentielles du bail commercial.",
        "body": "Durée de neuf ans, révision triennale du loyer…",
    }
    return toolbox.resource_save(actor=users["instructor"], **{**defaults, **fields})


def test_publication_workflow_and_visibility(users):
    item = resource(users)
    assert item.tags == "bail, juridique, commerce"
    assert item not in resources_visible_to(users["commune_agent"])
    toolbox.resource_transition(resource=item, name="submit_review", actor=users["instructor"])
    toolbox.resource_transition(resource=item, name="publish", actor=users["metropole_admin"])
    assert item.state == Resource.State.PUBLISHED and item.last_reviewed_on
    assert item in resources_visible_to(users["commune_agent"])


def test_search_and_expiry(users):
    item = resource(users, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    resource(users, title="Fiche vitrine", tags="devanture", summary="Rénover les vitrines.")
    assert list(Resource.objects.search("triennale bail")) == [item]
    assert list(Resource.objects.search("JURIDIQUE")) == [item]
    assert item.is_expired
    with pytest.raises(ValidationError, match="futur"):
        toolbox.resource_mark_reviewed(
            resource=item, expires_on=timezone.localdate(), actor=users["instructor"]
        )
    toolbox.resource_mark_reviewed(
        resource=item,
        expires_on=timezone.localdate() + datetime.timedelta(days=365),
        actor=users["instructor"],
    )
    assert not item.is_expired


def test_attachment_checked_and_bookmarks(users):
    item = resource(users)
    with pytest.raises(ValidationError, match="non reconnu"):
        toolbox.attachment_add(
            resource=item,
            uploaded_file=upload("x.exe", b"\x00\x01binaire"),
            title="",
            actor=users["instructor"],
        )
    attachment = toolbox.attachment_add(
        resource=item, uploaded_file=pdf("modele.pdf"), title="", actor=users["instructor"]
    )
    assert attachment.title == "modele.pdf" and attachment.content_type == "application/pdf"
    assert toolbox.bookmark_toggle(resource=item, user=users["commune_agent"]) is True
    assert toolbox.bookmark_toggle(resource=item, user=users["commune_agent"]) is False


def test_reminders_respect_preferences_and_do_not_repeat(users, django_capture_on_commit_callbacks):
    accompaniment = make_accompaniment(referent=users["instructor"])
    accompaniment.members.create(user=users["instructor"], kind="referent")
    Action.objects.create(
        accompaniment=accompaniment,
        title="Créer l’association des commerçants",
        owner=users["commune_agent"],
        deadline=timezone.localdate() - datetime.timedelta(days=5),
        created_by=users["commune_agent"],
    )
    reminders.preferences_update(
        user=users["commune_agent"], actor=users["commune_agent"], by_email=False
    )
    reminders.preferences_update(
        user=users["metropole_admin"], actor=users["metropole_admin"], overdue_action=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = reminders.reminders_send()
    assert counts["notifications"] == 2  # the owner and the referent
    assert Notification.objects.filter(user=users["commune_agent"]).count() == 1
    assert [m.to for m in mail.outbox] == [[users["instructor"].email]]
    assert "Créer l’association" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders.reminders_send()
    assert again["notifications"] == 0 and len(mail.outbox) == 1


def test_inactive_accompaniment_reminder_and_command(users, django_capture_on_commit_callbacks):
    accompaniment = make_accompaniment(referent=users["instructor"])
    accompaniment.last_activity_at = timezone.now() - datetime.timedelta(days=45)
    accompaniment.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("programme", "send-reminders", verbosity=0)
    notification = Notification.objects.get(user=users["instructor"])
    assert "sans activité depuis 45 jours" in notification.text


def test_command_rejects_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("programme", "send-reminders", "--date", "26/11/2026")


def test_daily_periodic_task_sends_the_reminders(users):
    from cvv.programme import tasks

    accompaniment = make_accompaniment(referent=users["instructor"])
    accompaniment.last_activity_at = timezone.now() - datetime.timedelta(days=31)
    accompaniment.save()
    counts = tasks.daily_reminders.call_local()
    assert counts["notifications"] == 1


def test_home_cards_for_commune_and_staff(client, users):
    from django.urls import reverse

    make_accompaniment()
    client.force_login(users["commune_agent"])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Accompagnement : Aulnay-sous-Bois" in page
    client.force_login(users["instructor"])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Candidatures à instruire" in page


def test_editors_list_resources_to_review(client, users):
    from django.urls import reverse

    resource(
        users, title="Ancienne fiche", expires_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    resource(
        users, title="Fiche à jour", expires_on=timezone.localdate() + datetime.timedelta(days=90)
    )
    client.force_login(users["instructor"])
    page = client.get(reverse("programme:toolbox") + "?a_relire=1").content.decode()
    assert "Ancienne fiche" in page and "Fiche à jour" not in page
    assert "Ressources à relire (1)" in client.get(reverse("dashboard:home")).content.decode()


def test_attachment_file_removed_when_its_row_cannot_be_saved(users, monkeypatch):
    from django.core.files.storage import default_storage
    from django.db import DatabaseError

    from cvv.programme.models import ResourceAttachment

    def stored():
        return (
            set(default_storage.listdir("toolbox")[1])
            if default_storage.exists("toolbox")
            else set()
        )

    item = resource(users)
    before = stored()

    def fail(self, *args, **kwargs):
        raise DatabaseError("panne simulée")

    monkeypatch.setattr(ResourceAttachment, "save", fail)
    with pytest.raises(DatabaseError):
        toolbox.attachment_add(
            resource=item, uploaded_file=pdf("modele.pdf"), title="", actor=users["instructor"]
        )
    assert stored() == before
