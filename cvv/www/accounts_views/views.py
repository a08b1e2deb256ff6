from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from cvv.api.models import ApiToken
from cvv.audit.services import log_action
from cvv.www.accounts_views.forms import LoginForm, TokenForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


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
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
        "new_key": new_key,
        "form": TokenForm(),
    }
    return render(request, "accounts/profile.html", context)


@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "accounts/profile.html",
            {
                "memberships": request.user.memberships.select_related("organisation"),
                "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
                "new_key": None,
                "form": form,
            },
            status=400,
        )
    token, key = ApiToken.objects.issue(request.user, label=form.cleaned_data["label"])
    log_action("api.token.issued", actor=request.user, obj=token)
    request.session["new_api_key"] = key
    messages.success(request, "Jeton créé : copiez-le maintenant, il ne sera plus affiché.")
    return redirect("accounts:profile")


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens, pk=pk, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action("api.token.revoked", actor=request.user, obj=token)
    messages.success(request, "Jeton révoqué.")
    return redirect("accounts:profile")
