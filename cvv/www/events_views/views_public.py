"""Public pages of the events: the list, an event's page and programme, its iCalendar file
and the feed, registration (no account for a public event), the person's own registration
page reached through their signed link (status, check-in code, cancellation, certificate),
certificate verification and the laureates of the Assises."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cvv.core.downloads import file_response, stored_file_response
from cvv.documents.validation import download_name
from cvv.events import (
    badges,
    certificates,
    ical,
    publications,
    selectors,
    services,
    survey,
    tokens,
    workshops,
)
from cvv.events.enums import EventState, RegistrationState
from cvv.events.models import Registration, SessionDocument
from cvv.events.workflows import EVENT
from cvv.organisations.access import get_access
from cvv.www.errors import report, service_errors
from cvv.www.events_views.forms import RegistrationForm, SurveyForm


def _event(request, slug):
    return get_object_or_404(selectors.with_places(selectors.events_visible_to(request.user)),
                             slug=slug)  # fmt: skip


@login_not_required
def event_list(request):
    events = selectors.with_places(selectors.events_visible_to(request.user))
    now = timezone.now()
    return render(request, "events/list.html", {
        "upcoming": events.filter(ends_at__gte=now),
        "past": events.filter(ends_at__lt=now).order_by("-starts_at"),
    })  # fmt: skip


@login_not_required
def event_detail(request, slug):
    event = _event(request, slug)
    sessions = list(event.sessions.prefetch_related("speakers"))
    documents = _documents_by_session(request, event)
    for session in sessions:
        session.shown_documents = documents.get(session.pk, [])
    speakers = {s.pk: s for session in sessions for s in session.speakers.all()}
    return render(request, "events/detail.html", {
        "event": event,
        "sessions": sessions,
        "speakers": sorted(speakers.values(), key=lambda s: s.name),
        "categories": event.categories.all(),
        "open": event.registration_open(timezone.now()),
        "laureates": selectors.laureates(event),
        "has_documents": bool(documents),
        "documents_public": publications.published(event),
        "awards": event.award_categories.all(),
        "transitions": EVENT.allowed(event, request.user),
        "is_organiser": get_access(request.user).is_metropole_staff,
    })  # fmt: skip


def _documents_by_session(request, event):
    """Slides and minutes per session id: public once the event has ended; the organisers
    see them as soon as they are added."""
    if not (publications.published(event) or get_access(request.user).is_metropole_staff):
        return {}
    found = {}
    for document in publications.documents_of(event):
        found.setdefault(document.session_id, []).append(document)
    return found


@login_not_required
def session_document(request, pk):
    document = get_object_or_404(SessionDocument.objects.select_related("session__event"), pk=pk)
    event = document.session.event
    visible = selectors.events_visible_to(request.user).filter(pk=event.pk).exists()
    if not visible or not (publications.published(event)
                           or get_access(request.user).is_metropole_staff):  # fmt: skip
        raise Http404("Document introuvable.")
    return stored_file_response(
        document.file,
        filename=download_name(document.original_name, document.content_type),
        content_type=document.content_type,
        sandbox=True,
    )


def _item(request, event):
    place = ", ".join(p for p in (event.venue, event.address) if p) or event.online_url
    return {
        "uid": f"evenement-{event.pk}@{request.get_host()}",
        "title": event.title,
        "start": event.starts_at,
        "end": event.ends_at,
        "description": event.summary,
        "location": place,
        "url": request.build_absolute_uri(reverse("events:detail", args=[event.slug])),
        "cancelled": event.state == EventState.CANCELLED,
    }


def _ics(text, filename):
    return file_response(
        text.encode(), filename=filename, content_type="text/calendar; charset=utf-8"
    )


@login_not_required
def event_ics(request, slug):
    event = _event(request, slug)
    items = [_item(request, event)]
    for session in event.sessions.all():
        items.append({
            "uid": f"session-{session.pk}@{request.get_host()}",
            "title": f"{event.title} — {session.title}",
            "start": session.starts_at, "end": session.ends_at,
            "description": session.description,
            "location": ", ".join(p for p in (session.room, event.venue) if p),
        })  # fmt: skip
    return _ics(ical.calendar(items, name=event.title, stamp=timezone.now()), f"{slug}.ics")


@login_not_required
def feed(request):
    events = selectors.events_visible_to(None).filter(state__in=[EventState.PUBLISHED,
                                                                 EventState.CANCELLED])  # fmt: skip
    items = [_item(request, e) for e in events]
    text = ical.calendar(items, name="Centres-Villes Vivants — événements", stamp=timezone.now())
    return _ics(text, "evenements.ics")


@login_not_required
def register(request, slug):
    event = _event(request, slug)
    if not event.is_public and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not event.registration_open(timezone.now()):
        messages.error(request, f"Les inscriptions à « {event.title} » ne sont pas ouvertes.")
        return redirect("events:detail", slug=event.slug)
    form = RegistrationForm(request.POST if request.method == "POST" else None, event=event,
                            user=request.user)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form=form):
            registration = services.registration_create(
                event=event, category=data["category"], first_name=data["first_name"],
                last_name=data["last_name"], email=data["email"],
                organisation=data["organisation"], answers=form.answers(), user=request.user,
                workshops=data.get("workshops") or (),
            )  # fmt: skip
            state = registration.get_state_display().lower()
            messages.success(
                request,
                f"Inscription n° {registration.pk} à « {event.title} » : "
                f"{state}. Un e-mail de confirmation vous a été envoyé.",
            )
            return redirect("events:registration",
                            token=tokens.make(registration, tokens.MANAGE))  # fmt: skip
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/register.html", {"event": event, "form": form}, status=status)


def _by_token(token):
    pk = tokens.read(token, tokens.MANAGE)
    if pk is None:
        raise Http404("Lien d’inscription invalide.")
    return get_object_or_404(Registration.objects.select_related("event", "category"), pk=pk)


@login_not_required
def registration(request, token):
    registration = _by_token(token)
    if request.method == "POST":
        report(
            request,
            lambda: services.registration_cancel(registration=registration, token=token),
            f"Inscription n° {registration.pk} à « {registration.event.title} » annulée.",
        )
        return redirect("events:registration", token=token)
    show_code = registration.state == RegistrationState.CONFIRMED
    return render(request, "events/registration.html", {
        "badge": badges.printable(registration),
        "offered": registration.state == RegistrationState.OFFERED,
        "workshops": workshops.chosen_by(registration),
        "may_choose": badges.printable(registration)
        and registration.state == RegistrationState.CONFIRMED
        and workshops.workshops_of(registration.event).exists(),
        "registration": registration,
        "event": registration.event,
        "token": token,
        "code": tokens.make(registration, tokens.CHECK_IN) if show_code else "",
        "certificate": certificates.available(registration),
        "survey": survey.may_answer(registration),
        "may_cancel": registration.state in (RegistrationState.PENDING,
                                             RegistrationState.CONFIRMED,
                                             RegistrationState.OFFERED,
                                             RegistrationState.WAITLISTED),
    })  # fmt: skip


@login_not_required
def survey_form(request, token):
    """The satisfaction survey, for a person present, through their registration link."""
    registration = _by_token(token)
    if not survey.may_answer(registration):
        raise Http404("Pas de questionnaire à remplir pour cette inscription.")
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form):
            survey.survey_answer(registration=registration, token=token, **form.cleaned_data)
            messages.success(request, f"Merci : votre avis sur « {registration.event.title} » "
                                      "est enregistré.")  # fmt: skip
            return redirect("events:registration", token=token)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/survey.html",
                  {"event": registration.event, "form": form}, status=status)  # fmt: skip


@login_not_required
def certificate(request, token):
    registration = _by_token(token)
    if not certificates.available(registration):
        raise Http404("Pas d’attestation pour cette inscription.")
    return file_response(
        certificates.render(registration),
        filename=f"attestation-{registration.pk}.pdf",
        content_type="application/pdf",
        private=True,
    )


@login_not_required
def verify(request):
    code = request.GET.get("code", "").strip()
    found = None
    if code:
        pk = tokens.read(code, tokens.CERTIFICATE)
        found = Registration.objects.select_related("event").filter(pk=pk).first() if pk else None
        if found is not None and not certificates.available(found):
            found = None
    return render(request, "events/verify.html", {
        "code": code, "found": found,
        "what": certificates.what(found.event) if found else "",
        "hours": certificates.hours(found.event.training_hours)
        if found and found.event.training_hours
        else "",
    })  # fmt: skip


def mine(request):
    """The signed-in person's registrations (their own only)."""
    registrations = selectors.registrations_visible_to(request.user).filter(user_id=request.user.pk)
    rows = [(r, tokens.make(r, tokens.MANAGE)) for r in registrations.order_by("-event__starts_at")]
    return render(request, "events/mine.html", {"rows": rows})
