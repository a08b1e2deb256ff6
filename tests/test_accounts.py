import re

import pytest
from django.core import mail
from django.urls import reverse

from cvv.api.models import ApiToken
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-de-test"


def test_login_by_email_is_case_insensitive(client):
    make_user(email="amina@test.cvv", role="commune_agent", commune="93005")
    response = client.post(
        reverse("accounts:login"), {"username": "Amina@Test.cvv", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:home")


def test_wrong_password_gives_an_error_tied_to_the_form(client):
    make_user(email="amina@test.cvv", role="commune_agent", commune="93005")
    response = client.post(
        reverse("accounts:login"), {"username": "amina@test.cvv", "password": "faux"}
    )
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()


def test_account_is_locked_after_five_failures(client):
    make_user(email="amina@test.cvv", role="commune_agent", commune="93005")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "amina@test.cvv", "password": "x"})
    response = client.post(
        reverse("accounts:login"), {"username": "amina@test.cvv", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()


def test_password_reset_sends_a_working_link(client, settings, django_capture_on_commit_callbacks):
    make_user(email="amina@test.cvv", role="commune_agent", commune="93005")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "amina@test.cvv"})
    assert len(mail.outbox) == 1
    site = re.escape(settings.SITE_URL.rstrip("/"))
    link = re.search(site + r"(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "un-nouveau-mot-de-passe-solide",
            "new_password2": "un-nouveau-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("accounts:login"),
        {"username": "amina@test.cvv", "password": "un-nouveau-mot-de-passe-solide"},
    )
    assert response.status_code == 302


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@test.cvv"})
    assert response.status_code == 302 and mail.outbox == []


def test_token_is_shown_once_and_stored_hashed(client, agent):
    client.force_login(agent)
    response = client.post(reverse("accounts:token_create"), {"label": "tableur"}, follow=True)
    key = re.search(r"<code>(cvv_[^<]+)</code>", response.content.decode()).group(1)
    token = ApiToken.objects.get(user=agent)
    assert token.key_hash != key and token.prefix == key[:10]
    assert key not in client.get(reverse("accounts:profile")).content.decode()
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_label_is_required(client, agent):
    client.force_login(agent)
    response = client.post(reverse("accounts:token_create"), {"label": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_admin_invites_a_person_who_receives_a_link(
    client, admin_user, django_capture_on_commit_callbacks
):
    from cvv.organisations.models import Organisation

    organisation = Organisation.objects.get(kind="commune", commune__code="93048")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:invite", args=[organisation.pk]),
            {"email": "nouvelle@test.cvv", "role": "commerce_manager", "first_name": "Nina"},
        )
    assert response.status_code == 302
    assert organisation.memberships.filter(user__email="nouvelle@test.cvv").exists()
    assert len(mail.outbox) == 1 and "nouvelle@test.cvv" in mail.outbox[0].to


def test_invite_refuses_a_role_that_does_not_fit_the_organisation(client, admin_user):
    from cvv.organisations.models import Organisation

    organisation = Organisation.objects.get(kind="commune", commune__code="93048")
    client.force_login(admin_user)
    response = client.post(
        reverse("organisations:invite", args=[organisation.pk]),
        {"email": "x@test.cvv", "role": "finance_officer"},
    )
    assert response.status_code == 400
    assert "ne peut pas être exercé" in response.content.decode()
    assert not organisation.memberships.filter(user__email="x@test.cvv").exists()
