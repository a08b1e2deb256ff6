"""Pages of introductions (stages, messages), dismissed matches and results per commune."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.exports import FORMAT_LABELS, FORMATS, table_response
from cvv.core.pagination import conversation_page
from cvv.matchmaking import dismissals, results, selectors, stages
from cvv.matchmaking.enums import DismissSide, IntroductionState, SearchState
from cvv.matchmaking.models import Search
from cvv.matchmaking.workflows import INTRODUCTION_WORKFLOW, MANAGERS, party_of
from cvv.organisations.access import get_access, role_required, staff_required
from cvv.www.errors import report, service_errors
from cvv.www.matchmaking_views.forms import (
    AbandonForm,
    DeclineForm,
    DismissForm,
    MessageForm,
    SignForm,
    VisitForm,
)

PAGE_SIZE = 50
managers_required = role_required(*MANAGERS)

# URL slug → (transition, past participle for the message, form or None, service call)
INTRODUCTION_ACTIONS = {
    "accepter": ("accept", "acceptée", None),
    "refuser": ("decline", "refusée", DeclineForm),
    "visite": ("visit", "complétée d’une visite", VisitForm),
    "candidature": ("apply", "complétée de la candidature", None),
    "bail-signe": ("sign", "conclue par un bail signé", SignForm),
    "abandonner": ("abandon", "abandonnée", AbandonForm),
}


def _call(name, user, introduction, data):
    if name == "accept":
        return stages.introduction_accept(actor=user, introduction=introduction)
    if name == "decline":
        return stages.introduction_decline(
            actor=user, introduction=introduction, reason=data["reason"]
        )
    if name == "visit":
        return stages.introduction_visit(
            actor=user, introduction=introduction, on=data["on"], note=data.get("note", "")
        )
    if name == "apply":
        return stages.introduction_apply(actor=user, introduction=introduction)
    if name == "sign":
        return stages.introduction_sign(actor=user, introduction=introduction, on=data["on"])
    return stages.introduction_abandon(actor=user, introduction=introduction, reason=data["reason"])


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _detail(request, introduction, *, bound=None, message_form=None, status=200):
    slugs = {name: slug for slug, (name, _, _) in INTRODUCTION_ACTIONS.items()}
    actions = []
    for t in INTRODUCTION_WORKFLOW.allowed(introduction, request.user):
        slug = slugs[t.name]
        form_class = INTRODUCTION_ACTIONS[slug][2]
        form = bound if bound is not None and bound[0] == slug else None
        actions.append((slug, t, form[1] if form else (form_class() if form_class else None)))
    may_write = introduction.state in stages.MESSAGE_STATES and party_of(
        get_access(request.user), introduction
    )
    return render(
        request,
        "matchmaking/introduction.html",
        {
            "introduction": introduction,
            "actions": actions,
            "visits": introduction.visits.all(),
            "shared": introduction.state not in {"demandee", "refusee"},
            "page": conversation_page(
                introduction.messages.select_related("author"), request.GET.get("messages")
            ),
            "message_form": (message_form or MessageForm()) if may_write else None,
        },
        status=status,
    )


def introduction_detail(request, pk):
    introduction = get_object_or_404(selectors.introductions_visible_to(request.user), pk=pk)
    return _detail(request, introduction)


@require_POST
def introduction_transition(request, pk, action):
    introduction = get_object_or_404(selectors.introductions_visible_to(request.user), pk=pk)
    if action not in INTRODUCTION_ACTIONS:
        raise Http404("Action inconnue.")
    name, done, form_class = INTRODUCTION_ACTIONS[action]
    data = {}
    if form_class is not None and INTRODUCTION_WORKFLOW.can(introduction, name, request.user):
        form = form_class(request.POST)
        if not form.is_valid():
            return _detail(request, introduction, bound=(action, form), status=400)
        data = form.cleaned_data
    elif form_class is not None:
        data = {"reason": "", "on": None}
    report(
        request,
        lambda: _call(name, request.user, introduction, data),
        f"Mise en relation {introduction.reference} {done}.",
    )
    return redirect("matchmaking:introduction", pk=introduction.pk)


@require_POST
def introduction_message(request, pk):
    introduction = get_object_or_404(selectors.introductions_visible_to(request.user), pk=pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        with service_errors(request, form=form):
            stages.introduction_message(
                actor=request.user, introduction=introduction, body=form.cleaned_data["body"]
            )
            messages.success(
                request, f"Message envoyé sur la mise en relation {introduction.reference}."
            )
            return redirect("matchmaking:introduction", pk=introduction.pk)
    return _detail(request, introduction, message_form=form, status=400)


def introductions(request):
    access = get_access(request.user)
    if not access.is_authenticated:
        raise Http404
    items = selectors.introductions_visible_to(request.user)
    state = request.GET.get("etat", "")
    if state in IntroductionState.values:
        items = items.filter(state=state)
    return render(
        request,
        "matchmaking/introductions.html",
        {
            "page": _page(request, items.order_by("-created_at", "-pk")),
            "states": IntroductionState.choices,
            "state": state,
        },
    )


def _dismiss(request, form, *, offer, search, side, back):
    if form.is_bound and form.is_valid():
        with service_errors(request, form=form):
            dismissals.dismiss(
                actor=request.user,
                offer=offer,
                search=search,
                side=side,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                f"Rapprochement entre {offer.reference} et {search.reference} écarté.",
            )
            return back
    return render(
        request,
        "matchmaking/dismiss.html",
        {"form": form, "offer": offer, "search": search, "side": side},
        status=400 if form.is_bound else 200,
    )


def search_dismiss(request, pk, offer_pk):
    search = get_object_or_404(
        Search.objects.filter(organisation__in=selectors.search_organisations(request.user)),
        pk=pk,
    )
    offer = get_object_or_404(selectors.published_offers(), pk=offer_pk)
    back = redirect("matchmaking:search", pk=search.pk)
    form = DismissForm(request.POST if request.method == "POST" else None)
    return _dismiss(request, form, offer=offer, search=search, side=DismissSide.SEARCH, back=back)


@managers_required
def offer_dismiss(request, pk, search_pk):
    offer = get_object_or_404(selectors.offers_managed_by(request.user), pk=pk)
    search = get_object_or_404(
        Search.objects.filter(state=SearchState.ACTIVE).select_related("organisation"),
        pk=search_pk,
    )
    back = redirect("matchmaking:offer", pk=offer.pk)
    form = DismissForm(request.POST if request.method == "POST" else None)
    return _dismiss(request, form, offer=offer, search=search, side=DismissSide.OFFER, back=back)


@staff_required
def dismissed(request):
    items = dismissals.dismissals_visible_to(request.user)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return table_response(
            dismissals.EXPORT_COLUMNS,
            dismissals.export_rows(items.order_by("-created_at", "-pk")),
            fmt,
            "rapprochements-ecartes",
        )
    return render(
        request,
        "matchmaking/dismissed.html",
        {
            "page": _page(request, items.order_by("-created_at", "-pk")),
            "counts": dismissals.reason_counts(items),
            "formats": FORMAT_LABELS.items(),
        },
    )


@managers_required
def results_page(request):
    data = results.compute(selectors.introductions_visible_to(request.user))
    rows = data["communes"]
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        if request.GET.get("table") == "territoires":
            return table_response(
                results.TERRITORY_COLUMNS,
                data["territories"],
                fmt,
                "resultats-mise-en-relation-territoires",
            )
        return table_response(results.COLUMNS, rows, fmt, "resultats-mise-en-relation")
    return render(
        request,
        "matchmaking/results.html",
        {
            "page": _page(request, rows),
            "territories": data["territories"],
            "chart": results.chart(data["territories"]),
            "columns": results.COLUMNS,
            "formats": FORMAT_LABELS.items(),
            "totals": {
                "filled": sum(r["filled"] for r in rows),
                "introductions": sum(r["introductions"] for r in rows),
            },
        },
    )
