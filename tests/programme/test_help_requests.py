"""Any commune asks the Métropole for help from its home page, accompanied or not (issue 10,
as in Recoco): the request opens a conversation with the programme's staff, who are notified
in the platform and by e-mail and find it in their queue; their answer notifies the commune."""

import pytest
from django.core import mail
from django.urls import reverse

from cvv.core.workflows import TransitionDenied
from cvv.programme.models import HelpRequest, Notification
from cvv.programme.services.help import help_request_transition
from tests.factories import commune

pytestmark = pytest.mark.django_db

ASK = {
    "commune": "",
    "topic": "commercial",
    "subject": "Cellule vacante rue de Paris",
    "body": "Un local de 120 m² est vide depuis deux ans : que pouvons-nous faire ?",
}


def _ask(client, users, capture):
    agent = users["commune_agent"]
    client.force_login(agent)
    home = client.get(reverse("dashboard:home")).content.decode()
    create = reverse("programme:help_request_create")
    assert "Besoin d’aide ?" in home and f'href="{create}"' in home
    assert client.get(create).status_code == 200
    with capture(execute=True):
        response = client.post(create, {**ASK, "commune": commune("93005").pk})
    request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programme:help_request", args=[request.pk])
    return request


def test_a_commune_without_accompaniment_asks_and_the_staff_answer(
    client, users, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    request = _ask(client, users, capture)
    page = reverse("programme:help_request", args=[request.pk])
    assert request.commune.code == "93005" and request.awaiting == "metropole"
    # The staff: notified in the platform and by e-mail, with the link.
    instructor = users["instructor"]
    notification = Notification.objects.get(user=instructor, kind="help")
    assert "Nouvelle demande d’aide d’Aulnay-sous-Bois" in notification.text
    assert [m.to[0] for m in mail.outbox] == [instructor.email]
    assert page in mail.outbox[0].body
    # ... their home page counts it and opens the queue it counts.
    client.force_login(instructor)
    home = client.get(reverse("dashboard:home")).content.decode()
    queue = reverse("programme:help_requests") + "?file=a-traiter"
    assert "Demandes d’aide des communes à traiter" in home and f'href="{queue}"' in home
    listing = client.get(queue).content.decode()
    assert f'href="{page}"' in listing and 'data-testid="aide-a-traiter">1<' in listing
    # The staff answer: the request is theirs, the commune is notified.
    mail.outbox.clear()
    with capture(execute=True):
        client.post(
            reverse("programme:help_message_post", args=[request.pk]),
            {"body": "Nous pouvons saisir la foncière : rappelez-moi."},
        )
    request.refresh_from_db()
    assert request.handled_by == instructor and request.awaiting == "commune"
    agent = users["commune_agent"]
    assert Notification.objects.filter(user=agent, kind="help").count() == 1
    assert {m.to[0] for m in mail.outbox} == {agent.email, users["commerce_manager"].email}
    assert 'data-testid="aide-en-attente">1<' in client.get(queue).content.decode()
    # The commune answers back: only the staff member following it hears of it.
    mail.outbox.clear()
    client.force_login(agent)
    shown = client.get(page).content.decode()
    assert "Nous pouvons saisir la foncière" in shown
    with capture(execute=True):
        client.post(reverse("programme:help_message_post", args=[request.pk]), {"body": "Merci !"})
    assert [m.to[0] for m in mail.outbox] == [instructor.email]
    # Closed by the commune: no more messages until reopened.
    client.post(
        reverse("programme:help_request_transition", args=[request.pk]), {"transition": "close"}
    )
    request.refresh_from_db()
    assert request.state == "closed"
    client.post(reverse("programme:help_message_post", args=[request.pk]), {"body": "Encore"})
    assert request.messages.count() == 3
    client.post(
        reverse("programme:help_request_transition", args=[request.pk]), {"transition": "reopen"}
    )
    request.refresh_from_db()
    assert request.state == "open" and request.awaiting == "metropole"


def test_who_sees_and_who_writes(client, users, django_capture_on_commit_callbacks):
    request = _ask(client, users, django_capture_on_commit_callbacks)
    page = reverse("programme:help_request", args=[request.pk])
    post = reverse("programme:help_message_post", args=[request.pk])
    client.force_login(users["other_commune_agent"])
    assert client.get(page).status_code == 404
    assert client.post(post, {"body": "Intrus"}).status_code == 404
    client.force_login(users["partner_expert"])
    assert client.get(reverse("programme:help_requests")).status_code == 403
    assert client.get(reverse("programme:help_request_create")).status_code == 403
    # The territory reads, does not write.
    client.force_login(users["territory_agent"])
    assert client.get(page).status_code == 200
    assert client.post(post, {"body": "Agent de territoire"}).status_code == 403
    # The staff answer but do not ask for a commune.
    client.force_login(users["finance_officer"])
    assert client.get(reverse("programme:help_request_create")).status_code == 403
    with pytest.raises(TransitionDenied):
        help_request_transition(request=request, name="close", actor=users["territory_agent"])
    assert request.messages.count() == 1


def test_an_empty_request_is_refused_on_its_form(client, users):
    client.force_login(users["commune_agent"])
    response = client.post(reverse("programme:help_request_create"), {})
    assert response.status_code == 400 and not HelpRequest.objects.exists()
    assert "Ce champ est obligatoire." in response.content.decode()
