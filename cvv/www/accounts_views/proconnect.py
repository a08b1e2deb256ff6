"""ProConnect login, callback and logout (cvv.users.proconnect does the protocol checks)."""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from cvv.audit.services import log_action
from cvv.users import proconnect

logger = logging.getLogger(__name__)

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"
FAILED = (
    "ProConnect n’a pas pu confirmer votre identité. Réessayez, ou connectez-vous avec votre "
    "adresse e-mail et votre mot de passe."
)
UNAVAILABLE = (
    "ProConnect est momentanément indisponible. Connectez-vous avec votre adresse e-mail et "
    "votre mot de passe, ou réessayez plus tard."
)
EXPIRED = (
    "Cette connexion ProConnect a expiré ou n’a pas été demandée depuis ce navigateur. "
    "Recommencez depuis la page de connexion."
)


def _refuse(request, message):
    messages.error(request, message)
    return redirect("accounts:login")


@method_decorator(login_not_required, name="dispatch")
class ProConnectLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to ProConnect with a fresh `state` and `nonce` kept in the session
    (mozilla-django-oidc); no parameter beyond those ProConnect accepts."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    def get(self, request):
        if not proconnect.is_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = proconnect.metadata()["authorization_endpoint"]
        except proconnect.ProConnectUnavailable:
            logger.exception("ProConnect unavailable")
            return _refuse(request, UNAVAILABLE)
        self.OIDC_RP_CLIENT_ID = settings.PROCONNECT_CLIENT_ID
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class ProConnectCallbackView(View):
    http_method_names = ["get"]

    def get(self, request):
        if not proconnect.is_enabled():
            raise Http404
        state = request.GET.get("state", "")
        states = request.session.get("oidc_states")
        states = states if isinstance(states, dict) else {}
        entry = states.pop(state, None)  # one use only, also after an error
        if entry is not None:
            request.session["oidc_states"] = states
        if request.GET.get("error"):
            return _refuse(request, "La connexion avec ProConnect a été annulée ou refusée.")
        if not request.GET.get("code") or not isinstance(entry, dict):
            return _refuse(request, EXPIRED)
        try:
            backend = proconnect.ProConnectBackend()
            user = backend.authenticate(request, nonce=entry.get("nonce"), code_verifier=None)
        except proconnect.ProConnectRefused as refusal:
            logger.info("ProConnect login refused: %s", refusal)
            return _refuse(request, refusal.message)
        except proconnect.ProConnectUnavailable:
            logger.exception("ProConnect unavailable")
            return _refuse(request, UNAVAILABLE)
        except (SuspiciousOperation, requests.RequestException, ValueError) as exc:
            logger.warning("ProConnect login failed: %s", exc)
            return _refuse(request, FAILED)
        if user is None:
            return _refuse(request, FAILED)
        next_url = request.session.pop("oidc_login_next", None)
        auth.login(request, user, backend=PASSWORD_BACKEND)
        request.session["oidc_id_token"] = backend.id_token
        claims = backend.claims or {}
        log_action(
            "accounts.proconnect.login",
            actor=user,
            obj=user,
            data={"siret": str(claims.get("siret", ""))[:14], "idp_id": claims.get("idp_id", "")},
        )
        return HttpResponseRedirect(next_url or reverse(settings.LOGIN_REDIRECT_URL))


@login_not_required
@require_POST
def logout(request):
    """Log out here; a ProConnect session is then ended at ProConnect too (end_session_endpoint
    with the ID token as hint), which sends the browser back to `logout_done`."""
    id_token = request.session.get("oidc_id_token")
    auth.logout(request)
    if id_token and proconnect.is_enabled():
        try:
            end_session = proconnect.metadata()["end_session_endpoint"]
        except proconnect.ProConnectUnavailable:
            logger.exception("ProConnect unavailable at logout")
        else:
            state = get_random_string(48)
            request.session["proconnect_logout_state"] = state
            query = urlencode(
                {
                    "id_token_hint": id_token,
                    "state": state,
                    "post_logout_redirect_uri": request.build_absolute_uri(
                        reverse("accounts:proconnect_logout_done")
                    ),
                }
            )
            return HttpResponseRedirect(f"{end_session}?{query}")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_not_required
@require_GET
def logout_done(request):
    expected = request.session.pop("proconnect_logout_state", "")
    if expected and constant_time_compare(expected, request.GET.get("state", "")):
        messages.success(request, "Vous êtes déconnecté de la plateforme et de ProConnect.")
    return redirect(settings.LOGOUT_REDIRECT_URL)
