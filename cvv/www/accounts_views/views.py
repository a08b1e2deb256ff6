from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from cvv.api import services as api_services
from cvv.users.services import TooManyResetRequests, request_password_reset, user_set_role_form
from cvv.users.throttle import client_ip
from cvv.www.accounts_views.forms import (
    LoginForm,
    PasswordResetRequestForm,
    RoleFormForm,
    TokenForm,
)
from cvv.www.errors import service_errors


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from cvv.users.proconnect import is_enabled

        return super().get_context_data(proconnect_enabled=is_enabled(), **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The same answer whether or not an account has this address: the e-mail, if any, is
        # sent by the worker (no timing difference) and the per-address limit is silent.
        try:
            request_password_reset(
                email=form.cleaned_data["email"], client_ip=client_ip(self.request)
            )
        except TooManyResetRequests:
            form.add_error(
                None,
                "Trop de demandes de réinitialisation depuis cette connexion. "
                "Réessayez dans une heure.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


def profile(request):
    new_key = request.session.pop("new_api_key", None)
    context = {
        "memberships": request.user.memberships.select_related("organisation"),
        "tokens": api_services.tokens_of(request.user),
        "new_key": new_key,
        "form": TokenForm(),
        "role_form": RoleFormForm(initial={"role_form": request.user.role_form}),
    }
    return render(request, "accounts/profile.html", context)


@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        with service_errors(request, form=form):
            token, key = api_services.token_issue(
                user=request.user,
                label=form.cleaned_data["label"],
                actor=request.user,
            )
            request.session["new_api_key"] = key
            messages.success(
                request,
                f"Jeton « {token.label} » créé : copiez-le maintenant, il ne sera plus affiché.",
            )
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": request.user.memberships.select_related("organisation"),
            "tokens": api_services.tokens_of(request.user),
            "new_key": None,
            "form": form,
        },
        status=400,
    )


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(api_services.tokens_of(request.user), pk=pk)
    with service_errors(request):
        api_services.token_revoke(token=token, actor=request.user)
        messages.success(request, f"Jeton « {token.label or token.prefix} » révoqué.")
    return redirect("accounts:profile")


@require_POST
def role_form_update(request):
    """The person chooses how their role titles are written (masculine, feminine, neutral)."""
    form = RoleFormForm(request.POST)
    if form.is_valid():
        with service_errors(request):
            user = user_set_role_form(
                user=request.user, role_form=form.cleaned_data["role_form"], actor=request.user
            )
            titles = ", ".join(m.role_title for m in user.memberships.all()) or "aucun rôle"
            messages.success(request, f"Forme de vos titres enregistrée : {titles}.")
    else:
        messages.error(request, "Choisissez une des formes proposées.")
    return redirect("accounts:profile")
