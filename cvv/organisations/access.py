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

    def can_edit_commune(self, commune):
        return self.is_metropole_staff or commune.code in self.commune_codes

    def is_commune_side(self, commune) -> bool:
        """Works for this commune (commune agent or commerce manager of it)."""
        return commune is not None and commune.code in self.commune_codes

    def sees_commune(self, commune) -> bool:
        """May see this commune's private objects: staff, its people, its territory's agents."""
        if self.is_metropole_staff:
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


def commune_q(access: Access, path: str = "commune") -> Q:
    """The filter "rows of a commune this person may see" over the lookup path `path`."""
    if access.is_metropole_staff:
        return Q()
    if not access.is_authenticated:
        return Q(pk__in=[])
    return Q(**{f"{path}__code__in": access.commune_codes}) | Q(
        **{f"{path}__territoire__code__in": access.territoire_codes}
    )


def visible(queryset, user, *, commune: str = "commune"):
    """`queryset` restricted to what `user` may see, by the commune its rows belong to."""
    access = get_access(user)
    if not access.is_authenticated:
        return queryset.none()
    return queryset.filter(commune_q(access, commune))


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
