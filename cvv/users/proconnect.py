"""ProConnect, the State's OpenID Connect federation for public agents, as a second way to log
in (authorization code flow, `state` and `nonce`, RS256-signed ID token and userinfo).

Built on mozilla-django-oidc (its request view and token, JWKS and session-state handling)
with what ProConnect and this platform need on top: endpoints from the discovery document,
the ID token's issuer, audience, expiry and nonce checked, the userinfo required as a signed
JWT for the same subject, and accounts never created: a person whose verified address is not
the address of an active account is refused and told to ask their administrator. ProConnect
proves who someone is, not which rights they have here; rights come from an invitation.

Disabled (no button, every ProConnect URL answers 404) unless PROCONNECT_CLIENT_ID,
PROCONNECT_CLIENT_SECRET and PROCONNECT_ISSUER are all set (docs/accounts.md).
"""

import hashlib
import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.utils.crypto import constant_time_compare
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from cvv.users.identity import normalize_email

logger = logging.getLogger(__name__)

METADATA_KEYS = (
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "end_session_endpoint",
)
METADATA_CACHE_SECONDS = 3600
CLOCK_LEEWAY_SECONDS = 30

UNKNOWN_ACCOUNT = (
    "ProConnect vous a bien identifié ({email}), mais aucun compte de la plateforme "
    "Centres-Villes Vivants n’est ouvert à cette adresse. Demandez à l’administrateur de votre "
    "organisation (ou à la Métropole du Grand Paris) de vous inviter avec cette adresse, "
    "puis reconnectez-vous."
)
INACTIVE_ACCOUNT = (
    "Le compte associé à {email} est désactivé. Adressez-vous à l’administrateur de votre "
    "organisation."
)


class ProConnectUnavailable(Exception):
    """The provider's discovery document cannot be read or is not usable."""


class ProConnectRefused(Exception):
    """The identity is genuine but gives no access here; `message` is for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def is_enabled() -> bool:
    return bool(
        settings.PROCONNECT_CLIENT_ID
        and settings.PROCONNECT_CLIENT_SECRET
        and settings.PROCONNECT_ISSUER
    )


def discovery_url() -> str:
    return settings.PROCONNECT_ISSUER.rstrip("/") + "/.well-known/openid-configuration"


def metadata() -> dict:
    """The endpoints of the provider, from its discovery document (cached for an hour). The
    document must name the configured issuer and serve every endpoint over HTTPS."""
    url = discovery_url()
    key = "cvv:proconnect:metadata:" + hashlib.sha256(url.encode()).hexdigest()[:32]
    data = cache.get(key)
    if data is not None:
        return data
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProConnectUnavailable(f"discovery document unreadable: {exc}") from exc
    if not isinstance(document, dict):
        raise ProConnectUnavailable("discovery document is not an object")
    for name in METADATA_KEYS:
        value = document.get(name)
        if not isinstance(value, str) or not value.startswith("https://"):
            raise ProConnectUnavailable(f"discovery document: {name} missing or not HTTPS")
    if document["issuer"].rstrip("/") != settings.PROCONNECT_ISSUER.rstrip("/"):
        raise ProConnectUnavailable("discovery document names another issuer")
    data = {name: document[name] for name in METADATA_KEYS}
    cache.set(key, data, METADATA_CACHE_SECONDS)
    return data


class ProConnectBackend(OIDCAuthenticationBackend):
    """Token exchange and identity checks. Not an entry of AUTHENTICATION_BACKENDS: only the
    ProConnect callback view calls it, so no password login can reach it."""

    def __init__(self, *args, **kwargs):  # the parent reads fixed endpoints from settings
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.PROCONNECT_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.PROCONNECT_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.PROCONNECT_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        meta = metadata()
        self.issuer = meta["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = meta["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = meta["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = meta["jwks_uri"]
        self.id_token = None
        self.claims = None

    def authenticate(self, request, **kwargs):
        if not kwargs.get("nonce"):
            raise SuspiciousOperation("ProConnect: no nonce for this state")
        return super().authenticate(request, **kwargs)

    def decode(self, token, *, require):
        """Verify a JWT from the provider: the configured algorithm only, a key of its JWKS,
        this client as audience, the provider as issuer, not expired."""
        if not isinstance(token, str) or not token:
            raise SuspiciousOperation("ProConnect: no token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ProConnect: malformed token: {exc}") from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ProConnect: unexpected algorithm {header.get('alg')!r}")
        if not header.get("kid"):
            raise SuspiciousOperation("ProConnect: token without key id")
        try:
            key = self.retrieve_matching_jwk(token)
        except (KeyError, TypeError, ValueError, jwt.PyJWKError) as exc:
            raise SuspiciousOperation(f"ProConnect: unusable JWKS: {exc!r}") from exc
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": require},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ProConnect: token refused: {exc}") from exc

    def verify_token(self, token, **kwargs):
        """The ID token, with the nonce this browser's session sent in the request."""
        payload = self.decode(token, require=["iss", "aud", "exp", "iat", "sub", "nonce"])
        if not constant_time_compare(str(payload["nonce"]), str(kwargs.get("nonce") or "")):
            raise SuspiciousOperation("ProConnect: nonce mismatch")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/jwt":
            raise SuspiciousOperation("ProConnect: userinfo is not a signed JWT")
        claims = self.decode(response.text.strip(), require=["iss", "aud", "sub"])
        if claims["sub"] != payload["sub"]:
            raise SuspiciousOperation("ProConnect: userinfo is about another subject")
        return claims

    def verify_claims(self, claims):
        email = claims.get("email")
        return isinstance(email, str) and bool(email) and claims.get("email_verified") is not False

    def store_tokens(self, access_token, id_token):
        # Kept for the view, which stores the ID token (for logout) once the session is the
        # logged-in person's: a login flushes a session that belonged to someone else.
        self.id_token = id_token

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("ProConnect: no verified e-mail address")
        email = normalize_email(claims["email"])
        users = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if len(users) != 1:
            raise ProConnectRefused(UNKNOWN_ACCOUNT.format(email=email))
        user = users[0]
        if not user.is_active:
            raise ProConnectRefused(INACTIVE_ACCOUNT.format(email=email))
        self.claims = claims
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        """Fill the names the account lacks from ProConnect; never overwrite what is set."""
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "usual_name")):
            value = claims.get(claim)
            if not getattr(user, field) and isinstance(value, str) and value.strip():
                setattr(user, field, value.strip()[:150])
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user
