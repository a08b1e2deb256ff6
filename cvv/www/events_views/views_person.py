"""The registered person's pages reached through their signed link: their badge (PDF) and
QR code, the confirmation of a place offered from the waiting list, and their workshops."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cvv.core.downloads import file_response
from cvv.events import badges, offers, workshops
from cvv.www.errors import report, service_errors
from cvv.www.events_views.forms import WorkshopsForm
from cvv.www.events_views.views_public import _by_token


@login_not_required
def badge(request, token):
    registration = _by_token(token)
    if not badges.printable(registration):
        raise Http404("Pas de badge pour cette inscription.")
    return file_response(
        badges.render([registration], title=f"Badge — {registration.full_name}"),
        filename=f"badge-{registration.pk}.pdf",
        content_type="application/pdf",
        private=True,
    )


@login_not_required
def qr_code(request, token):
    registration = _by_token(token)
    if not badges.printable(registration):
        raise Http404("Pas de code pour cette inscription.")
    response = HttpResponse(badges.qr_svg(registration), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_POST
def confirm_offer(request, token):
    registration = _by_token(token)
    report(
        request,
        lambda: offers.offer_accept(registration=registration, token=token),
        f"Inscription n° {registration.pk} à « {registration.event.title} » : place confirmée.",
    )
    return redirect("events:registration", token=token)


@login_not_required
def choose_workshops(request, token):
    registration = _by_token(token)
    event = registration.event
    available = list(workshops.workshops_of(event))
    if not available:
        raise Http404("Pas d’ateliers à choisir pour cet événement.")
    form = WorkshopsForm(
        request.POST if request.method == "POST" else None,
        workshops=available,
        initial={"workshops": [str(s.pk) for s in workshops.chosen_by(registration)]},
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form, field="workshops"):
            chosen = workshops.workshops_choose(
                registration=registration, sessions=form.cleaned_data["workshops"], token=token
            )
            messages.success(request, f"Inscription n° {registration.pk} : {len(chosen)} "
                                      f"atelier(s) choisi(s) pour « {event.title} ».")  # fmt: skip
            return redirect("events:registration", token=token)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/workshops.html", {
        "event": event, "registration": registration, "form": form, "token": token,
        "workshops": available,
    }, status=status)  # fmt: skip
