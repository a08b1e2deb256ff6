"""Advice requests of the network's members to the Métropole or a partner."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.forms import attach_errors
from cvv.network import advice as services
from cvv.network.models import ADVICE_DOMAINS
from cvv.network.selectors import is_member
from cvv.network.workflows import ADVICE
from cvv.organisations.access import own_communes
from cvv.programme.selectors import accompaniments_visible_to
from cvv.www.errors import report
from cvv.www.network_views.forms import AdviceActionForm, AdviceForm
from cvv.www.network_views.views import _require_member


def advice_list(request):
    items = services.advice_visible_to(request.user)
    return render(
        request,
        "network/advice_list.html",
        # Partners answer advice without being network members: no links to members' pages.
        {"items": items[:200], "is_member": is_member(request.user)},
    )


def advice_create(request):
    _require_member(request.user)
    form = AdviceForm(request.POST or None, domains=ADVICE_DOMAINS, targets=services.targets())
    if request.method == "POST" and form.is_valid():
        try:
            item = services.advice_request_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, f"Demande de conseil « {item} » envoyée à {item.organisation}."
            )
            return redirect("network:advice", pk=item.pk)
    accompanied = accompaniments_visible_to(request.user).filter(
        commune__in=own_communes(request.user), state="active"
    )
    return render(
        request,
        "network/advice_form.html",
        {"form": form, "accompanied": list(accompanied.select_related("commune"))},
        status=400 if form.errors else 200,
    )


def advice(request, pk):
    item = get_object_or_404(services.advice_visible_to(request.user), pk=pk)
    return render(
        request,
        "network/advice.html",
        {
            "item": item,
            "transitions": ADVICE.allowed(item, request.user),
            "form": AdviceActionForm(),
            "is_member": is_member(request.user),
        },
    )


@require_POST
def advice_transition(request, pk):
    item = get_object_or_404(services.advice_visible_to(request.user), pk=pk)
    name = request.POST.get("transition", "")
    if not ADVICE.can(item, name, request.user):
        raise PermissionDenied("Cette action n’est pas possible pour vous sur cette demande.")
    report(
        request,
        lambda: services.advice_transition(
            advice=item, name=name, actor=request.user, text=request.POST.get("text", "")
        ),
        lambda: f"Demande de conseil « {item} » : {item.get_state_display().lower()}.",
    )
    return redirect("network:advice", pk=item.pk)
