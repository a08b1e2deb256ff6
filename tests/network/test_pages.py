"""The pages of the network, end to end: a manager finds a peer and gets an answer."""

import pytest
from django.urls import reverse

from cvv.network import questions, services
from cvv.network.models import ContactRequest

pytestmark = pytest.mark.django_db


def test_a_manager_finds_a_peer_and_gets_an_answer(client, users):
    aulnay, montreuil = users["commerce_manager"], users["other_commune_agent"]
    services.profile_save(actor=aulnay, topics=["preemption"], in_directory=True)
    peer = services.profile_save(actor=montreuil, topics=["preemption"], in_directory=True)
    client.force_login(aulnay)
    page = client.get(reverse("network:match"), {"topic": "preemption", "text": "Un fonds"})
    content = page.content.decode()
    assert reverse("network:profile", kwargs={"pk": peer.pk}) in content
    assert "Compétence déclarée : Droit de préemption commercial" in content
    response = client.post(
        reverse("network:contact_create", kwargs={"pk": peer.pk}),
        {"topic": "preemption", "message": "Comment avez-vous préempté ce fonds ?"},
    )
    contact = ContactRequest.objects.get()
    assert response["Location"] == reverse("network:contact", kwargs={"pk": contact.pk})
    assert montreuil.email not in client.get(response["Location"]).content.decode()
    client.force_login(montreuil)
    response = client.post(
        reverse("network:contact_transition", kwargs={"pk": contact.pk}),
        {"transition": "accept", "answer": "Appelez-moi."},
        follow=True,
    )
    assert f"Demande de mise en relation n° {contact.pk} : acceptée." in response.content.decode()
    client.force_login(aulnay)
    content = client.get(reverse("network:contact", kwargs={"pk": contact.pk})).content.decode()
    assert montreuil.email in content and "Appelez-moi." in content
    # The question route too: asked, answered, retained.
    question = questions.question_ask(actor=aulnay, title="Préemption ?", topic="preemption")
    client.force_login(montreuil)
    client.post(reverse("network:answer_post", kwargs={"pk": question.pk}), {"body": "Oui."})
    answer = question.answers.get()
    client.force_login(aulnay)
    response = client.post(reverse("network:answer_accept", kwargs={"pk": answer.pk}), follow=True)
    assert "retenue pour « Préemption ? »" in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("network:match", {"topic": "inconnu"}),
        ("network:directory", {"territoire": "T99\x00", "topic": "x" * 500}),
        ("network:questions", {"theme": "\x00"}),
    ],
)
def test_hostile_filters_are_answered_not_crashed(client, users, url_name, params):
    services.profile_save(actor=users["commerce_manager"], topics=[], in_directory=True)
    client.force_login(users["commerce_manager"])
    assert client.get(reverse(url_name), params).status_code == 200


def test_a_bad_contact_form_is_a_400(client, users):
    services.profile_save(actor=users["commerce_manager"], topics=[], in_directory=True)
    peer = services.profile_save(actor=users["other_commune_agent"], topics=[], in_directory=True)
    client.force_login(users["commerce_manager"])
    url = reverse("network:contact_create", kwargs={"pk": peer.pk})
    assert client.post(url, {"topic": "inconnu", "message": ""}).status_code == 400
    assert not ContactRequest.objects.exists()


def test_dashboard_card_by_situation(client, users):
    services.profile_save(actor=users["commerce_manager"], topics=[], in_directory=True)
    home = reverse("dashboard:home")
    client.force_login(users["commune_agent"])  # eligible, not joined
    assert "Créer mon profil" in client.get(home).content.decode()
    client.force_login(users["commerce_manager"])
    assert "Demandes d’échange à traiter" in client.get(home).content.decode()
    client.force_login(users["economic_actor"])
    assert "Réseau des managers" not in client.get(home).content.decode()
