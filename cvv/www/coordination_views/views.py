"""Pages of the coordination module: the catalogue of the Métropole's other programmes and
their calls, the shared calendar of deadlines, communes' participations (entered or
imported) and referrals of projects to another programme."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.coordination import importer, selectors, services
from cvv.coordination.models import (
    MetroProgramme,
    ParticipationStatus,
    ProgrammeCall,
    ReferralState,
)
from cvv.coordination.workflows import REFERRAL
from cvv.core.exports import UnknownFormat, table_response
from cvv.core.formatting import of_place
from cvv.core.tabular import TableError
from cvv.documents.models import Document
from cvv.organisations.access import get_access, own_communes, staff_required, visible
from cvv.programme.models import Accompaniment
from cvv.territories.models import Commune
from cvv.www.coordination_views.forms import (
    AnswerForm,
    CallForm,
    ImportForm,
    ParticipationForm,
    ProgrammeForm,
    ReferralForm,
)
from cvv.www.errors import report, service_errors


def _bound(request, *, files=False):
    """The form's data: bound on a POST, even an empty one (an empty form is an error)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


PARTICIPATION_COLUMNS = [
    ("commune", "Commune"),
    ("code_commune", "Code INSEE"),
    ("programme", "Programme"),
    ("projet", "Projet"),
    ("montant", "Montant (€)"),
    ("statut", "Statut"),
    ("debut", "Début"),
    ("fin", "Fin"),
]


def programme_list(request):
    programmes = selectors.programmes_for(request.user).prefetch_related("calls")
    return render(
        request,
        "coordination/programmes.html",
        # The lists' own check: the page links to them only for those they open to.
        {"programmes": programmes, "follows": selectors.follows_coordination(request.user)},
    )


def programme_detail(request, pk):
    programme = get_object_or_404(selectors.programmes_for(request.user), pk=pk)
    access = get_access(request.user)
    participations = selectors.participations_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "coordination/programme.html",
        {
            "programme": programme,
            "calls": programme.calls.prefetch_related("territoires"),
            "participations": participations,
            "may_refer": access.is_metropole_staff or access.works_for_a_commune,
        },
    )


@staff_required
def programme_edit(request, pk=None):
    programme = get_object_or_404(MetroProgramme, pk=pk) if pk else MetroProgramme()
    form = ProgrammeForm(*_bound(request), instance=programme)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form):
            services.programme_save(programme=form.save(commit=False), actor=request.user)
            messages.success(request, f"Programme « {programme.name} » enregistré.")
            return redirect("coordination:programme", pk=programme.pk)
    return render(
        request,
        "coordination/programme_form.html",
        {"form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


@staff_required
def call_edit(request, programme_pk, pk=None):
    programme = get_object_or_404(MetroProgramme, pk=programme_pk)
    call = (
        get_object_or_404(ProgrammeCall, pk=pk, programme=programme)
        if pk
        else ProgrammeCall(programme=programme)
    )
    form = CallForm(*_bound(request), instance=call)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form):
            services.call_save(
                call=form.save(commit=False),
                territoires=form.cleaned_data["territoires"],
                actor=request.user,
            )
            messages.success(request, f"Appel « {call.title} » de {programme.name} enregistré.")
            return redirect("coordination:programme", pk=programme.pk)
    return render(
        request,
        "coordination/call_form.html",
        {"form": form, "programme": programme, "call": call},
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def call_delete(request, programme_pk, pk):
    call = get_object_or_404(ProgrammeCall, pk=pk, programme_id=programme_pk)
    title = call.title
    services.call_delete(call=call, actor=request.user)
    messages.success(request, f"Appel « {title} » supprimé.")
    return redirect("coordination:programme", pk=programme_pk)


def calendar(request):
    """Every open call, soonest deadline first; a commune's people see by default only the
    calls their commune may answer."""
    communes = list(own_communes(request.user).select_related("territoire"))
    code = request.GET.get("commune", communes[0].code if len(communes) == 1 else "")
    commune = Commune.objects.select_related("territoire").filter(code=code).first()
    calls = selectors.calendar(commune=commune)
    return render(
        request,
        "coordination/calendar.html",
        {
            "calls": [(call, selectors.days_left(call)) for call in calls],
            "commune": commune,
            "communes": Commune.objects.order_by("nom"),
        },
    )


def _participations(request):
    participations = selectors.participations_visible_to(request.user)
    filters = {
        "commune": request.GET.get("commune", ""),
        "programme": request.GET.get("programme", ""),
        "statut": request.GET.get("statut", ""),
    }
    if filters["commune"]:
        participations = participations.filter(commune__code=filters["commune"])
    if filters["programme"].isdigit():
        participations = participations.filter(programme_id=int(filters["programme"]))
    if filters["statut"] in ParticipationStatus.values:
        participations = participations.filter(status=filters["statut"])
    return participations, filters


def participation_list(request):
    if not selectors.follows_coordination(request.user):
        raise PermissionDenied
    access = get_access(request.user)
    participations, filters = _participations(request)
    fmt = request.GET.get("format")
    if fmt:
        rows = [
            {
                "commune": p.commune.nom,
                "code_commune": p.commune.code,
                "programme": p.programme.name,
                "projet": p.project,
                "montant": p.amount,
                "statut": p.get_status_display(),
                "debut": p.started_on,
                "fin": p.ended_on,
            }
            for p in participations
        ]
        try:
            return table_response(PARTICIPATION_COLUMNS, rows, fmt, "participations-programmes")
        except UnknownFormat as exc:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return render(
        request,
        "coordination/participations.html",
        {
            "participations": participations[:500],
            "total": participations.count(),
            "filters": filters,
            "programmes": MetroProgramme.objects.all(),
            "statuses": ParticipationStatus.choices,
            "may_add": access.is_metropole_staff or access.works_for_a_commune,
            "may_import": access.is_metropole_staff,
        },
    )


def _editable_communes(user):
    access = get_access(user)
    if access.is_metropole_staff:
        return Commune.objects.order_by("nom")
    return own_communes(user).order_by("nom")


def participation_edit(request, pk=None):
    access = get_access(request.user)
    if not (access.is_metropole_staff or access.works_for_a_commune):
        raise PermissionDenied
    if pk:
        participation = get_object_or_404(
            visible(selectors.participations_visible_to(request.user), request.user, own=True),
            pk=pk,
        )
    else:
        participation = None
    form = ParticipationForm(
        *_bound(request),
        instance=participation,
        communes=_editable_communes(request.user),
        programmes=MetroProgramme.objects.filter(is_active=True)
        if participation is None
        else MetroProgramme.objects.all(),
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form):
            saved = services.participation_save(
                participation=form.save(commit=False), actor=request.user
            )
            messages.success(
                request,
                f"Participation « {saved.project} » {of_place(saved.commune.nom)} enregistrée.",
            )
            return redirect("coordination:participations")
    return render(
        request,
        "coordination/participation_form.html",
        {"form": form, "participation": participation},
        status=400 if form.errors else 200,
    )


@require_POST
def participation_delete(request, pk):
    access = get_access(request.user)
    if not (access.is_metropole_staff or access.works_for_a_commune):
        raise PermissionDenied
    participation = get_object_or_404(
        visible(selectors.participations_visible_to(request.user), request.user, own=True), pk=pk
    )
    project = participation.project
    services.participation_delete(participation=participation, actor=request.user)
    messages.success(request, f"Participation « {project} » supprimée.")
    return redirect("coordination:participations")


@staff_required
def participation_import(request):
    form = ImportForm(*_bound(request, files=True))
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows, errors = importer.check_file(form.cleaned_data["file"].read())
        except TableError as exc:
            errors = [str(exc)]
        if not errors:
            with service_errors(request, form=form):
                result = services.participations_import(rows=rows, actor=request.user)
                messages.success(
                    request,
                    f"Liste importée : {result['created']} participation(s) créée(s), "
                    f"{result['updated']} mise(s) à jour.",
                )
                return redirect("coordination:participations")
    return render(
        request,
        "coordination/participation_import.html",
        {
            "form": form,
            "errors": errors[: importer.MAX_ERRORS_SHOWN],
            "more_errors": max(0, len(errors) - importer.MAX_ERRORS_SHOWN),
            "columns": importer.COLUMNS,
        },
        status=400 if (form.errors or errors) else 200,
    )


def participation_template(request):
    try:
        return table_response(
            [(c, c) for c in importer.COLUMNS],
            [importer.EXAMPLE],
            request.GET.get("format", "xlsx"),
            "modele-participations",
        )
    except UnknownFormat as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


def referral_list(request):
    if not selectors.follows_coordination(request.user):
        raise PermissionDenied
    access = get_access(request.user)
    referrals = selectors.referrals_visible_to(request.user)
    state = request.GET.get("etat", "")
    if state in ReferralState.values:
        referrals = referrals.filter(state=state)
    return render(
        request,
        "coordination/referrals.html",
        {
            "referrals": referrals[:500],
            "states": ReferralState.choices,
            "state": state,
            "may_refer": access.is_metropole_staff or access.works_for_a_commune,
        },
    )


def referral_new(request):
    access = get_access(request.user)
    if not (access.is_metropole_staff or access.works_for_a_commune):
        raise PermissionDenied
    communes = _editable_communes(request.user)
    accompaniment = None
    # The form posts to its own address: the query string (commune, accompaniment) stays.
    pk = request.GET.get("accompagnement", "")
    if pk:
        accompaniment = get_object_or_404(
            visible(Accompaniment.objects.select_related("commune"), request.user, own=True),
            pk=int(pk) if pk.isdigit() else 0,
        )
        commune = accompaniment.commune
    else:
        code = request.GET.get("commune", "")
        if code:
            commune = get_object_or_404(communes, code=code)
        else:
            commune = communes.first() if communes.count() == 1 else None
    if commune is None:
        return render(request, "coordination/referral_commune.html", {"communes": communes})
    if not communes.filter(pk=commune.pk).exists():
        raise PermissionDenied
    form = ReferralForm(
        *_bound(request),
        programmes=MetroProgramme.objects.filter(is_active=True),
        documents=Document.objects.filter(commune=commune).current().order_by("-uploaded_at"),
        initial={"programme": request.GET.get("programme")},
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form):
            referral = services.referral_create(
                commune=commune,
                accompaniment=accompaniment,
                actor=request.user,
                **form.cleaned_data,
            )
            messages.success(
                request,
                f"Orientation de « {referral.project} » vers {referral.programme.name} préparée : "
                "relisez-la puis transmettez-la au programme.",
            )
            return redirect("coordination:referral", pk=referral.pk)
    return render(
        request,
        "coordination/referral_form.html",
        {"form": form, "commune": commune, "accompaniment": accompaniment},
        status=400 if form.errors else 200,
    )


def referral_detail(request, pk):
    referral = get_object_or_404(selectors.referrals_visible_to(request.user), pk=pk)
    return render(
        request,
        "coordination/referral.html",
        {
            "referral": referral,
            "documents": referral.documents.all(),
            "transitions": REFERRAL.allowed(referral, request.user),
            "form": AnswerForm(),
        },
    )


@require_POST
def referral_transition(request, pk, name):
    referral = get_object_or_404(selectors.referrals_visible_to(request.user), pk=pk)
    if name not in REFERRAL.transitions:
        raise Http404("Action inconnue.")
    form = AnswerForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    done = {
        "send": f"Orientation « {referral.project} » transmise au programme "
        f"{referral.programme.name}.",
        "withdraw": f"Orientation « {referral.project} » retirée.",
        "acknowledge": f"Orientation « {referral.project} » prise en charge.",
        "accept": f"Projet « {referral.project} » accepté : la commune est prévenue.",
        "decline": f"Projet « {referral.project} » décliné : la commune est prévenue.",
    }
    report(
        request,
        lambda: services.referral_transition(
            referral=referral, name=name, actor=request.user, reason=reason
        ),
        done[name],
    )
    return redirect("coordination:referral", pk=referral.pk)
