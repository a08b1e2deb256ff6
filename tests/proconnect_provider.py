"""A local OpenID Connect provider that behaves like ProConnect, for tests (no network):
discovery, JWKS, token and userinfo endpoints served through `responses`, RS256 tokens signed
with a key made here. Its knobs (`tamper`) make it misbehave the ways the client must refuse."""

import json
import secrets
import time
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://proconnect.test/api/v2"
CLIENT_ID = "cvv-client-id"
CLIENT_SECRET = "cvv-client-secret-of-the-test-provider-0123456789"
_KEYS = {}


def rsa_key(name):
    if name not in _KEYS:
        _KEYS[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _KEYS[name]


class FakeProConnect:
    def __init__(self, mock: responses.RequestsMock):
        self.key = rsa_key("provider")
        self.kid = "cle-1"
        self.codes = {}
        self.access_tokens = {}
        self.tamper = {}
        self.token_requests = []
        self.discovery = {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "userinfo_endpoint": f"{ISSUER}/userinfo",
            "jwks_uri": f"{ISSUER}/jwks",
            "end_session_endpoint": f"{ISSUER}/session/end",
            "id_token_signing_alg_values_supported": ["RS256"],
        }
        mock.add_callback(
            responses.GET, f"{ISSUER}/.well-known/openid-configuration", self._discovery
        )
        mock.add_callback(responses.GET, f"{ISSUER}/jwks", self._jwks)
        mock.add_callback(responses.POST, f"{ISSUER}/token", self._token)
        mock.add_callback(responses.GET, f"{ISSUER}/userinfo", self._userinfo)

    # The browser's side: the authorization endpoint.
    def authorize(self, url, *, email, sub="agent-42", **claims):
        """Check the authorization request like ProConnect does and return the callback
        URL (path and query) the browser is sent back to."""
        parsed = urlparse(url)
        assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == f"{ISSUER}/authorize"
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        assert set(query) == {
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
        }
        assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
        assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": query["nonce"],
            "redirect_uri": query["redirect_uri"],
            "claims": {
                "sub": sub,
                "email": email,
                "given_name": "Amina",
                "usual_name": "Benali",
                "siret": "21930005400012",
                "idp_id": "fia1v2",
                **claims,
            },
        }
        redirect = urlparse(query["redirect_uri"])
        return f"{redirect.path}?{urlencode({'code': code, 'state': query['state']})}"

    # Back channel.
    def _discovery(self, request):
        document = {**self.discovery, **self.tamper.get("discovery", {})}
        return 200, {"Content-Type": "application/json"}, json.dumps(document)

    def _jwks(self, request):
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        public.update(kid=self.kid, alg="RS256", use="sig")
        return 200, {"Content-Type": "application/json"}, json.dumps({"keys": [public]})

    def sign(self, claims, *, key=None, kid=None, alg="RS256"):
        key = key or self.key
        secret = self.tamper.get("hs_secret") if alg == "HS256" else key
        return jwt.encode(claims, secret, algorithm=alg, headers={"kid": kid or self.kid})

    def _token(self, request):
        form = {k: v[0] for k, v in parse_qs(request.body).items()}
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code"), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {"Content-Type": "application/json"}, '{"error": "invalid_grant"}'
        now = int(time.time())
        id_claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": grant["claims"]["sub"],
            "iat": now,
            "exp": now + 60,
            "nonce": grant["nonce"],
            "acr": "eidas1",
            **self.tamper.get("id_token", {}),
        }
        id_claims = {k: v for k, v in id_claims.items() if v is not None}
        id_token = self.sign(
            id_claims,
            key=self.tamper.get("id_token_key"),
            alg=self.tamper.get("id_token_alg", "RS256"),
        )
        access = secrets.token_urlsafe(16)
        self.access_tokens[access] = grant["claims"]
        body = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 60,
            "id_token": id_token,
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _userinfo(self, request):
        auth = request.headers.get("Authorization", "")
        claims = self.access_tokens.get(auth.removeprefix("Bearer "))
        if claims is None:
            return 401, {}, ""
        if self.tamper.get("userinfo_json"):
            return 200, {"Content-Type": "application/json"}, json.dumps(claims)
        payload = {"iss": ISSUER, "aud": CLIENT_ID, **claims, **self.tamper.get("userinfo", {})}
        token = self.sign(payload, key=self.tamper.get("userinfo_key"))
        return 200, {"Content-Type": "application/jwt; charset=utf-8"}, token
