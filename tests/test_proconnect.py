"""ProConnect login against a local OpenID Connect provider (tests/proconnect_provider.py):
the full authorization code flow, then every way the answer must be refused."""

from urllib.parse import parse_qs, urlparse

import pytest
import responses
from django.core.cache import cache
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.users.models import User
from tests.factories import make_user
from tests.proconnect_provider import CLIENT_ID, CLIENT_SECRET, ISSUER, FakeProConnect, rsa_key

pytestmark = pytest.mark.django_db
EMAIL = "amina.benali@aulnay-sous-bois.fr"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enabled(settings):
    settings.PROCONNECT_CLIENT_ID = CLIENT_ID
    settings.PROCONNECT_CLIENT_SECRET = CLIENT_SECRET
    settings.PROCONNECT_ISSUER = ISSUER


@pytest.fixture
def provider(enabled):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeProConnect(mock)


@pytest.fixture
def amina(db):
    return make_user(
        email=EMAIL, role="commune_agent", commune="93005", first_name="", last_name=""
    )


def start(client, next_url=None):
    url = reverse("accounts:proconnect_login")
    response = client.get(url, {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def run_flow(client, provider, *, email=EMAIL, next_url=None, **claims):
    callback = provider.authorize(start(client, next_url), email=email, **claims)
    return client.get(callback)


def refused_with(client, response, text):
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert text in page, page
    return page


# Configuration


def test_without_configuration_there_is_no_button_and_no_route(client, settings):
    settings.PROCONNECT_CLIENT_ID = ""
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:proconnect_login")).status_code == 404
    assert client.get(reverse("accounts:proconnect_callback")).status_code == 404


def test_with_configuration_the_login_page_offers_proconnect(client, enabled):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "S’identifier avec ProConnect" in page
    assert reverse("accounts:proconnect_login") in page


def test_a_discovery_document_naming_another_issuer_is_not_used(client, provider):
    provider.tamper["discovery"] = {"issuer": "https://attaquant.test/api/v2"}
    response = client.get(reverse("accounts:proconnect_login"))
    refused_with(client, response, "ProConnect est momentanément indisponible")


# The flow


def test_full_flow_logs_the_existing_account_in(client, provider, amina):
    authorize = start(client, next_url="/compte/profil/")
    query = parse_qs(urlparse(authorize).query)
    assert query["scope"] == ["openid email given_name usual_name siret"]
    assert query["redirect_uri"] == ["http://testserver/compte/proconnect/retour/"]
    state, nonce = query["state"][0], query["nonce"][0]
    assert client.session["oidc_states"][state]["nonce"] == nonce

    response = client.get(provider.authorize(authorize, email=EMAIL))
    assert response.status_code == 302 and response["Location"] == "/compte/profil/"
    assert client.session["_auth_user_id"] == str(amina.pk)
    assert client.session["oidc_id_token"].count(".") == 2
    assert provider.token_requests[0]["client_secret"] == CLIENT_SECRET
    amina.refresh_from_db()
    assert (amina.first_name, amina.last_name) == ("Amina", "Benali")  # filled, were blank
    entry = AuditEntry.objects.get(action="accounts.proconnect.login")
    assert entry.actor == amina and entry.data["siret"] == "21930005400012"
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_address_is_matched_whatever_its_case(client, provider, amina):
    response = run_flow(client, provider, email="  Amina.BENALI@Aulnay-sous-Bois.fr")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(amina.pk)


def test_names_already_set_are_not_overwritten(client, provider, amina):
    amina.first_name, amina.last_name = "Amina", "Benali-Martin"
    amina.save()
    run_flow(client, provider, usual_name="Autre")
    amina.refresh_from_db()
    assert amina.last_name == "Benali-Martin"


def test_logout_ends_the_proconnect_session_too(client, provider, amina):
    run_flow(client, provider)
    id_token = client.session["oidc_id_token"]
    response = client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session
    end = urlparse(response["Location"])
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{ISSUER}/session/end"
    query = {k: v[0] for k, v in parse_qs(end.query).items()}
    assert query["id_token_hint"] == id_token
    assert query["post_logout_redirect_uri"] == "http://testserver/compte/proconnect/deconnecte/"
    assert len(query["state"]) >= 32
    back = client.get(reverse("accounts:proconnect_logout_done"), {"state": query["state"]})
    assert back.status_code == 302
    assert (
        "déconnecté de la plateforme et de ProConnect"
        in client.get(back["Location"]).content.decode()
    )


def test_a_password_login_logs_out_locally_only(client, enabled, amina):
    client.force_login(amina)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("public:landing")
    assert "_auth_user_id" not in client.session


# Refusals


def test_an_unknown_address_gets_no_account_and_is_told_to_ask_an_administrator(
    client, provider, amina
):
    users = User.objects.count()
    response = run_flow(client, provider, email="inconnue@montreuil.fr")
    page = refused_with(client, response, "aucun compte de la plateforme")
    assert "administrateur de votre organisation" in page
    assert User.objects.count() == users


def test_an_inactive_account_is_refused(client, provider, amina):
    amina.is_active = False
    amina.save()
    refused_with(client, run_flow(client, provider), "est désactivé")


def test_an_unverified_address_is_refused(client, provider, amina):
    refused_with(client, run_flow(client, provider, email_verified=False), "n’a pas pu confirmer")


def test_an_unknown_state_is_refused_before_any_call_to_the_provider(client, provider, amina):
    authorize = start(client)
    callback = provider.authorize(authorize, email=EMAIL)
    forged = callback.replace("state=", "state=x")
    refused_with(client, client.get(forged), "a expiré ou n’a pas été demandée")
    assert provider.token_requests == []


def test_a_callback_from_another_browser_is_refused(client, provider, amina):
    from django.test import Client

    callback = provider.authorize(start(client), email=EMAIL)
    other = Client()
    refused_with(other, other.get(callback), "a expiré")
    assert provider.token_requests == []


def test_a_state_cannot_be_used_twice(client, provider, amina):
    callback = provider.authorize(start(client), email=EMAIL)
    assert client.get(callback).status_code == 302
    client.logout()
    refused_with(client, client.get(callback), "a expiré")


def test_an_error_answer_from_the_provider_is_shown(client, provider, amina):
    state = parse_qs(urlparse(start(client)).query)["state"][0]
    response = client.get(
        reverse("accounts:proconnect_callback"), {"error": "access_denied", "state": state}
    )
    refused_with(client, response, "annulée ou refusée")
    assert state not in client.session["oidc_states"]


TAMPERING = {
    "wrong-nonce": {"id_token": {"nonce": "n" * 48}},
    "no-nonce": {"id_token": {"nonce": None}},
    "wrong-audience": {"id_token": {"aud": "un-autre-client"}},
    "wrong-issuer": {"id_token": {"iss": "https://attaquant.test/api/v2"}},
    "expired": {"id_token": {"exp": 1_000_000_000, "iat": 999_999_000}},
    "foreign-signature": {"id_token_key": "attacker"},
    "hs256-with-client-secret": {"id_token_alg": "HS256", "hs_secret": CLIENT_SECRET},
    "userinfo-unsigned": {"userinfo_json": True},
    "userinfo-foreign-signature": {"userinfo_key": "attacker"},
    "userinfo-other-subject": {"userinfo": {"sub": "quelqu-un-d-autre"}},
    "userinfo-wrong-audience": {"userinfo": {"aud": "un-autre-client"}},
}


@pytest.mark.parametrize("tampering", TAMPERING.values(), ids=TAMPERING.keys())
def test_a_tampered_answer_is_refused(client, provider, amina, tampering):
    tampering = dict(tampering)
    for name in ("id_token_key", "userinfo_key"):
        if name in tampering:
            tampering[name] = rsa_key(tampering[name])
    provider.tamper.update(tampering)
    refused_with(client, run_flow(client, provider), "ProConnect n’a pas pu confirmer")


def test_an_unsigned_id_token_is_refused(client, provider, amina, monkeypatch):
    import jwt

    provider.sign = lambda claims, **kw: jwt.encode(claims, None, algorithm="none")
    refused_with(client, run_flow(client, provider), "ProConnect n’a pas pu confirmer")
