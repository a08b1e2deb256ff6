from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render

from cvv.core.forms import attach_errors
from cvv.core.plugins import contributions
from cvv.organisations.access import get_access, staff_required
from cvv.territories import need, selectors, services
from cvv.territories.models import Commune, Territoire
from cvv.www.territories_views.forms import (
    CentraliteCreateForm,
    FragilityForm,
    PerimeterUploadForm,
)


def commune_panels(commune, user):
    """Panels other modules add to a commune's page (hook `commune_page_panels`: e.g. the
    awards of the Assises it won), each already scoped to the reader."""
    panels = [p for hook in contributions("commune_page_panels") if (p := hook(commune, user))]
    return sorted(panels, key=lambda p: (p.get("order", 100), p["title"]))


@login_not_required
def communes(request):
    territoires = Territoire.objects.annotate(nb=Count("communes"), pop=Sum("communes__population"))
    selected = request.GET.get("territoire", "")
    items = Commune.objects.select_related("territoire")
    if selected:
        items = items.filter(territoire__code=selected)
    return render(
        request,
        "territories/communes.html",
        {
            "territoires": territoires,
            "communes": items,
            "selected": selected,
            "total_population": sum(t.pop or 0 for t in territoires),
        },
    )


@login_not_required
def territoire(request, code):
    territoire = get_object_or_404(Territoire, code=code)
    communes = territoire.communes.all()
    return render(
        request,
        "territories/territoire.html",
        {
            "territoire": territoire,
            "communes": communes,
            "population": sum(c.population for c in communes),
            "features": _features(communes),
        },
    )


def _features(communes):
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": c.contour,
                "properties": {"code": c.code, "nom": c.nom, "population": c.population},
            }
            for c in communes
        ],
    }


@login_not_required
def commune(request, code):
    commune = get_object_or_404(Commune.objects.select_related("territoire"), code=code)
    centralites = selectors.current_perimeters(commune)
    perimeters = selectors.perimeter_features(centralites, details=True)
    access = get_access(request.user)
    return render(
        request,
        "territories/commune.html",
        {
            "commune": commune,
            "centralites": centralites,
            "arrondissements": commune.arrondissements.all(),
            "contour": commune.contour,
            "perimeters": perimeters,
            "can_edit": access.is_authenticated and access.can_edit_commune(commune),
            "sees_summary": access.sees_commune(commune),
            "panels": commune_panels(commune, request.user),
        },
    )


def centralites(request, code):
    commune = selectors.commune_for_view(request.user, code)
    items = commune.centralites.prefetch_related("versions__created_by")
    return render(
        request,
        "territories/centralites.html",
        {
            "commune": commune,
            "centralites": items,
            "can_edit": get_access(request.user).can_edit_commune(commune),
        },
    )


def centralite_create(request, code):
    commune = selectors.commune_for_edit(request.user, code)
    form = CentraliteCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            centralite = services.centralite_create(
                commune=commune,
                nom=form.cleaned_data["nom"],
                raw_geojson=form.cleaned_data["file"].read(),
                actor=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            attach_errors(form, exc, "file")
        else:
            messages.success(request, f"Centralité « {centralite.nom} » créée.")
            return redirect("territories:centralites", code=commune.code)
    return render(
        request,
        "territories/centralite_form.html",
        {"commune": commune, "form": form, "centralite": None},
        status=400 if form.errors else 200,
    )


def centralite_upload(request, code, pk):
    centralite = selectors.centralite_for_edit(request.user, code, pk)
    form = PerimeterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.centralite_replace_perimeter(
                centralite=centralite,
                raw_geojson=form.cleaned_data["file"].read(),
                actor=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            attach_errors(form, exc, "file")
        else:
            messages.success(request, f"Nouveau périmètre enregistré (version {version.number}).")
            return redirect("territories:centralites", code=centralite.commune.code)
    return render(
        request,
        "territories/centralite_form.html",
        {"commune": centralite.commune, "form": form, "centralite": centralite},
        status=400 if form.errors else 200,
    )


@staff_required
def commune_fragility(request, code):
    commune = get_object_or_404(Commune, code=code)
    initial = {"fragile": commune.fragile, "reason": commune.fragile_reason}
    form = FragilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            need.commune_mark_fragile(
                commune=commune,
                fragile=form.cleaned_data["fragile"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc, "reason")
        else:
            messages.success(request, f"Fragilité de la commune {commune.nom} enregistrée.")
            return redirect("territories:commune", code=commune.code)
    return render(
        request,
        "territories/fragility_form.html",
        {"commune": commune, "form": form, "need": need.need_of(commune)},
        status=400 if form.errors else 200,
    )
