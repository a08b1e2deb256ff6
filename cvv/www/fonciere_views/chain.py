"""Pages of the foncière's chain: a commune's safeguard perimeter and pre-emption
delegations; an opportunity's financial analysis, the commune's opinion and the committee's
decision with its vote."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from cvv.core.formatting import of_place
from cvv.fonciere import appraisal, selectors, selectors_chain, services_chain
from cvv.fonciere.models import OpportunityAnalysis
from cvv.fonciere.selectors import READERS
from cvv.fonciere.workflows_chain import ANALYSIS_WORKFLOW
from cvv.organisations.access import role_required
from cvv.territories.services import MAX_UPLOAD_BYTES
from cvv.www.errors import service_errors, show_errors
from cvv.www.fonciere_views.forms_chain import (
    AnalysisForm,
    DecisionForm,
    DelegationEndForm,
    DelegationForm,
    OpinionForm,
    ReviseForm,
    SafeguardDrawForm,
    SafeguardPerimeterForm,
    SubmitForm,
)

readers_only = role_required(*READERS)


@readers_only
def safeguard(request, code):
    """GET: the commune's perimeter (with its history) and delegations. POST `action`:
    perimeter (upload), draw (drawn on the map), delegation (add), end (end a delegation)."""
    commune = selectors_chain.commune_records_for_view(request.user, code)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if post is not None else ""
    forms = {
        "perimeter": SafeguardPerimeterForm(
            post if action == "perimeter" else None,
            request.FILES if action == "perimeter" else None,
            prefix="perimeter",
        ),
        "draw": SafeguardDrawForm(post if action == "draw" else None, prefix="draw"),
        "delegation": DelegationForm(post if action == "delegation" else None, prefix="delegation"),
        "end": DelegationEndForm(
            post if action == "end" else None,
            prefix="end",
            initial={"on": dt.date.today()},
            delegations=selectors_chain.open_delegations_of(commune),
        ),
    }
    status = 200
    if post is not None:
        form = forms.get(action)
        if form is None:
            messages.error(request, "Choisissez une action : périmètre ou délégation.")
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            field = {"perimeter": "file", "draw": "geometry"}.get(action)
            with service_errors(request, form=form, field=field):
                if action == "draw":
                    services_chain.perimeter_record(
                        actor=request.user,
                        commune=commune,
                        raw_geojson=data["geometry"],
                        deliberation=data["deliberation"],
                        voted_on=data["voted_on"],
                        drawn=True,
                    )
                    done = f"Périmètre de sauvegarde tracé {of_place(commune.nom)} enregistré."
                elif action == "perimeter":
                    services_chain.perimeter_record(
                        actor=request.user,
                        commune=commune,
                        raw_geojson=data["file"].read(MAX_UPLOAD_BYTES + 1),
                        deliberation=data["deliberation"],
                        voted_on=data["voted_on"],
                    )
                    done = f"Périmètre de sauvegarde {of_place(commune.nom)} enregistré."
                elif action == "delegation":
                    delegation = services_chain.delegation_create(
                        actor=request.user, commune=commune, **data
                    )
                    done = f"Délégation à {delegation.delegatee_name} enregistrée."
                else:
                    delegation = get_object_or_404(
                        selectors_chain.delegations_of(commune), pk=data["delegation"]
                    )
                    services_chain.delegation_end(
                        actor=request.user, delegation=delegation, on=data["on"]
                    )
                    done = f"Délégation à {delegation.delegatee_name} terminée."
                messages.success(request, done)
                return redirect("fonciere:safeguard", code=commune.code)
            status = 400
        else:
            status = 400
    perimeters = list(selectors_chain.perimeters_of(commune))
    return render(
        request,
        "fonciere/safeguard.html",
        {
            "commune": commune,
            "forms": forms,
            "perimeters": perimeters,
            "contour": commune.contour,
            "current_perimeter": {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "geometry": p.geometry, "properties": {}}
                    for p in perimeters
                    if p.current
                ],
            },
            "delegations": selectors_chain.delegations_of(commune),
            "can_edit": services_chain.may_edit_commune_records(request.user, commune),
            "today": dt.date.today(),
        },
        status=status,
    )


def _analysis_initial(opportunity, analysis):
    if analysis is None:
        price = opportunity.price
        return {"price": price, "loan_years": 15}
    initial = {name: getattr(analysis, name) for name in services_chain.ANALYSIS_FIELDS}
    initial["loan_rate_percent"] = analysis.loan_rate * 100
    return initial


@readers_only
def analysis(request, pk):
    """GET: the analysis and its results. POST `action`: save (the foncière, while it is
    prepared), or a transition of the analysis's workflow (submit, give_opinion, decide,
    revise) that the person may fire."""
    opportunity = selectors.opportunity_for_view(request.user, pk)
    current = OpportunityAnalysis.objects.filter(opportunity=opportunity).first()
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if post is not None else ""
    dossiers = services_chain.fimacs_dossiers(opportunity.commune)
    forms = {
        "save": AnalysisForm(
            post if action == "save" else None,
            dossiers=dossiers,
            prefix="analysis",
            initial=_analysis_initial(opportunity, current),
        ),
        "give_opinion": OpinionForm(post if action == "give_opinion" else None, prefix="opinion"),
        "decide": DecisionForm(
            post if action == "decide" else None,
            prefix="decision",
            initial={"held_on": dt.date.today()},
        ),
        "revise": ReviseForm(post if action == "revise" else None, prefix="revise"),
        "submit": SubmitForm(post if action == "submit" else None, prefix="submit"),
    }
    status = 200
    if post is not None:
        status = _analysis_post(request, opportunity, current, action, forms)
        if status is None:
            return redirect("fonciere:analysis", pk=opportunity.pk)
    allowed = (
        {t.name for t in ANALYSIS_WORKFLOW.allowed(current, request.user)} if current else set()
    )
    result, error = None, ""
    if current is not None:
        try:
            result = services_chain.evaluate(current)
        except appraisal.AppraisalError as exc:
            error = str(exc)
    return render(
        request,
        "fonciere/analysis.html",
        {
            "opportunity": opportunity,
            "analysis": current,
            "result": result,
            "error": error,
            "forms": forms,
            "allowed": allowed,
            "fimacs_row": next(
                (row for row in dossiers if current and row["id"] == current.fimacs_dossier_id),
                None,
            ),
            "surplus": -result.financing_gap if result else None,
            "can_prepare": selectors.is_manager(request.user)
            and (current is None or current.state == "brouillon"),
            "ratio_source": appraisal.RATIO_SOURCE,
        },
        status=status,
    )


def _analysis_post(request, opportunity, current, action, forms):
    """None when done (redirect), else the status of the page to render."""
    form = forms.get(action)
    if form is None:
        messages.error(request, "Choisissez une action.")
        return 400
    if action != "save" and current is None:
        messages.error(request, "Enregistrez d’abord l’analyse.")
        return 400
    if not form.is_valid():
        return 400
    data = form.cleaned_data
    name = f"l’opportunité n° {opportunity.pk}"
    try:
        if action == "save":
            services_chain.analysis_save(
                actor=request.user, opportunity=opportunity, **form.service_fields()
            )
            messages.success(request, f"Analyse financière de {name} enregistrée.")
        elif action == "give_opinion":
            services_chain.analysis_give_opinion(
                actor=request.user,
                analysis=current,
                opinion=data["opinion"],
                reasons=data["reasons"],
            )
            messages.success(request, f"Avis de la commune sur {name} enregistré.")
        elif action == "decide":
            services_chain.analysis_decide(actor=request.user, analysis=current, **data)
            messages.success(request, f"Décision du comité sur {name} enregistrée.")
        elif action == "submit":
            services_chain.analysis_submit(actor=request.user, analysis=current)
            messages.success(request, f"Analyse de {name} soumise à l’avis de la commune.")
        elif action == "revise":
            services_chain.analysis_revise(
                actor=request.user, analysis=current, reason=data["reason"]
            )
            messages.success(request, f"Analyse de {name} reprise.")
    except ValidationError as exc:
        show_errors(request, exc, form=form)
        return 400
    return None
