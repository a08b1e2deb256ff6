"""Pages of matchmaking: the public list of available premises with its contact form, the
offers managed by communes, the foncière and the Métropole, the searches of economic
actors with their explained matches, and the activities a commune's town centre wants."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cvv.core.forms import AmountField
from cvv.matchmaking import selectors, services
from cvv.matchmaking import wanted as wanted_module
from cvv.matchmaking.enums import DealKind, OfferState
from cvv.matchmaking.workflows import MANAGERS, OFFER_WORKFLOW, SEARCH_WORKFLOW
from cvv.organisations.access import get_access, role_required
from cvv.organisations.enums import METROPOLE_STAFF_ROLES, Role
from cvv.premises.pieces import public_photos
from cvv.premises.selectors import vacant_premises_visible_to
from cvv.territories.models import Commune
from cvv.users.throttle import client_ip, hit
from cvv.www.errors import report, service_errors
from cvv.www.matchmaking_views.forms import (
    ContactForm,
    OfferForm,
    SearchForm,
    WantedForm,
    WithdrawForm,
    contact_token,
)

PAGE_SIZE = 50
CONTACTS_PER_HOUR = 5
SEARCH_ROLES = (*sorted(METROPOLE_STAFF_ROLES), Role.ECONOMIC_ACTOR)
managers_required = role_required(*MANAGERS)
searchers_required = role_required(*SEARCH_ROLES)


def _amount(text):
    """A filter's amount, or None when empty or not an amount (a filter never fails)."""
    try:
        return AmountField(required=False, max_digits=12, decimal_places=2).clean(text)
    except forms.ValidationError:
        return None


@login_not_required
def offers_public(request):
    items = selectors.published_offers()
    commune = request.GET.get("commune", "").strip()
    if commune:
        items = items.filter(premises__commune__code=commune)
    deal = request.GET.get("transaction", "")
    if deal in DealKind.values:
        items = items.filter(deal_kind=deal)
    surface = _amount(request.GET.get("surface_min", ""))
    if surface is not None:
        items = items.filter(premises__sales_area_m2__gte=surface)
    rent = _amount(request.GET.get("loyer_max", ""))
    if rent is not None:
        items = items.filter(monthly_rent__lte=rent)
    page = Paginator(items.order_by("premises__commune__nom", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "matchmaking/public_list.html",
        {
            "rows": page,
            "page": page,
            "points": _points(page),
            "link_template": reverse("matchmaking:public_offer", args=[0]).replace(
                "/0/", "/{code}/"
            ),
            "deal_kinds": DealKind.choices,
            "selected": {
                "commune": commune,
                "transaction": deal,
                "surface_min": request.GET.get("surface_min", ""),
                "loyer_max": request.GET.get("loyer_max", ""),
            },
        },
    )


def _points(offers):
    """The offers of a page that have a position, as GeoJSON points for the map (the label is
    text: `cvv/map.js` writes it with textContent)."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [o.premises.lon, o.premises.lat]},
            "properties": {
                "code": str(o.pk),
                "label": f"{o.reference} — {o.premises.address}, {o.premises.commune.nom}",
            },
        }
        for o in offers
        if o.premises.lon is not None and o.premises.lat is not None
    ]
    return {"type": "FeatureCollection", "features": features}


@login_not_required
def offer_public(request, pk):
    offer = get_object_or_404(selectors.published_offers(), pk=pk)
    form = ContactForm(request.POST or None, offer_pk=offer.pk)
    if request.method == "POST":
        if not hit("matchmaking-contact", client_ip(request), limit=CONTACTS_PER_HOUR, window=3600):
            form.add_error(
                None, "Trop de messages envoyés depuis votre connexion : réessayez dans une heure."
            )
        elif form.is_valid():
            with service_errors(request, form=form):
                services.contact_request(
                    offer=offer,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    client_key=client_ip(request)[:64],
                )
                messages.success(
                    request, f"Votre message sur l’offre {offer.reference} a été transmis."
                )
                return redirect("matchmaking:public_offer", pk=offer.pk)
    if form.is_bound:  # the page shown again carries a fresh token
        form.data = form.data.copy()
        form.data["token"] = contact_token(offer.pk)
    else:
        form.initial["token"] = contact_token(offer.pk)
    return render(
        request,
        "matchmaking/public_offer.html",
        {"offer": offer, "form": form, "photos": public_photos(offer.premises)},
        status=400 if form.is_bound else 200,
    )


def _buttons(actions, allowed):
    """(slug of the URL, transition) for each transition the person may fire now."""
    slugs = {name: slug for slug, (name, _) in actions.items()}
    return [(slugs[t.name], t) for t in allowed]


@managers_required
def offers(request):
    page = Paginator(selectors.offers_managed_by(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "matchmaking/offers.html", {"rows": page, "page": page})


@managers_required
def offer_create(request):
    premises = vacant_premises_visible_to(request.user)
    form = OfferForm(request.POST or None, premises=premises)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(request, form=form):
            offer = services.offer_create(
                actor=request.user,
                premises=data.pop("premises"),
                deal_kind=data.pop("deal_kind"),
                **data,
            )
            messages.success(request, f"Offre {offer.reference} créée (brouillon).")
            return redirect("matchmaking:offer", pk=offer.pk)
    return render(
        request,
        "matchmaking/offer_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@managers_required
def offer_detail(request, pk):
    offer = get_object_or_404(selectors.offers_managed_by(request.user), pk=pk)
    return render(
        request,
        "matchmaking/offer_detail.html",
        {
            "offer": offer,
            "transitions": _buttons(OFFER_ACTIONS, OFFER_WORKFLOW.allowed(offer, request.user)),
            "withdraw_form": WithdrawForm(),
            "matches": selectors.matches_for_offer(offer)
            if offer.state == OfferState.PUBLISHED
            else [],
            "contacts": offer.contact_requests.all()[:50],
            "dismissed_count": offer.dismissals.filter(side="offre").count(),
            "introductions": offer.introductions.select_related("search__organisation"),
            "photos": public_photos(offer.premises),
        },
    )


OFFER_ACTIONS = {
    "publier": ("publish", "publiée"),
    "retirer": ("withdraw", "retirée"),
    "republier": ("republish", "republiée"),
}


@managers_required
@require_POST
def offer_transition(request, pk, action):
    offer = get_object_or_404(selectors.offers_managed_by(request.user), pk=pk)
    if action not in OFFER_ACTIONS:
        raise Http404("Action inconnue.")
    name, done = OFFER_ACTIONS[action]
    reason = request.POST.get("reason", "").strip()[:300]
    report(
        request,
        lambda: OFFER_WORKFLOW.apply(offer, name, actor=request.user, reason=reason),
        f"Offre {offer.reference} {done}.",
    )
    return redirect("matchmaking:offer", pk=offer.pk)


@searchers_required
def searches(request):
    page = Paginator(selectors.searches_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "matchmaking/searches.html",
        {
            "rows": page,
            "page": page,
            "can_create": selectors.search_organisations(request.user).exists(),
        },
    )


@searchers_required
def search_create(request):
    organisations = selectors.search_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied("Vous n’agissez pour aucun acteur économique.")
    form = SearchForm(
        request.POST or None, organisations=organisations, communes=Commune.objects.order_by("nom")
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(request, form=form):
            search = services.search_create(
                actor=request.user,
                organisation=data.pop("organisation"),
                title=data.pop("title"),
                communes=data.pop("communes"),
                **data,
            )
            messages.success(
                request, f"Recherche {search.reference} « {search.title} » enregistrée."
            )
            return redirect("matchmaking:search", pk=search.pk)
    return render(
        request,
        "matchmaking/search_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@searchers_required
def search_detail(request, pk):
    search = get_object_or_404(selectors.searches_visible_to(request.user), pk=pk)
    introductions = {i.offer_id: i for i in search.introductions.all()}
    found = selectors.matches_for_search(search) if search.state == "active" else []
    return render(
        request,
        "matchmaking/search_detail.html",
        {
            "search": search,
            "transitions": _buttons(SEARCH_ACTIONS, SEARCH_WORKFLOW.allowed(search, request.user)),
            "matches": [(s, o, m, introductions.get(o.pk)) for s, o, m in found],
            "dismissed_count": search.dismissals.filter(side="recherche").count(),
            "may_request": selectors.search_organisations(request.user)
            .filter(pk=search.organisation_id)
            .exists(),
        },
    )


SEARCH_ACTIONS = {"clore": ("close", "close"), "rouvrir": ("reopen", "rouverte")}


@searchers_required
@require_POST
def search_transition(request, pk, action):
    search = get_object_or_404(selectors.searches_visible_to(request.user), pk=pk)
    if action not in SEARCH_ACTIONS:
        raise Http404("Action inconnue.")
    name, done = SEARCH_ACTIONS[action]
    report(
        request,
        lambda: SEARCH_WORKFLOW.apply(search, name, actor=request.user),
        f"Recherche {search.reference} {done}.",
    )
    return redirect("matchmaking:search", pk=search.pk)


def _commune_for_wanted(request, code):
    access = get_access(request.user)
    if not (access.is_metropole_staff or access.works_for_a_commune):
        raise PermissionDenied("Page réservée aux communes et à la Métropole.")
    commune = get_object_or_404(Commune, code=code)
    if not access.can_edit_commune(commune):
        raise Http404("Commune hors de votre périmètre.")
    return commune


def wanted(request, code):
    commune = _commune_for_wanted(request, code)
    current = selectors.wanted_categories([commune.code]).get(commune.code, set())
    proposals, explanation = wanted_module.proposals(commune)
    form = WantedForm(request.POST or None, initial={"categories": sorted(current)})
    if request.method == "POST" and form.is_valid():
        sources = {p.category: p.source for p in proposals}
        with service_errors(request, form=form):
            services.wanted_set(
                actor=request.user,
                commune=commune,
                categories=form.cleaned_data["categories"],
                sources=sources,
            )
            messages.success(request, f"Activités souhaitées par {commune.nom} enregistrées.")
            return redirect("matchmaking:wanted", code=commune.code)
    return render(
        request,
        "matchmaking/wanted.html",
        {
            "commune": commune,
            "form": form,
            "proposals": proposals,
            "explanation": explanation,
            "current": sorted(current),
        },
        status=400 if form.is_bound else 200,
    )


@searchers_required
@require_POST
def introduction_request(request, pk, offer_pk):
    search = get_object_or_404(selectors.searches_visible_to(request.user), pk=pk)
    offer = get_object_or_404(selectors.published_offers(), pk=offer_pk)
    done = report(
        request,
        lambda: services.introduction_request(
            actor=request.user,
            search=search,
            offer=offer,
            message=request.POST.get("message", "")[:2000],
        ),
        f"Mise en relation demandée pour le local {offer.reference}.",
    )
    if done:
        introduction = search.introductions.get(offer=offer)
        return redirect("matchmaking:introduction", pk=introduction.pk)
    return redirect("matchmaking:search", pk=search.pk)
