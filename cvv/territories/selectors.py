from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from cvv.organisations.access import get_access
from cvv.territories.models import Centralite, CentraliteVersion, Commune


def commune_for_view(user, code):
    """A commune whose private objects the user may see; another commune is a 404."""
    return get_object_or_404(
        Commune.objects.visible_to(user).select_related("territoire"), code=code
    )


def commune_for_edit(user, code):
    """A commune the user may edit (staff, or one of their own communes); else 404."""
    commune = commune_for_view(user, code)
    if not get_access(user).can_edit_commune(commune):
        raise Http404("Commune hors de votre périmètre.")
    return commune


def centralite_for_edit(user, code, pk):
    commune = commune_for_edit(user, code)
    return get_object_or_404(Centralite.objects.select_related("commune"), commune=commune, pk=pk)


def current_perimeters(commune) -> list:
    """[(centralité, its current perimeter version or None)] of the commune, in the
    centralités' order, in two queries (the current version is the highest number)."""
    latest = Prefetch(
        "versions",
        queryset=CentraliteVersion.objects.select_related("created_by").order_by("-number"),
        to_attr="versions_newest_first",
    )
    return [
        (centralite, next(iter(centralite.versions_newest_first), None))
        for centralite in Centralite.objects.filter(commune=commune).prefetch_related(latest)
    ]


def perimeter_features(perimeters, *, details=False) -> dict:
    """The current perimeters as a GeoJSON FeatureCollection for the maps: each named after
    its centralité; with `details`, its version number and whether it is provisional."""
    features = []
    for centralite, version in perimeters:
        if version is None:
            continue
        properties = {"nom": centralite.nom}
        if details:
            properties.update(version=version.number, provisoire=version.is_provisional)
        features.append({"type": "Feature", "geometry": version.geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}
