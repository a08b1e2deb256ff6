from django.http import Http404
from django.shortcuts import get_object_or_404

from cvv.organisations.access import get_access
from cvv.territories.models import Centralite, Commune


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
