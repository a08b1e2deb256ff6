"""Messages that reach people (issue 10): a message to the commune is notified in the platform
(header count, notifications page) and by e-mail with a link; the commune's message reaches
the dossier's followers, or every instructor when nobody follows it."""

import pytest
from django.urls import reverse

from cvv.funding.models import Dossier
from cvv.funding.services import instruction
from cvv.funding.services.queues import dossier_follow
from cvv.programme.models import Notification, ReminderPreference
from tests.funding.factories import make_draft, walk

pytestmark = pytest.mark.django_db


def test_a_message_to_the_commune_reaches_it(
    client, users, mailoutbox, django_capture_on_commit_callbacks
):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    Notification.objects.all().delete()
    mailoutbox.clear()
    # The commerce manager turned notification e-mails off: the platform still tells them.
    ReminderPreference.objects.create(user=users["commerce_manager"], by_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        instruction.message_post(dossier=dossier, actor=users["instructor"], text="Devis signé ?")
    (mail,) = mailoutbox
    assert mail.to == [users["commune_agent"].email]
    assert "Devis signé ?" in mail.body and f"/fimacs/dossiers/{dossier.pk}/" in mail.body
    for person in ("commune_agent", "commerce_manager"):
        assert users[person].programme_notifications.get().text.endswith("Devis signé ?")
    client.force_login(users["commune_agent"])
    home = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="notifications">Notifications <span class="badge">1<' in home
    page = client.get(reverse("programme:notifications")).content.decode()
    assert "Nouveau message de la Métropole" in page
    # The notification's link opens the dossier (and marks the notification read).
    notification = users["commune_agent"].programme_notifications.get()
    opening = reverse("programme:notification_open", args=[notification.pk])
    assert f'href="{opening}"' in page
    assert client.get(opening).url == f"/fimacs/dossiers/{dossier.pk}/"
    client.post(reverse("programme:notifications_read"), {"depuis": "notifications"})
    home = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="notifications">Notifications</a>' in home
    assert not Notification.objects.filter(user=users["instructor"]).exists()


def test_the_communes_message_reaches_its_followers_else_every_instructor(
    users, mailoutbox, django_capture_on_commit_callbacks
):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    Notification.objects.all().delete()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        instruction.message_post(dossier=dossier, actor=users["commune_agent"], text="Voici.")
    assert [m.to for m in mailoutbox] == [[users["instructor"].email]]
    dossier_follow(dossier=dossier, actor=users["instructor"], user=users["metropole_admin"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        instruction.message_post(dossier=dossier, actor=users["commune_agent"], text="Et ceci.")
    assert [m.to for m in mailoutbox] == [[users["metropole_admin"].email]]
    assert not Notification.objects.filter(user=users["commune_agent"]).exists()
