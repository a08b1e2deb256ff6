"""Long conversations are paginated, newest first: 1,200 messages never render whole, and
any `?messages=` value (text, huge, negative) answers a page, never a 500."""

import re

import pytest
from django.urls import reverse

from cvv.funding.models import DossierMessage
from cvv.programme.models import Message
from tests.funding.factories import make_draft
from tests.programme.factories import make_accompaniment

pytestmark = pytest.mark.django_db
TOTAL = 1200
PAGE_SIZE = 50
ODD_PAGES = ["abc", "999999999999999999999", "-1", "0", "2.5", "9" * 5000, ""]


def _numbers(page):
    return [int(n) for n in re.findall(r"Message n°(\d+)\b", page)]


def _check_conversation(client, url, anchor):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    shown = _numbers(page)
    # The newest page, in reading order, and not the whole conversation.
    assert shown == list(range(TOTAL - PAGE_SIZE, TOTAL))
    assert f'href="?messages=2#{anchor}"' in page and "Messages plus anciens" in page
    assert "Page 1 sur 24" in page
    older = client.get(f"{url}?messages=2").content.decode()
    assert _numbers(older) == list(range(TOTAL - 2 * PAGE_SIZE, TOTAL - PAGE_SIZE))
    assert "Messages plus récents" in older
    oldest = client.get(f"{url}?messages=24").content.decode()
    assert _numbers(oldest)[0] == 0 and "Messages plus anciens" not in oldest
    for raw in ODD_PAGES:
        response = client.get(url, {"messages": raw})
        assert response.status_code == 200, raw[:30]
        assert len(_numbers(response.content.decode())) == PAGE_SIZE


def test_accompaniment_conversation_is_paginated(client, users):
    accompaniment = make_accompaniment("93005")
    Message.objects.bulk_create(
        Message(accompaniment=accompaniment, author=users["instructor"], body=f"Message n°{i}")
        for i in range(TOTAL)
    )
    client.force_login(users["commune_agent"])
    _check_conversation(
        client, reverse("programme:accompaniment", args=[accompaniment.pk]), "conversation"
    )


def test_private_notes_stay_out_of_the_commune_pages(client, users):
    accompaniment = make_accompaniment("93005")
    Message.objects.bulk_create(
        Message(
            accompaniment=accompaniment,
            author=users["instructor"],
            body=f"Message n°{i}",
            private=i % 2 == 1,
        )
        for i in range(200)
    )
    client.force_login(users["commune_agent"])
    url = reverse("programme:accompaniment", args=[accompaniment.pk])
    seen = []
    for number in (1, 2):
        seen += _numbers(client.get(url, {"messages": number}).content.decode())
    assert sorted(seen) == list(range(0, 200, 2))


def test_dossier_messages_are_paginated(client, users):
    dossier = make_draft(users["commune_agent"], documents=False)
    DossierMessage.objects.bulk_create(
        DossierMessage(dossier=dossier, author=users["instructor"], text=f"Message n°{i}")
        for i in range(TOTAL)
    )
    client.force_login(users["commune_agent"])
    _check_conversation(client, reverse("fimacs:dossier", args=[dossier.pk]), "messages")
