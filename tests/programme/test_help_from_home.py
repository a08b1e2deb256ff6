"""A commune asks the Métropole for help from its home page (issue 10, as in Recoco): the
links open the accompaniment's conversation and the expertise request form, only for the
commune's people, and a message there reaches the team."""

import pytest
from django.core import mail
from django.urls import reverse

from cvv.programme.models import TeamMember
from tests.programme.factories import make_accompaniment

pytestmark = pytest.mark.django_db


def test_home_page_help_links_open_the_conversation_and_the_expertise_form(
    client, users, django_capture_on_commit_callbacks
):
    accompaniment = make_accompaniment("93005")
    accompaniment.referent = users["instructor"]
    accompaniment.save(update_fields=["referent"])
    TeamMember.objects.create(
        accompaniment=accompaniment, user=users["partner_expert"], kind="expert"
    )
    page = reverse("programme:accompaniment", args=[accompaniment.pk])
    expertise = reverse("programme:expertise_create", args=[accompaniment.pk])
    client.force_login(users["commune_agent"])
    home = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{page}#conversation"' in home and f'href="{expertise}"' in home
    assert client.get(expertise).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("programme:message_post", args=[accompaniment.pk]),
            {"body": "Pouvez-vous nous aider pour le bail du n° 12 ?"},
        )
    assert {m.to[0] for m in mail.outbox} == {
        users["instructor"].email,
        users["partner_expert"].email,
    }
    assert all(page in m.body for m in mail.outbox)
    # The partner expert on the team sees the accompaniment card, without the commune's links.
    client.force_login(users["partner_expert"])
    home = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{page}"' in home and f'href="{expertise}"' not in home
