"""What a user may see and do: roles from memberships, scope from organisations.

Every scoped read goes through `get_access(user)`; views turn "out of scope" into a
404 (another commune's object never leaks) and "wrong role" into a 403.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role


@dataclass(frozen=True)
class Access:
    user_id: int | None
    roles: frozenset = field(default_factory=frozenset)
    commune_codes: frozenset = field(default_factory=frozenset)
    territoire_codes: frozenset = field(default_factory=frozenset)
    organisation_ids: frozenset = field(default_factory=frozenset)

    @property
    def is_authenticated(self):
        return self.user_id is not None

    @property
    def is_metropole_staff(self):
        return bool(self.roles & METROPOLE_STAFF_ROLES)

    @property
    def is_admin(self):
        return Role.METROPOLE_ADMIN in self.roles

    def has_role(self, *roles):
        return bool(self.roles & set(roles))

    @property
    def works_for_a_commune(self) -> bool:
        """Holds a commune role in at least one commune (commune agent, commerce manager)."""
        return bool(self.commune_codes)

    @property
    def sees_some_commune(self) -> bool:
        """Staff, a commune's people or a territory's agents: sees some commune's objects."""
        return self.is_metropole_staff or bool(self.commune_codes or self.territoire_codes)

    def can_edit_commune(self, commune):
        return self.is_metropole_staff or self.is_commune_side(commune)

    def is_commune_side(self, commune) -> bool:
        """Works for this commune (commune agent or commerce manager of it)."""
        return commune is not None and commune.code in self.commune_codes

    def sees_commune(self, commune, *, staff: bool = True) -> bool:
        """May see this commune's private objects: staff, its people, its territory's agents.
        `staff=False` leaves the Métropole's staff rights out (who acts *for* the commune:
        its people and its territory's agents, e.g. to prepare its candidature)."""
        if staff and self.is_metropole_staff:
            return True
        if commune is None:
            return False
        return commune.code in self.commune_codes or (
            commune.territoire.code in self.territoire_codes
        )


ANONYMOUS = Access(user_id=None)


def get_access(user) -> Access:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_cvv_access", None)
    if cached is not None:
        return cached
    roles, communes, territoires, organisations = set(), set(), set(), set()
    memberships = user.memberships.filter(is_active=True).select_related(
        "organisation__commune", "organisation__territoire"
    )
    for membership in memberships:
        roles.add(membership.role)
        organisation = membership.organisation
        organisations.add(organisation.pk)
        if membership.role in COMMUNE_ROLES and organisation.commune_id:
            communes.add(organisation.commune.code)
        if membership.role == Role.TERRITORY_AGENT and organisation.territoire_id:
            territoires.add(organisation.territoire.code)
    access = Access(
        user_id=user.pk,
        roles=frozenset(roles),
        commune_codes=frozenset(communes),
        territoire_codes=frozenset(territoires),
        organisation_ids=frozenset(organisations),
    )
    user._cvv_access = access
    return access


def check_roles(user, *roles):
    """Raise PermissionDenied unless the user holds one of the roles."""
    if not get_access(user).has_role(*roles):
        raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")


def role_required(*roles):
    """View decorator: the user (already logged in) must hold one of `roles`, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            check_roles(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(*METROPOLE_STAFF_ROLES)
admin_required = role_required(Role.METROPOLE_ADMIN)


# --- One scope vocabulary -------------------------------------------------------------------
# Querysets: `visible(qs, user, commune="commune")` keeps the rows whose commune (reached
# through the `commune` lookup path) the person may see. Objects: `access.sees_commune(c)`,
# `access.is_commune_side(c)`. Workflow guards: `commune_side("dossier.commune")`.


def _lookup(path, rest):
    return f"{path}__{rest}" if path else rest


def commune_q(access: Access, path: str = "commune", *, staff: bool = True) -> Q:
    """The filter "rows of a commune this person may see" over the lookup path `path`
    ("" when the rows are communes); `staff=False` as in `Access.sees_commune`."""
    if staff and access.is_metropole_staff:
        return Q()
    if not access.is_authenticated:
        return Q(pk__in=[])
    return Q(**{_lookup(path, "code__in"): access.commune_codes}) | Q(
        **{_lookup(path, "territoire__code__in"): access.territoire_codes}
    )


def commune_side_q(access: Access, path: str = "commune") -> Q:
    """The filter "rows of a commune this person works for" (`is_commune_side`): no staff
    bypass, no territory."""
    if not access.is_authenticated:
        return Q(pk__in=[])
    return Q(**{_lookup(path, "code__in"): access.commune_codes})


def visible(queryset, user, *, commune: str = "commune", own: bool = False):
    """`queryset` restricted to what `user` may see, by the commune its rows belong to
    (`commune` is the lookup path to it; "" when the rows are communes). With `own=True`
    only the Métropole's staff and the commune's own people see a row (territory agents
    do not): what `access.can_edit_commune` allows."""
    access = get_access(user)
    if not access.is_authenticated:
        return queryset.none()
    if own:
        if access.is_metropole_staff:
            return queryset
        return queryset.filter(commune_side_q(access, commune))
    return queryset.filter(commune_q(access, commune))


def own_communes(user_or_access):
    """The communes a person (a user or their `Access`) works for (commune agent or commerce
    manager)."""
    from cvv.territories.models import Commune

    access = user_or_access if isinstance(user_or_access, Access) else get_access(user_or_access)
    return Commune.objects.filter(commune_side_q(access, ""))


def _resolve(obj, path):
    for part in path.split(".") if path else ():
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def commune_side(path: str = "commune"):
    """Workflow scope predicate: the actor works for the object's commune (at `path`)."""

    def predicate(access, obj):
        return access.is_commune_side(_resolve(obj, path))

    predicate.__name__ = f"commune_side({path})"
    return predicate


def sees(path: str = "commune"):
    """Workflow scope predicate: the actor may see the object's commune (staff included)."""

    def predicate(access, obj):
        return access.sees_commune(_resolve(obj, path))

    predicate.__name__ = f"sees({path})"
    return predicate
