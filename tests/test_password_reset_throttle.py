"""Password reset: throttled per address and per client, the same answer for every address,
the e-mail sent by the worker after the request's transaction commits."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from cvv.audit.models import AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def amina(db):
    return make_user(email="amina@test.cvv", role="commune_agent", commune="93005")


def without_csrf(response):
    """The page without its CSRF token, which is masked anew at every rendering."""
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())


def ask(client, email, ip="192.0.2.10"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_twenty_requests_for_one_address_send_at_most_three_emails(
    client, amina, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    with django_capture_on_commit_callbacks(execute=True):
        responses = [ask(client, "amina@test.cvv") for _ in range(20)]
    assert len(mail.outbox) == 3
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {reverse("accounts:password_reset_done")}


def test_variants_of_the_address_share_one_counter(
    client, amina, django_capture_on_commit_callbacks
):
    variants = ["amina@test.cvv", "AMINA@test.cvv", " Amina@Test.cvv ", "ａｍｉｎａ@test.cvv"] * 3
    with django_capture_on_commit_callbacks(execute=True):
        for variant in variants:
            ask(client, variant)
    assert len(mail.outbox) == 3
    assert all(message.to == ["amina@test.cvv"] for message in mail.outbox)


def test_one_client_ip_is_limited_across_addresses(client, amina, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 5
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 100
    for n in range(5):
        assert ask(client, f"inconnu{n}@test.cvv").status_code == 302
    response = ask(client, "amina@test.cvv")
    assert response.status_code == 429
    assert "Trop de demandes de réinitialisation" in response.content.decode()
    assert mail.outbox == []
    # Another client is not affected.
    assert ask(client, "amina@test.cvv", ip="198.51.100.7").status_code == 302


def test_the_answer_is_the_same_for_an_account_and_an_unknown_address(client, amina):
    known = ask(client, "amina@test.cvv", ip="192.0.2.1")
    unknown = ask(client, "personne@test.cvv", ip="192.0.2.2")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    for _ in range(5):  # past the per-address limit, still the same answer
        assert ask(client, "amina@test.cvv", ip="192.0.2.1")["Location"] == known["Location"]
        assert ask(client, "personne@test.cvv", ip="192.0.2.2")["Location"] == known["Location"]
    assert without_csrf(client.get(known["Location"])) == without_csrf(
        client.get(unknown["Location"])
    )


def test_the_email_is_queued_on_commit_with_the_account_id(
    client, amina, monkeypatch, django_capture_on_commit_callbacks
):
    from cvv.users import tasks

    queued = []
    monkeypatch.setattr(tasks, "send_password_reset_email", queued.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ask(client, "amina@test.cvv")
    assert queued == [] and mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert queued == [amina.pk]


def test_the_request_is_audited_for_an_existing_account(client, amina):
    ask(client, "amina@test.cvv")
    ask(client, "personne@test.cvv")
    entries = AuditEntry.objects.filter(action="accounts.password_reset.requested")
    assert [e.object_id for e in entries] == [str(amina.pk)]


def test_the_link_uses_site_url_not_the_request_host(
    client, amina, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cvv.example.fr"
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"),
            {"email": "amina@test.cvv"},
            HTTP_HOST="evil.example",
        )
    assert "https://cvv.example.fr/compte/mot-de-passe/" in mail.outbox[0].body
    assert "evil.example" not in mail.outbox[0].body


def test_client_ip_behind_a_trusted_proxy(rf, settings):
    from cvv.users.throttle import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the forged left part is ignored
    request = rf.get("/", REMOTE_ADDR="not-an-ip")
    assert client_ip(request) == ""
