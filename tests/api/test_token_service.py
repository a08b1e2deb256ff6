"""API tokens have one service (cvv.api.services), used by the profile page and by the
`api_token` command: issue, list, revoke, each with its audit entry."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from cvv.api import services
from cvv.api.models import ApiToken, hash_token
from cvv.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_issue_stores_the_hash_and_audits(agent):
    token, key = services.token_issue(user=agent, label="  tableur ", actor=agent)
    assert key.startswith("cvv_") and token.key_hash == hash_token(key) != key
    assert token.label == "tableur" and token.prefix == key[:10]
    (entry,) = entries("api.token.issued")
    assert entry.actor == agent and entry.object_id == str(token.pk)
    assert entry.data == {"via": "page", "label": "tableur"}
    assert key not in str(entry.data)


def test_issue_refuses_bad_input_and_inactive_accounts(agent):
    with pytest.raises(ValidationError, match="Donnez un libellé"):
        services.token_issue(user=agent, label="   ", actor=agent)
    with pytest.raises(ValidationError, match="dépasse 100 caractères"):
        services.token_issue(user=agent, label="x" * 101, actor=agent)
    agent.is_active = False
    agent.save()
    with pytest.raises(ValidationError, match="est désactivé"):
        services.token_issue(user=agent, label="tableur", actor=None, via="cli")
    assert ApiToken.objects.count() == 0 and entries("api.token.issued") == []


def test_list_shows_only_tokens_in_force_of_that_person(agent, users):
    first, _ = services.token_issue(user=agent, label="un", actor=agent)
    second, _ = services.token_issue(user=agent, label="deux", actor=agent)
    services.token_issue(user=users["instructor"], label="autre", actor=users["instructor"])
    assert list(services.tokens_of(agent)) == [first, second]
    services.token_revoke(token=first, actor=agent)
    assert list(services.tokens_of(agent)) == [second]


def test_revoke_only_ones_own_token_once(agent, users):
    token, key = services.token_issue(user=agent, label="tableur", actor=agent)
    with pytest.raises(PermissionDenied, match="n’est pas le vôtre"):
        services.token_revoke(token=token, actor=users["instructor"])
    services.token_revoke(token=token, actor=agent)
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(ValidationError, match="déjà révoqué"):
        services.token_revoke(token=token, actor=agent)
    (entry,) = entries("api.token.revoked")
    assert entry.actor == agent and entry.data == {"via": "page"}


def test_a_revoked_token_no_longer_opens_the_api(client, agent):
    token, key = services.token_issue(user=agent, label="tableur", actor=agent)
    url = "/api/v1/programme/candidatures"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    services.token_revoke(token=token, actor=agent)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_page_revokes_through_the_service(client, agent, users):
    token, _ = services.token_issue(user=agent, label="tableur", actor=agent)
    client.force_login(users["other_commune_agent"])  # another person's token: 404
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    client.force_login(agent)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert [e.actor for e in entries("api.token.revoked")] == [agent]


def test_command_issues_lists_and_revokes(capsys, agent):
    call_command("api_token", agent.email, "--label", "supervision")
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(key_hash=hash_token(key))
    assert token.label == "supervision"
    call_command("api_token", agent.email, "--list")
    listing = capsys.readouterr().out
    assert f"{token.pk}\t{token.prefix}…\tsupervision\t" in listing and "jamais" in listing
    call_command("api_token", agent.email, "--revoke", str(token.pk))
    assert "révoqué" in capsys.readouterr().out
    assert not services.tokens_of(agent).exists()
    assert [(e.actor, e.data["via"]) for e in entries("api.token.revoked")] == [(None, "cli")]
    with pytest.raises(CommandError, match="Aucun jeton en vigueur numéro"):
        call_command("api_token", agent.email, "--revoke", str(token.pk))
    with pytest.raises(CommandError, match="Donnez un libellé"):
        call_command("api_token", agent.email, "--label", " ")
