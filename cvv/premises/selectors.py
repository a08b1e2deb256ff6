"""Scoped reads of the premises register.

Public API:

- `premises_visible_to(user) -> QuerySet[Premises]`: what a person sees (and may edit):
  the Métropole's staff every premises; a commune's people (agent, commerce manager) their
  commune's; the foncière's officers the premises the foncière follows
  (`fonciere_followed`); everyone else nothing.
- `premises_for_view(user, pk)` / `premises_for_edit(user, pk)`: one premises or 404.
- `can_create_in(user, commune)`: whether the person may add a premises in that commune.
- `may_use_register(user)`: whether the register's pages are open to the person (else 403).
- `vacant_premises_visible_to(user)`: the vacant ones, oldest vacancy first (for offers).
- `REGISTER_ROLES`: the roles the pages are open to.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from cvv.organisations.access import commune_side_q, get_access
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role
from cvv.premises.enums import PremisesStatus
from cvv.premises.models import Premises

REGISTER_ROLES = frozenset(METROPOLE_STAFF_ROLES | COMMUNE_ROLES | {Role.FONCIERE_OFFICER})


def _scope_q(access) -> Q:
    if access.is_metropole_staff:
        return Q()
    if not access.is_authenticated:
        return Q(pk__in=[])
    q = commune_side_q(access, "commune")
    if access.has_role(Role.FONCIERE_OFFICER):
        q |= Q(fonciere_followed=True)
    return q


def premises_visible_to(user):
    access = get_access(user)
    queryset = Premises.objects.select_related("commune", "centralite")
    if not access.is_authenticated or not access.has_role(*REGISTER_ROLES):
        return queryset.none()
    return queryset.filter(_scope_q(access))


def premises_for_view(user, pk) -> Premises:
    return get_object_or_404(premises_visible_to(user), pk=pk)


# Who sees a premises may edit it (communes and the foncière manage their own premises).
premises_for_edit = premises_for_view


def may_use_register(user) -> bool:
    return get_access(user).has_role(*REGISTER_ROLES)


def can_edit(user, premises) -> bool:
    return premises_visible_to(user).filter(pk=premises.pk).exists()


def can_create_in(user, commune) -> bool:
    """Staff and the foncière anywhere (a foncière's premises is followed by it); a
    commune's people in their commune."""
    access = get_access(user)
    if access.is_metropole_staff or access.has_role(Role.FONCIERE_OFFICER):
        return True
    return access.has_role(*COMMUNE_ROLES) and access.is_commune_side(commune)


def creatable_communes(user):
    from cvv.territories.models import Commune

    access = get_access(user)
    if access.is_metropole_staff or access.has_role(Role.FONCIERE_OFFICER):
        return Commune.objects.all()
    return Commune.objects.filter(commune_side_q(access, ""))


def vacant_premises_visible_to(user):
    return (
        premises_visible_to(user)
        .filter(status=PremisesStatus.VACANT)
        .order_by("vacant_since", "pk")
    )
