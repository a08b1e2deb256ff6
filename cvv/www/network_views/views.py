"""The network of managers: profiles, directory, peer matching, requests to talk."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.forms import attach_errors
from cvv.network import selectors, services
from cvv.network.models import Project
from cvv.network.workflows import CONTACT
from cvv.territories.models import Territoire
from cvv.www.errors import report
from cvv.www.network_views.forms import (
    AnswerForm,
    ContactForm,
    NeedForm,
    ProfileForm,
    ProjectForm,
    SearchForm,
)

NOT_MEMBER = (
    "Le réseau est réservé à ses membres : créez votre profil et acceptez d’apparaître dans "
    "l’annuaire pour y accéder."
)


def _require_member(user):
    if not selectors.is_member(user):
        raise PermissionDenied(NOT_MEMBER)


def _require_eligible(user):
    if not selectors.is_eligible(user):
        raise PermissionDenied(
            "Le réseau réunit les managers de commerce, les agents des communes et des "
            "territoires et les équipes de la Métropole."
        )


def directory(request):
    _require_eligible(request.user)
    if not selectors.is_member(request.user):
        messages.info(request, NOT_MEMBER)
        return redirect("network:my_profile")
    form = SearchForm(request.GET or None, territoires=Territoire.objects.all())
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = selectors.search_profiles(
        request.user,
        topic=filters.get("topic", ""),
        territoire=filters.get("territoire", ""),
        text=filters.get("q", ""),
    )
    cards = [(p, selectors.shown(p, request.user)) for p in profiles]
    return render(request, "network/directory.html", {"form": form, "cards": cards})


def profile(request, pk):
    _require_member(request.user)
    found = get_object_or_404(selectors.profiles_visible_to(request.user), pk=pk)
    return render(
        request,
        "network/profile.html",
        {"profile": found, "card": selectors.shown(found, request.user)},
    )


def my_profile(request):
    _require_eligible(request.user)
    mine = selectors.own_profile(request.user)
    initial = {"topics": mine.topic_values} if mine else {}
    form = ProfileForm(request.POST or None, instance=mine, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics = data.pop("topics")
        try:
            saved = services.profile_save(actor=request.user, topics=topics, **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Profil de {saved} enregistré.")
            return redirect("network:my_profile")
    accompaniments, dossiers = selectors.project_link_choices(request.user)
    return render(
        request,
        "network/my_profile.html",
        {
            "form": form,
            "mine": mine,
            "card": selectors.shown(mine, request.user) if mine else None,
            "places": selectors.places_of(request.user),
            "project_form": ProjectForm(accompaniments=accompaniments, dossiers=dossiers),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def project_add(request):
    _require_eligible(request.user)
    accompaniments, dossiers = selectors.project_link_choices(request.user)
    form = ProjectForm(request.POST, accompaniments=accompaniments, dossiers=dossiers)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}" if label else error)
        return redirect("network:my_profile")
    report(
        request,
        lambda: services.project_add(actor=request.user, **form.cleaned_data),
        f"Projet « {form.cleaned_data['title']} » ajouté à votre profil.",
    )
    return redirect("network:my_profile")


@require_POST
def project_delete(request, pk):
    project = get_object_or_404(Project.objects.filter(profile__user_id=request.user.pk), pk=pk)
    title = project.title
    services.project_delete(actor=request.user, project=project)
    messages.success(request, f"Projet « {title} » retiré de votre profil.")
    return redirect("network:my_profile")


def match(request):
    """ "Who has already done this?": peers ranked for a need, each with the reasons."""
    _require_member(request.user)
    form = NeedForm(request.GET or None)
    results = None
    if form.is_valid():
        results = selectors.peers_for(request.user, topic=form.cleaned_data["topic"])
    return render(request, "network/match.html", {"form": form, "results": results})


def contact_create(request, pk):
    _require_member(request.user)
    peer = get_object_or_404(selectors.profiles_visible_to(request.user), pk=pk)
    initial = {"topic": request.GET.get("topic", ""), "message": request.GET.get("text", "")}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_request_create(
                requester=request.user, peer=peer, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Demande de mise en relation envoyée à {peer}.")
            return redirect("network:contact", pk=contact.pk)
    return render(
        request,
        "network/contact_form.html",
        {"peer": peer, "form": form},
        status=400 if form.errors else 200,
    )


def contacts(request):
    _require_eligible(request.user)
    items = selectors.contacts_visible_to(request.user)
    return render(
        request,
        "network/contacts.html",
        {
            "received": [c for c in items if c.peer.user_id == request.user.pk],
            "sent": [c for c in items if c.requester_id == request.user.pk],
        },
    )


def contact(request, pk):
    item = get_object_or_404(selectors.contacts_visible_to(request.user), pk=pk)
    return render(
        request,
        "network/contact.html",
        {
            "contact": item,
            "transitions": CONTACT.allowed(item, request.user),
            "form": AnswerForm(),
            "is_peer": item.peer.user_id == request.user.pk,
        },
    )


@require_POST
def contact_transition(request, pk):
    item = get_object_or_404(selectors.contacts_visible_to(request.user), pk=pk)
    name = request.POST.get("transition", "")
    if not CONTACT.can(item, name, request.user):
        raise PermissionDenied("Cette action n’est pas possible pour vous sur cette demande.")
    report(
        request,
        lambda: services.contact_transition(
            contact=item, name=name, actor=request.user, answer=request.POST.get("answer", "")
        ),
        lambda: f"Demande de mise en relation n° {item.pk} : {item.get_state_display().lower()}.",
    )
    return redirect("network:contact", pk=item.pk)
