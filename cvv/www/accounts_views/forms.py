from django import forms
from django.contrib.auth.forms import AuthenticationForm

from cvv.core.forms import AccessibleFormMixin


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    username = forms.EmailField(
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


class TokenForm(AccessibleFormMixin, forms.Form):
    label = forms.CharField(
        label="Libellé du jeton",
        max_length=100,
        help_text="Pour reconnaître l’usage de ce jeton (ex. « tableur de suivi »).",
    )
