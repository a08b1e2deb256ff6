"""The directory of economic actors: the list (signed-in users), one's own profile with its
consents, the Métropole's validation, the JSON export and deletion of one's data."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.downloads import file_response
from cvv.core.exports import table_response
from cvv.core.forms import AccessibleForm
from cvv.matchmaking import directory as directory_module
from cvv.matchmaking import registration
from cvv.matchmaking.enums import ProfileState
from cvv.matchmaking.selectors import search_organisations
from cvv.matchmaking.workflows import PROFILE_WORKFLOW
from cvv.organisations.access import get_access, role_required
from cvv.organisations.enums import METROPOLE_STAFF_ROLES, OrganisationKind, Role
from cvv.premises.enums import ActivityCategory
from cvv.territories.models import Commune
from cvv.users.throttle import client_ip, hit
from cvv.www.errors import report, service_errors
from cvv.www.matchmaking_views.forms import REGISTRATION_KEY, RegistrationForm, contact_token

actor_required = role_required(Role.ECONOMIC_ACTOR)
staff_required = role_required(*METROPOLE_STAFF_ROLES)


class ProfileForm(AccessibleForm):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=None)
    presentation = forms.CharField(
        label="Présentation", max_length=3000, required=False, widget=forms.Textarea
    )
    activity_categories = forms.MultipleChoiceField(
        label="Activités",
        choices=ActivityCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    communes = forms.ModelMultipleChoiceField(
        label="Communes d’intérêt", queryset=Commune.objects.order_by("nom"), required=False
    )
    opening_criteria = forms.CharField(
        label="Critères d’ouverture (enseignes)",
        max_length=3000,
        required=False,
        widget=forms.Textarea,
    )
    listed = forms.BooleanField(
        label="J’accepte que mon organisation figure dans l’annuaire des acteurs", required=False
    )
    contactable = forms.BooleanField(
        label="J’accepte d’être contacté par les communes et la Métropole", required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


def directory(request):
    q = request.GET.get("q", "").strip()[:100]
    access = get_access(request.user)
    pending = (
        directory_module.ActorProfile.objects.filter(state=ProfileState.PENDING).select_related(
            "organisation"
        )
        if access.is_metropole_staff
        else []
    )
    return render(
        request,
        "matchmaking/directory.html",
        {
            "rows": (
                page := Paginator(directory_module.directory(request.user, q), 50).get_page(
                    request.GET.get("page")
                )
            ),
            "page": page,
            "q": q,
            "pending": pending,
            "is_actor": access.has_role(Role.ECONOMIC_ACTOR),
        },
    )


@actor_required
def profile_edit(request):
    organisations = search_organisations(request.user)
    profile = directory_module.profiles_editable_by(request.user).first()
    initial = {"organisation": organisations.first()}
    if profile:
        initial = {
            "organisation": profile.organisation,
            "presentation": profile.presentation,
            "activity_categories": profile.activity_categories,
            "communes": list(profile.communes.all()),
            "opening_criteria": profile.opening_criteria,
            "listed": profile.listed,
            "contactable": profile.contactable,
        }
    form = ProfileForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(request, form=form):
            saved = directory_module.profile_save(
                actor=request.user,
                organisation=data.pop("organisation"),
                communes=data.pop("communes"),
                **data,
            )
            messages.success(request, f"Fiche de {saved.organisation.name} enregistrée.")
            return redirect("matchmaking:profile_edit")
    return render(
        request,
        "matchmaking/profile_form.html",
        {"form": form, "profile": profile},
        status=400 if form.is_bound else 200,
    )


@actor_required
@require_POST
def profile_delete(request):
    profile = directory_module.profiles_editable_by(request.user).first()
    if profile is None:
        raise Http404("Aucune fiche à supprimer.")
    name = profile.organisation.name
    directory_module.profile_delete(actor=request.user, profile=profile)
    messages.success(request, f"Fiche de {name} supprimée de l’annuaire.")
    return redirect("matchmaking:directory")


def my_data(request):
    """The person's data: JSON, or `?format=csv` as (section, field, value) rows."""
    if request.GET.get("format") == "csv":
        columns = [("section", "Rubrique"), ("field", "Donnée"), ("value", "Valeur")]
        rows = [
            {"section": section, "field": field, "value": value}
            for section, field, value in registration.personal_data_rows(request.user)
        ]
        return table_response(columns, rows, "csv", "mes-donnees-mise-en-relation")
    data = directory_module.personal_data(request.user)
    return file_response(
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        filename="mes-donnees-mise-en-relation.json",
        content_type="application/json",
        private=True,
    )


PROFILE_ACTIONS = {"valider": ("validate", "validée"), "refuser": ("refuse", "refusée")}


@staff_required
@require_POST
def profile_transition(request, pk, action):
    profile = get_object_or_404(directory_module.ActorProfile.objects.all(), pk=pk)
    if action not in PROFILE_ACTIONS:
        raise Http404("Action inconnue.")
    name, done = PROFILE_ACTIONS[action]
    reason = request.POST.get("reason", "").strip()[:300] or (
        "Fiche incomplète" if name == "refuse" else ""
    )
    report(
        request,
        lambda: PROFILE_WORKFLOW.apply(profile, name, actor=request.user, reason=reason),
        f"Fiche de {profile.organisation.name} {done}.",
    )
    return redirect("matchmaking:directory")


REGISTRATIONS_PER_HOUR = 5


@login_not_required
def register(request):
    """The public registration of an economic actor (honeypot, time token, rate limit per
    address, like the contact form of an offer)."""
    kinds = [(kind, OrganisationKind(kind).label) for kind in registration.REGISTRABLE_KINDS]
    form = RegistrationForm(request.POST or None, kinds=kinds)
    if request.method == "POST":
        if not hit("matchmaking-register", client_ip(request), limit=REGISTRATIONS_PER_HOUR,
                   window=3600):  # fmt: skip
            form.add_error(
                None, "Trop d’inscriptions depuis votre connexion : réessayez dans une heure."
            )
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"website", "token"}}
            with service_errors(request, form=form):
                registration.actor_register(**data)
                return render(request, "matchmaking/register_done.html")
    if form.is_bound:  # the page shown again carries a fresh token
        form.data = form.data.copy()
        form.data["token"] = contact_token(REGISTRATION_KEY)
    else:
        form.initial["token"] = contact_token(REGISTRATION_KEY)
    return render(
        request, "matchmaking/register.html", {"form": form}, status=400 if form.is_bound else 200
    )


@actor_required
def account_delete(request):
    """GET: what is deleted and what is kept; POST: the account is deleted, the person
    signed out."""
    if request.method == "POST":
        email = request.user.email
        with service_errors(request):
            registration.account_delete(actor=request.user)
            logout(request)
            messages.success(request, f"Compte {email} supprimé.")
            return redirect("/")
    return render(
        request, "matchmaking/account_delete.html", {"kept": registration.ACCOUNT_DELETE_KEPT}
    )
