"""Pages of the premises register: list, detail, create, edit, status change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cvv.organisations.access import role_required
from cvv.premises import selectors, services
from cvv.premises.enums import PremisesStatus, VacancyClass
from cvv.premises.selectors import REGISTER_ROLES
from cvv.www.errors import service_errors, show_errors
from cvv.www.premises_views import pieces
from cvv.www.premises_views.forms import PremisesCreateForm, PremisesForm, StatusForm

register_required = role_required(*REGISTER_ROLES)
DESCRIPTION_FIELDS = list(PremisesForm.base_fields)


@register_required
def premises_list(request):
    items = selectors.premises_visible_to(request.user)
    status = request.GET.get("statut", "")
    if status in PremisesStatus.values:
        items = items.filter(status=status)
    commune = request.GET.get("commune", "")
    if commune:
        items = items.filter(commune__code=commune)
    vacancy = request.GET.get("vacance", "")
    rows = list(items[:500])
    if vacancy in VacancyClass.values:
        rows = [p for p in rows if p.vacancy_class() == vacancy]
    return render(
        request,
        "premises/list.html",
        {
            "rows": rows,
            "statuses": PremisesStatus.choices,
            "vacancy_classes": VacancyClass.choices,
            "selected": {"statut": status, "commune": commune, "vacance": vacancy},
            "can_create": selectors.creatable_communes(request.user).exists(),
        },
    )


@register_required
def premises_detail(request, pk):
    premises = selectors.premises_for_view(request.user, pk)
    return render(
        request,
        "premises/detail.html",
        {
            "premises": premises,
            "history": premises.status_changes.select_related("actor", "survey_line__survey"),
            "status_form": StatusForm(initial={"status": premises.status}),
            "piece_rows": pieces.panel(premises, request.user),
        },
    )


@register_required
def premises_create(request):
    communes = selectors.creatable_communes(request.user)
    if not communes.exists():
        raise PermissionDenied("Vous ne pouvez ajouter de local dans aucune commune.")
    form = PremisesCreateForm(request.POST if request.method == "POST" else None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(request, form=form):
            premises = services.premises_create(
                actor=request.user,
                commune=data.pop("commune"),
                address=data.pop("address"),
                status=data.pop("status"),
                on=data.pop("on"),
                **data,
            )
            messages.success(request, f"Local {premises.reference} ajouté au registre.")
            return redirect("premises:detail", pk=premises.pk)
    return render(
        request,
        "premises/form.html",
        {"form": form, "premises": None},
        status=400 if form.errors else 200,
    )


@register_required
def premises_edit(request, pk):
    premises = selectors.premises_for_edit(request.user, pk)
    initial = {name: getattr(premises, name) for name in DESCRIPTION_FIELDS}
    form = PremisesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form):
            services.premises_update(actor=request.user, premises=premises, **form.cleaned_data)
            messages.success(request, f"Fiche du local {premises.reference} enregistrée.")
            return redirect("premises:detail", pk=premises.pk)
    return render(
        request,
        "premises/form.html",
        {"form": form, "premises": premises},
        status=400 if form.errors else 200,
    )


@require_POST
@register_required
def premises_status(request, pk):
    premises = selectors.premises_for_edit(request.user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("premises:detail", pk=premises.pk)
    try:
        premises = services.premises_set_status(
            actor=request.user,
            premises=premises,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )
    except services.ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(
            request,
            f"Statut du local {premises.reference} : {premises.get_status_display().lower()}.",
        )
    return redirect("premises:detail", pk=premises.pk)
