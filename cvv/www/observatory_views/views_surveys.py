"""Field surveys of premises: entry by a commune's agents (own commune only, mobile-first
form), review by the Métropole's staff; perimeter drawing of a town centre."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.forms import attach_errors
from cvv.observatory import selectors
from cvv.observatory import surveys as survey_services
from cvv.observatory.models import Premise, Survey
from cvv.organisations.access import get_access
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES
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


def survey_detail(request, pk):
    _check_survey_role(request.user)
    survey = selectors.survey_for_view(request.user, pk)
    access = get_access(request.user)
    # survey_for_view already limits non-staff users to their own communes.
    editable = survey.state == Survey.State.DRAFT and survey.data_import_id is None
    premises = list(survey.premises.all())
    counts = {
        status: sum(1 for p in premises if p.status == status) for status in Premise.Status.values
    }
    return render(
        request,
        "observatory/survey_detail.html",
        {
            "survey": survey,
            "premises": premises,
            "counts": counts,
            "editable": editable,
            "form": PremiseForm(codes=_codes(survey.commune)) if editable else None,
            "review_form": ReviewForm(),
            "can_review": access.is_metropole_staff and survey.state == Survey.State.SUBMITTED,
            "can_submit": editable and bool(premises),
            "can_reopen": survey.state == Survey.State.REJECTED and survey.data_import_id is None,
        },
    )


@require_POST
def premise_add(request, pk):
    _check_survey_role(request.user)
    survey = selectors.survey_for_edit(request.user, pk)
    form = PremiseForm(request.POST, codes=_codes(survey.commune))
    if form.is_valid():
        try:
            survey_services.premise_add(survey=survey, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Local enregistré.")
            return redirect("observatory:survey_detail", pk=survey.pk)
    return render(
        request,
        "observatory/premise_form.html",
        {"survey": survey, "form": form},
        status=400,
    )


@require_POST
def premise_delete(request, pk, premise_pk):
    _check_survey_role(request.user)
    survey = selectors.survey_for_edit(request.user, pk)
    premise = get_object_or_404(survey.premises, pk=premise_pk)
    try:
        survey_services.premise_delete(premise=premise, actor=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
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
