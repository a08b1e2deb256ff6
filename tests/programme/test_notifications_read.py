"""Notifications are marked read one by one (« Marquer comme lue »), all at once, or by
opening them (their link marks them read); the header counts the unread ones."""

import re

import pytest
from django.urls import reverse

from cvv.programme.services.notify import notify

pytestmark = pytest.mark.django_db


def _header_count(client):
    page = client.get(reverse("programme:notifications")).content.decode()
    found = re.search(r'data-testid="notifications">Notifications <span class="badge">(\d+)', page)
    return int(found.group(1)) if found else 0


def _three(user):
    return [
        notify(user, kind="conversation", text=f"Nouveau message n°{i}", url=url, key=f"t:{i}")
        for i, url in enumerate(["/programme/", "/tableau-de-bord/", ""])
    ]


def test_each_notification_is_marked_read_alone(client, users):
    agent = users["commune_agent"]
    first, second, third = _three(agent)
    client.force_login(agent)
    assert _header_count(client) == 3
    page = client.get(reverse("programme:notifications")).content.decode()
    assert page.count("Marquer comme lue") == 3 and "Tout marquer comme lu" in page
    response = client.post(
        reverse("programme:notification_read", args=[second.pk]), {"depuis": "notifications"}
    )
    assert response.status_code == 302 and response.url == reverse("programme:notifications")
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.read_at is not None and first.read_at is None
    page = client.get(reverse("programme:notifications")).content.decode()
    assert "Notification « Nouveau message n°1 » marquée comme lue." in page
    assert page.count("Marquer comme lue<") == 2
    assert _header_count(client) == 2
    # All at once.
    client.post(reverse("programme:notifications_read"), {"depuis": "notifications"})
    assert _header_count(client) == 0
    third.refresh_from_db()
    assert third.read_at is not None


def test_opening_a_notification_follows_its_link_and_marks_it_read(client, users):
    agent = users["commune_agent"]
    first, _second, third = _three(agent)
    client.force_login(agent)
    page = client.get(reverse("programme:notifications")).content.decode()
    opening = reverse("programme:notification_open", args=[first.pk])
    assert f'href="{opening}"' in page
    response = client.get(opening)
    assert response.status_code == 302 and response.url == "/programme/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert _header_count(client) == 2
    # A notification without a link leads back to the list.
    third.url = "https://ailleurs.example/piege"
    third.save(update_fields=["url"])
    response = client.get(reverse("programme:notification_open", args=[third.pk]))
    assert response.url == reverse("programme:notifications")


def test_another_persons_notification_is_not_found(client, users):
    mine = notify(users["commune_agent"], kind="conversation", text="À moi", url="/", key="m")
    client.force_login(users["other_commune_agent"])
    assert client.post(reverse("programme:notification_read", args=[mine.pk])).status_code == 404
    assert client.get(reverse("programme:notification_open", args=[mine.pk])).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None
