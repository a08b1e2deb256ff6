"""Organisers' pages (the Métropole's staff): edit and publish an event, its registrations
with search and live counts, check-in at the entrance; and the awards of the Assises
(nominations by communes, jury decision, public laureates)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cvv.core.downloads import file_response
from cvv.core.exports import UnknownFormat, table_response
from cvv.events import awards, badges, batches, jury, publications, selectors, services, survey
from cvv.events.enums import RegistrationState
from cvv.events.models import AwardCategory, BatchJob, Event, SessionDocument
from cvv.events.workflows import EVENT, NOMINATION, REGISTRATION
from cvv.organisations.access import get_access, own_communes, staff_required
from cvv.territories.models import Commune
from cvv.www.errors import report, service_errors
from cvv.www.events_views.forms import (
    CheckInForm,
    EventForm,
    NominationForm,
    QuestionForm,
    QuotaForm,
    ReasonForm,
    SessionDocumentForm,
    SessionForm,
    SpeakerForm,
)


@staff_required
def event_edit(request, slug=None):
    event = get_object_or_404(Event, slug=slug) if slug else Event()
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form):
            services.event_save(event=form.instance, actor=request.user)
            messages.success(request, f"Événement « {event.title} » enregistré.")
            return redirect("events:detail", slug=event.slug)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/event_form.html", {"form": form, "event": event}, status=status)


PROGRAMME_FORMS = {"session": SessionForm, "speaker": SpeakerForm, "quota": QuotaForm,
                   "question": QuestionForm}  # fmt: skip


def _save_programme(request, event, kind, form):
    data = form.cleaned_data
    if kind == "session":
        form.instance.event = event
        session = services.session_save(session=form.instance, speakers=data["speakers"],
                                        actor=request.user)  # fmt: skip
        return f"Session « {session.title} » enregistrée."
    if kind == "speaker":
        speaker = services.speaker_save(speaker=form.instance, actor=request.user)
        return f"Intervenant « {speaker.name} » enregistré."
    if kind == "quota":
        row = services.quota_set(event=event, category=data["category"], quota=data["quota"],
                                 actor=request.user)  # fmt: skip
        return f"{row.get_category_display()} : {row.quota} places."
    form.instance.event = event
    question = services.question_save(question=form.instance, actor=request.user)
    return f"Question « {question.label} » enregistrée."


@staff_required
def programme_edit(request, slug):
    """The organisers build the programme: sessions with speakers, quotas, questions."""
    event = get_object_or_404(Event, slug=slug)
    kind = request.POST.get("form") if request.method == "POST" else None
    forms = {name: cls(prefix=name) for name, cls in PROGRAMME_FORMS.items()}
    status = 200
    if kind is not None:
        status = 400
        if kind in PROGRAMME_FORMS:
            form = forms[kind] = PROGRAMME_FORMS[kind](request.POST, prefix=kind)
            if form.is_valid():
                with service_errors(request, form=form):
                    messages.success(request, _save_programme(request, event, kind, form))
                    return redirect("events:programme", slug=event.slug)
    return render(request, "events/programme_form.html", {
        "event": event, "forms": forms, "sessions": event.sessions.prefetch_related("speakers"),
        "categories": event.categories.all(), "questions": event.questions.all(),
    }, status=status)  # fmt: skip


@require_POST
def event_transition(request, slug, name):
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    transition = EVENT.get(name)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    report(
        request,
        lambda: services.event_transition(
            event=event, name=name, actor=request.user, reason=reason
        ),  # fmt: skip
        lambda: (
            f"Événement « {event.title} » : {transition.label.lower()} — "
            f"{event.get_state_display().lower()}."
        ),
    )
    return redirect("events:detail", slug=event.slug)


def _counts(event):
    counts = event.registrations.aggregate(**{
        s.value: Count("pk", filter=Q(state=s.value)) for s in RegistrationState
    })  # fmt: skip
    return [(label, counts[value]) for value, label in RegistrationState.choices]


def _export(event, rows, fmt):
    """Registrations and attendance as CSV, XLSX or ODS (cells neutralised by core.exports)."""
    questions = list(event.questions.all())
    columns = [("numero", "N°"), ("nom", "Nom"), ("prenom", "Prénom"), ("email", "E-mail"),
               ("structure", "Structure"), ("categorie", "Catégorie"), ("etat", "État"),
               ("inscrit_le", "Inscrit le"), ("arrivee", "Arrivée")]  # fmt: skip
    columns += [(f"q{q.pk}", q.label) for q in questions]
    table = []
    for r in rows:
        line = {"numero": r.pk, "nom": r.last_name, "prenom": r.first_name, "email": r.email,
                "structure": r.organisation, "categorie": r.category.get_category_display(),
                "etat": r.get_state_display(),
                "inscrit_le": timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
                "arrivee": timezone.localtime(r.checked_in_at).strftime("%H:%M")
                if r.checked_in_at else ""}  # fmt: skip
        line.update({f"q{q.pk}": r.answers.get(str(q.pk), "") for q in questions})
        table.append(line)
    try:
        return table_response(columns, table, fmt, f"inscriptions-{event.slug}")
    except UnknownFormat as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


@staff_required
def registrations(request, slug):
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    rows = selectors.registrations_visible_to(request.user).filter(event=event)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        rows = rows.filter(
            Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation__icontains=query)
        )
    state = request.GET.get("etat", "")
    if state in RegistrationState.values:
        rows = rows.filter(state=state)
    fmt = request.GET.get("format")
    if fmt:
        return _export(event, rows.order_by("created_at", "pk"), fmt)
    rows = list(rows.order_by("last_name", "first_name"))
    for row in rows:
        row.allowed = REGISTRATION.allowed(row, request.user)
    batches.sweep_before_showing(event)
    return render(request, "events/registrations.html", {
        "event": event, "rows": rows, "query": query, "counts": _counts(event),
        "jobs": event.batch_jobs.select_related("created_by")[:5],
        "kinds": BatchJob.Kind.choices,
    })  # fmt: skip


@staff_required
def check_in(request, slug):
    """The entrance: a code (scanned or typed) or a search by name; works on a phone."""
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    scanned = request.GET.get("code", "").strip()[:500]
    form = CheckInForm(request.POST if request.method == "POST" else None,
                       initial={"code": scanned} if scanned else None)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form, field="code"):
            registration = services.check_in_by_code(event=event, code=form.cleaned_data["code"],
                                                     actor=request.user)  # fmt: skip
            messages.success(request, f"Arrivée de {registration.full_name} enregistrée "
                                      f"(inscription n° {registration.pk}).")  # fmt: skip
            return redirect("events:check_in", slug=event.slug)
    query = request.GET.get("q", "").strip()[:100]
    found = []
    if query:
        found = event.registrations.filter(
            Q(last_name__icontains=query) | Q(first_name__icontains=query),
            state__in=[RegistrationState.CONFIRMED, RegistrationState.ATTENDED],
        )[:20]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/check_in.html", {
        "event": event, "form": form, "query": query, "found": found, "counts": _counts(event),
        "scanned": services.registration_for_code(event=event, code=scanned) if scanned else None,
        "scanned_code": scanned,
    }, status=status)  # fmt: skip


@staff_required
def badges_pdf(request, slug):
    """The badges of every person holding a confirmed place (optionally one category)."""
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    pdf = badges.batch(event=event, category=request.GET.get("categorie", "")[:20],
                       actor=request.user)  # fmt: skip
    return file_response(pdf,
                         filename=f"badges-{event.slug}.pdf", content_type="application/pdf",
                         private=True)  # fmt: skip


@staff_required
@require_POST
def batch_request(request, slug):
    """The organisers ask for every badge or certificate of the event (background job)."""
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    kind = request.POST.get("kind", "")[:20]
    category = request.POST.get("category", "")[:20]  # a retry asks for the same category
    report(
        request,
        lambda: batches.batch_request(
            event=event, kind=kind, category=category, actor=request.user
        ),  # fmt: skip
        lambda: (
            f"{dict(BatchJob.Kind.choices).get(kind, kind)} de « {event.title} » : "
            "lot demandé, suivez son avancement ci-dessous."
        ),
    )
    return redirect("events:registrations", slug=event.slug)


def _job(request, slug, pk):
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    return get_object_or_404(BatchJob.objects.select_related("event", "created_by"),
                             event=event, pk=pk)  # fmt: skip


@staff_required
def batch_status(request, slug, pk):
    """One batch's progress (polled by the organisers' page while it runs)."""
    job = _job(request, slug, pk)
    if batches.sweep_before_showing(job.event):
        job.refresh_from_db()
    return render(request, "events/includes/batch_status.html", {"job": job})


@staff_required
def batch_file(request, slug, pk):
    job = _job(request, slug, pk)
    if job.status != BatchJob.Status.SUCCEEDED or not job.file:
        raise Http404("Ce lot n’est pas prêt.")
    content_type = "application/zip" if job.filename.endswith(".zip") else "application/pdf"
    with job.file.open("rb") as handle:
        content = handle.read()
    return file_response(content, filename=job.filename, content_type=content_type, private=True)


@require_POST
def registration_transition(request, slug, pk, name):
    registration = get_object_or_404(
        selectors.registrations_visible_to(request.user), event__slug=slug, pk=pk
    )
    transition = REGISTRATION.get(name)
    if name == "cancel":
        change = lambda: services.registration_cancel(  # noqa: E731
            registration=registration, actor=request.user
        )
    else:
        change = lambda: services.registration_transition(  # noqa: E731
            registration=registration, name=name, actor=request.user
        )
    report(request, change, lambda: f"Inscription n° {registration.pk} "
           f"({registration.full_name}) : {transition.label.lower()}.")  # fmt: skip
    target = "events:check_in" if request.POST.get("from") == "accueil" else "events:registrations"
    return redirect(target, slug=slug)


# --- Awards of the Assises --------------------------------------------------------------


@login_not_required
def laureates(request):
    return render(request, "events/laureates.html", {"rows": selectors.all_laureates()})


def nominate(request, slug, pk):
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    award = get_object_or_404(AwardCategory, event=event, pk=pk)
    access = get_access(request.user)
    communes = Commune.objects.all() if access.is_metropole_staff else own_communes(access)
    if not communes.exists():
        raise PermissionDenied("Seules les personnes d’une commune peuvent la présenter.")
    form = NominationForm(request.POST if request.method == "POST" else None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form=form):
            nomination = awards.nomination_submit(award=award, commune=data["commune"],
                                                  project=data["project"], pitch=data["pitch"],
                                                  actor=request.user)  # fmt: skip
            messages.success(request, f"Candidature de {nomination.commune.nom} au prix "
                                      f"« {award.title} » déposée.")  # fmt: skip
            return redirect("events:nominations", slug=event.slug)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "events/nominate.html", {"event": event, "award": award, "form": form},
                  status=status)  # fmt: skip


def nominations(request, slug):
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    rows = list(selectors.nominations_visible_to(request.user).filter(award__event=event))
    for row in rows:
        row.allowed = NOMINATION.allowed(row, request.user)
        row.may_score = row.state == "submitted" and jury.is_juror(row.award, request.user)
    organiser = get_access(request.user).is_metropole_staff
    rankings = [
        {"award": award, "rows": jury.ranking(award), "organiser": organiser}
        for award in event.award_categories.all()
        if organiser or jury.is_juror(award, request.user)
    ]
    return render(request, "events/nominations.html",
                  {"event": event, "rows": rows, "rankings": rankings})  # fmt: skip


@require_POST
def nomination_transition(request, pk, name):
    nomination = get_object_or_404(selectors.nominations_visible_to(request.user), pk=pk)
    NOMINATION.get(name)  # an unknown action is refused before anything
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    report(
        request,
        lambda: awards.nomination_transition(
            nomination=nomination, name=name, actor=request.user, reason=reason
        ),  # fmt: skip
        lambda: (
            f"Candidature de {nomination.commune.nom} au prix « {nomination.award.title} » : "
            f"{nomination.get_state_display().lower()}."
        ),
    )
    return redirect("events:nominations", slug=nomination.award.event.slug)


@staff_required
def survey_results(request, slug):
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    return render(request, "events/survey_results.html",
                  {"event": event, "results": survey.results(event)})  # fmt: skip


@staff_required
def session_documents(request, slug):
    """The organisers add the slides and minutes of the sessions (public once it has ended)."""
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    bound = request.method == "POST"
    form = SessionDocumentForm(request.POST if bound else None, request.FILES if bound else None,
                               event=event)  # fmt: skip
    if bound and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form=form, field="file"):
            document = publications.session_document_add(
                session=data["session"], uploaded_file=data["file"], kind=data["kind"],
                title=data["title"], actor=request.user,
            )  # fmt: skip
            messages.success(
                request,
                f"{document.get_kind_display()} « {document.title} » ajouté à la session "
                f"« {document.session.title} ».",
            )
            return redirect("events:session_documents", slug=event.slug)
    return render(request, "events/session_documents.html", {
        "event": event, "form": form, "documents": publications.documents_of(event),
        "published": publications.published(event),
    }, status=400 if form.is_bound and form.errors else 200)  # fmt: skip


@staff_required
@require_POST
def session_document_remove(request, slug, pk):
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    document = get_object_or_404(SessionDocument, session__event=event, pk=pk)
    title = document.title
    report(request, lambda: publications.session_document_remove(document=document,
                                                                 actor=request.user),
           f"Document « {title} » retiré.")  # fmt: skip
    return redirect("events:session_documents", slug=event.slug)
