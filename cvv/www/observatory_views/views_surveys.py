"""Field surveys of premises: entry by a commune's agents (own commune only, mobile-first
form), review by the Métropole's staff; perimeter drawing of a town centre."""

import functools
import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

import cvv
from cvv.core.forms import attach_errors
from cvv.observatory import selectors
from cvv.observatory import surveys as survey_services
from cvv.observatory.models import Premise, Survey
from cvv.observatory.workflows import SURVEY_WORKFLOW
from cvv.organisations.access import get_access
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES
from cvv.premises.models import PremisesStatusChange
from cvv.premises.selectors import premises_visible_to
from cvv.territories import selectors as territory_selectors
from cvv.territories.models import PARIS_CODE, CentraliteVersion, Commune
from cvv.territories.services import centralite_replace_perimeter
from cvv.www.errors import show_errors
from cvv.www.observatory_views.forms import DrawForm, PremiseForm, ReviewForm, SurveyForm

SURVEY_ROLES = (*METROPOLE_STAFF_ROLES, *COMMUNE_ROLES)


def _check_survey_role(user):
    if not get_access(user).has_role(*SURVEY_ROLES):
        raise PermissionDenied("Les relevés de terrain sont saisis par les communes.")


def survey_list(request):
    _check_survey_role(request.user)
    items = selectors.surveys_visible_to(request.user).prefetch_related("premises")
    return render(
        request,
        "observatory/surveys.html",
        {
            "surveys": items[:300],
            "is_staff": get_access(request.user).is_metropole_staff,
            "to_review": items.filter(state=Survey.State.SUBMITTED).count(),
        },
    )


def survey_new(request):
    _check_survey_role(request.user)
    communes = Commune.objects.editable_by(request.user)
    form = SurveyForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        commune = get_object_or_404(communes, code=form.cleaned_data["commune"])
        try:
            survey = survey_services.survey_create(
                commune=commune,
                date=form.cleaned_data["date"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("observatory:survey_detail", pk=survey.pk)
    return render(
        request, "observatory/survey_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _codes(commune):
    if commune.code == PARIS_CODE:
        return [(a.code, a.nom) for a in commune.arrondissements.all()]
    return [(commune.code, commune.nom)]


def _detail_context(survey, user, *, form=None, new_pk=None):
    # survey_for_view already limits non-staff users to their own communes.
    allowed = {t.name for t in SURVEY_WORKFLOW.allowed(survey, user)}
    editable = survey.state == Survey.State.DRAFT and survey.data_import_id is None
    premises = list(survey.premises.select_related("photo", "register_link__premises"))
    # What the premises register says today of each line's premises (let through
    # matchmaking, reoccupied…), linked for who may open the register entry.
    linked = [p.register_link.premises for p in premises if hasattr(p, "register_link")]
    openable = set(
        premises_visible_to(user).filter(pk__in=[r.pk for r in linked]).values_list("pk", flat=True)
    )
    latest = {}
    for change in PremisesStatusChange.objects.filter(premises__in=linked).order_by("on", "pk"):
        latest[change.premises_id] = change
    for p in premises:
        entry = p.register_link.premises if hasattr(p, "register_link") else None
        p.register = (
            {"premises": entry, "openable": entry.pk in openable, "change": latest.get(entry.pk)}
            if entry
            else None
        )
    counts = {
        status: sum(1 for p in premises if p.status == status) for status in Premise.Status.values
    }
    if editable and form is None:
        form = PremiseForm(codes=_codes(survey.commune))
    return {
        "oob": True,  # the partial list also refreshes the submit section (htmx out of band)
        "survey": survey,
        "premises": premises,
        "counts": counts,
        "editable": editable,
        "form": form if editable else None,
        "new_pk": new_pk,
        "review_form": ReviewForm(),
        "can_review": "validate" in allowed,
        "can_submit": "submit" in allowed and bool(premises),
        "can_reopen": "reopen" in allowed,
    }


def survey_detail(request, pk):
    _check_survey_role(request.user)
    survey = selectors.survey_for_view(request.user, pk)
    context = _detail_context(survey, request.user)
    if request.htmx and request.htmx.target == "locaux":  # refreshed after an offline replay
        return render(request, "observatory/includes/survey_premises.html", context)
    return render(request, "observatory/survey_detail.html", context)


def _errors(form):
    return {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }


@require_POST
def premise_add(request, pk):
    """Three callers: the page's htmx form (answers the updated list, or the form with its
    errors), the offline queue replaying an entry (JSON), and a browser without JavaScript
    (redirect to the new line, or the form page with its errors)."""
    _check_survey_role(request.user)
    survey = selectors.survey_for_edit(request.user, pk)
    form = PremiseForm(request.POST, request.FILES, codes=_codes(survey.commune))
    wants_json = "application/json" in request.headers.get("Accept", "")
    entry = None
    if form.is_valid():
        try:
            entry = survey_services.premise_add(
                survey=survey, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
    if wants_json:
        if entry is None:
            return JsonResponse(
                {"errors": _errors(form), "message": " ".join(_messages(form))}, status=400
            )
        premise = entry.premise
        return JsonResponse(
            {
                "id": premise.pk,
                "client_id": str(premise.client_id) if premise.client_id else None,
                "created": entry.created,
                "address": premise.address,
                "status": premise.get_status_display(),
            },
            status=201 if entry.created else 200,
        )
    if request.htmx:
        if entry is None:
            response = render(
                request,
                "observatory/includes/premise_form.html",
                {"survey": survey, "form": form},
                status=400,
            )
            response["HX-Retarget"] = "#form-local"
            response["HX-Reswap"] = "outerHTML"
            return response
        survey.refresh_from_db()
        context = _detail_context(survey, request.user, new_pk=entry.premise.pk)
        response = render(request, "observatory/includes/survey_premises.html", context)
        response["HX-Trigger-After-Settle"] = json.dumps(
            {"cvv:premise-saved": {"id": entry.premise.pk, "created": entry.created}}
        )
        return response
    if entry is not None:
        messages.success(request, _saved_message(entry))
        url = reverse("observatory:survey_detail", kwargs={"pk": survey.pk})
        return redirect(f"{url}#local-{entry.premise.pk}")
    return render(
        request,
        "observatory/premise_form.html",
        {"survey": survey, "form": form},
        status=400,
    )


def _messages(form):
    return [str(message) for messages_ in form.errors.values() for message in messages_]


def _saved_message(entry):
    premise = entry.premise
    where = premise.address or "position relevée"
    if not entry.created:
        return f"Ce local était déjà enregistré : {where} ({premise.get_status_display().lower()})."
    return f"Local enregistré : {where} ({premise.get_status_display().lower()})."


@require_GET
@login_not_required
def survey_service_worker(request):
    """The service worker of the survey pages (offline page shell). Served from under the
    surveys' URL so that its scope is theirs; public: it is a static script without data,
    and a redirect to the login page would make its registration fail."""
    scope = reverse("observatory:surveys")
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = scope
    response["Cache-Control"] = "no-cache"
    return response


@functools.cache
def _service_worker_source():
    return (Path(cvv.__file__).parent / "static" / "cvv" / "survey-sw.js").read_text("utf-8")


@require_POST
def premise_delete(request, pk, premise_pk):
    _check_survey_role(request.user)
    survey = selectors.survey_for_edit(request.user, pk)
    premise = get_object_or_404(survey.premises, pk=premise_pk)
    try:
        survey_services.premise_delete(premise=premise, actor=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        if request.htmx:
            context = _detail_context(survey, request.user)
            return render(request, "observatory/includes/survey_premises.html", context)
        messages.success(
            request,
            f"Local {premise.address or premise.pk} supprimé du relevé du {survey.date:%d/%m/%Y}.",
        )
    return redirect("observatory:survey_detail", pk=survey.pk)


@require_POST
def survey_transition(request, pk, name):
    _check_survey_role(request.user)
    access = get_access(request.user)
    if name in {"validate", "reject"}:
        if not access.is_metropole_staff:
            raise PermissionDenied("La validation des relevés revient à la Métropole.")
        survey = selectors.survey_for_view(request.user, pk)
    elif name in {"submit", "reopen"}:
        survey = selectors.survey_for_edit(request.user, pk)
    else:
        raise PermissionDenied("Action inconnue.")
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        survey_services.survey_transition(
            survey=survey, name=name, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, f"Relevé : {survey.get_state_display().lower()}.")
    return redirect("observatory:survey_detail", pk=survey.pk)


def perimeter_draw(request, code, pk):
    centralite = territory_selectors.centralite_for_edit(request.user, code, pk)
    version = centralite.current_version
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_version = centralite_replace_perimeter(
                centralite=centralite,
                raw_geojson=form.cleaned_data["geometry"],
                actor=request.user,
                source=CentraliteVersion.Source.DRAWN,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            attach_errors(form, exc, "geometry")
        else:
            messages.success(request, f"Périmètre tracé enregistré (version {new_version.number}).")
            return redirect("observatory:perimeter_draw", code=code, pk=pk)
    return render(
        request,
        "observatory/perimeter_draw.html",
        {
            "centralite": centralite,
            "commune": centralite.commune,
            "version": version,
            "form": form,
            "contour": centralite.commune.contour,
            "current": {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": version.geometry,
                        "properties": {"nom": centralite.nom},
                    }
                ]
                if version
                else [],
            },
        },
        status=400 if form.errors else 200,
    )
