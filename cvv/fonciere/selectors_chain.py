"""Scoped reads of the foncière's chain: a commune's safeguard records (the foncière and
the Métropole's staff every commune, a commune's people their own, others nothing); an
opportunity's analysis follows its opportunity's scope (`selectors.opportunity_for_view`)."""

from django.shortcuts import get_object_or_404

from cvv.fonciere.workflows import MANAGERS
from cvv.organisations.access import commune_side_q, get_access
from cvv.organisations.enums import COMMUNE_ROLES
from cvv.territories.models import Commune


def communes_with_records_visible_to(user):
    access = get_access(user)
    if access.has_role(*MANAGERS):
        return Commune.objects.all()
    if access.has_role(*COMMUNE_ROLES):
        return Commune.objects.filter(commune_side_q(access, ""))
    return Commune.objects.none()


def commune_records_for_view(user, code):
    return get_object_or_404(communes_with_records_visible_to(user), code=code)


def perimeters_of(commune):
    return commune.safeguard_perimeters.order_by("-current", "-created_at", "-pk")


def delegations_of(commune):
    return commune.preemption_delegations.order_by("-valid_from", "-pk")


def open_delegations_of(commune, today=None):
    """Delegations not yet ended (no end date, or one still to come)."""
    import datetime as dt

    from django.db.models import Q

    today = today or dt.date.today()
    return delegations_of(commune).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
