"""Help requests to the Métropole (as in Recoco): a commune's people ask from their home page,
accompanied or not; the staff work them from queues (to answer, followed by me, waiting for the
commune, closed); both sides write in the request's conversation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.pagination import conversation_page
from cvv.organisations.access import get_access, own_communes
from cvv.programme import selectors
from cvv.programme.services import help as services
from cvv.programme.workflows import HELP_REQUEST
from cvv.www.errors import report, service_errors, show_errors
from cvv.www.programme_views.forms import HelpMessageForm, HelpRequestForm


def _reader(request):
    access = get_access(request.user)
    if not access.sees_some_commune:
        raise PermissionDenied("Les demandes d’aide sont celles des communes et de la Métropole.")
    return access


def help_requests(request):
    access = _reader(request)
    queue = request.GET.get("file", "a-traiter" if access.is_metropole_staff else "")
    if access.is_metropole_staff:
        items, counts = selectors.help_queue(request.user, queue)
    else:
        items, counts = selectors.help_requests_visible_to(request.user), {}
    return render(
        request,
        "programme/help_requests.html",
        {
            "items": items[:200],
            "queues": [
                (slug, label, counts.get(slug, 0)) for slug, label, _ in selectors.HELP_QUEUES
            ],
            "queue": queue,
            "is_staff": access.is_metropole_staff,
            "may_ask": access.works_for_a_commune,
        },
    )


def help_request_create(request):
    access = get_access(request.user)
    if not access.works_for_a_commune:
        raise PermissionDenied(
            "Seules les personnes d’une commune demandent l’aide de la Métropole."
        )
    data = request.POST if request.method == "POST" else None
    form = HelpRequestForm(data, communes=own_communes(access))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form=form):
            created = services.help_request_create(
                commune=data["commune"],
                topic=data["topic"],
                subject=data["subject"],
                body=data["body"],
                actor=request.user,
            )
            messages.success(
                request,
                f"Demande d’aide « {created.subject} » envoyée à la Métropole : "
                "l’équipe du programme est prévenue.",
            )
            return redirect("programme:help_request", pk=created.pk)
    return render(
        request,
        "programme/help_request_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _visible(request, pk):
    _reader(request)
    return get_object_or_404(selectors.help_requests_visible_to(request.user), pk=pk)


def _participates(access, help_request):
    return access.is_metropole_staff or access.is_commune_side(help_request.commune)


def help_request(request, pk):
    help_request = _visible(request, pk)
    access = get_access(request.user)
    conversation = help_request.messages.select_related("author")
    return render(
        request,
        "programme/help_request.html",
        {
            "help_request": help_request,
            "conversation": conversation_page(conversation, request.GET.get("messages")),
            "may_write": _participates(access, help_request) and help_request.state == "open",
            "is_staff": access.is_metropole_staff,
            "transitions": HELP_REQUEST.allowed(help_request, request.user),
            "form": HelpMessageForm(),
        },
    )


def _for_participant(request, pk):
    help_request = _visible(request, pk)
    if not _participates(get_access(request.user), help_request):
        raise PermissionDenied("Vous ne participez pas à cette demande d’aide.")
    return help_request


@require_POST
def help_message_post(request, pk):
    help_request = _for_participant(request, pk)
    form = HelpMessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Le message est vide.")
        return redirect("programme:help_request", pk=pk)
    try:
        services.help_message_post(
            request=help_request, body=form.cleaned_data["body"], actor=request.user
        )
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, f"Message envoyé sur la demande « {help_request.subject} ».")
    return redirect("programme:help_request", pk=pk)


@require_POST
def help_request_transition(request, pk):
    help_request = _for_participant(request, pk)
    name = request.POST.get("transition", "")
    done = {"close": "close", "reopen": "rouverte", "follow": "prise en charge"}
    if name == "follow":
        change = lambda: services.help_request_follow(request=help_request, actor=request.user)  # noqa: E731
    elif name in HELP_REQUEST.transitions:
        change = lambda: services.help_request_transition(  # noqa: E731
            request=help_request, name=name, actor=request.user
        )
    else:
        messages.error(request, "Action inconnue.")
        return redirect("programme:help_request", pk=pk)
    report(request, change, f"Demande d’aide « {help_request.subject} » {done[name]}.")
    return redirect("programme:help_request", pk=pk)
