"""The règlement pages: versions and their parameters with sources (everyone logged in),
drafts edited and adopted by Métropole administrators only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.audit.selectors import entries_for_object
from cvv.funding.models import Reglement
from cvv.funding.services import reglements as services
from cvv.organisations.access import admin_required, get_access
from cvv.www.funding_views import forms
from cvv.www.funding_views.common import flash_errors


def reglement_list(request):
    return render(
        request,
        "funding/reglement_list.html",
        {
            "reglements": Reglement.objects.select_related("derived_from"),
            "current": Reglement.objects.current(),
            "is_admin": get_access(request.user).is_admin,
        },
    )


def reglement_detail(request, code):
    reglement = get_object_or_404(Reglement, code=code)
    return render(
        request,
        "funding/reglement_detail.html",
        {
            "reglement": reglement,
            "parameters": reglement.parameters.all(),
            "categories": reglement.categories.all(),
            "is_admin": get_access(request.user).is_admin,
            "draft_form": forms.ReglementDraftForm(),
            "entries": entries_for_object(reglement)[:30],
            "audit_object_id": f"reglement-{reglement.pk}",
        },
    )


@admin_required
@require_POST
def reglement_derive(request, code):
    source = get_object_or_404(Reglement, code=code)
    form = forms.ReglementDraftForm(request.POST)
    if form.is_valid():
        try:
            draft = services.reglement_create_draft(
                source=source, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"Version {draft.code} créée en brouillon.")
            return redirect("fimacs:reglement_edit", code=draft.code)
    else:
        messages.error(request, "Code, intitulé et date d’effet sont obligatoires.")
    return redirect("fimacs:reglement", code=source.code)


def _posted_values(request, reglement):
    parameters = {
        p.key: (request.POST.get(f"value_{p.key}", ""), request.POST.get(f"source_{p.key}", ""))
        for p in reglement.parameters.all()
    }
    categories = {
        c.code: {
            "eligible": request.POST.get(f"eligible_{c.code}") == "on",
            "base_rate": request.POST.get(f"rate_{c.code}", ""),
            "ceiling": request.POST.get(f"ceiling_{c.code}", ""),
            "source": request.POST.get(f"catsource_{c.code}", ""),
        }
        for c in reglement.categories.all()
    }
    return parameters, categories


@admin_required
def reglement_edit(request, code):
    reglement = get_object_or_404(Reglement, code=code)
    if not reglement.is_editable:
        messages.error(request, "Une version votée ne se modifie pas : dérivez-en une nouvelle.")
        return redirect("fimacs:reglement", code=reglement.code)
    errors = []
    if request.method == "POST":
        parameters, categories = _posted_values(request, reglement)
        try:
            services.reglement_update(
                reglement=reglement,
                actor=request.user,
                parameters=parameters,
                categories=categories,
                title=request.POST.get("title") or None,
                deliberation=request.POST.get("deliberation", ""),
            )
        except ValidationError as exc:
            errors = (
                [f"{k} : {', '.join(v)}" for k, v in exc.message_dict.items()]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
        else:
            messages.success(request, f"Projet de règlement « {reglement.code} » enregistré.")
            return redirect("fimacs:reglement", code=reglement.code)
    return render(
        request,
        "funding/reglement_edit.html",
        {
            "reglement": reglement,
            "parameters": reglement.parameters.all(),
            "categories": reglement.categories.all(),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@admin_required
@require_POST
def reglement_adopt(request, code):
    reglement = get_object_or_404(Reglement, code=code)
    try:
        services.reglement_adopt(
            reglement=reglement,
            deliberation=request.POST.get("deliberation", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"Version {reglement.code} votée : elle n’est plus modifiable.")
    return redirect("fimacs:reglement", code=reglement.code)
