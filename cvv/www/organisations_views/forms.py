from django import forms

from cvv.core.forms import AccessibleForm
from cvv.organisations.enums import Role


class InviteForm(AccessibleForm):
    email = forms.EmailField(label="Adresse e-mail")
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)
    title = forms.CharField(label="Fonction", max_length=200, required=False)
