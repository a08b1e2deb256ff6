from django import forms
from django.contrib.auth.forms import AuthenticationForm

from cvv.core.forms import AccessibleFormMixin
from cvv.users.identity import normalize_email
from cvv.users.models import RoleForm


class AccountEmailField(forms.EmailField):
    """An account's address, normalised (cvv.users.identity) before it is validated, so that
    the form, the authentication lookup and the failure counter all see the same name."""

    def to_python(self, value):
        return normalize_email(super().to_python(value))


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    username = AccountEmailField(
        label="Adresse e-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect. Après 5 échecs, le compte "
        "est bloqué pendant 15 minutes.",
        "inactive": "Ce compte est désactivé.",
    }


class PasswordResetRequestForm(AccessibleFormMixin, forms.Form):
    email = AccountEmailField(
        label="Adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class TokenForm(AccessibleFormMixin, forms.Form):
    label = forms.CharField(
        label="Libellé du jeton",
        max_length=100,
        help_text="Pour reconnaître l’usage de ce jeton (ex. « tableur de suivi »).",
    )


class RoleFormForm(AccessibleFormMixin, forms.Form):
    role_form = forms.ChoiceField(
        label="Écrire mes rôles",
        choices=RoleForm.choices,
        widget=forms.RadioSelect,
        help_text="Par exemple « Chargée d’instruction du programme » au féminin.",
    )
