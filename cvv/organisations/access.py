"""What a user may see and do: roles from memberships, scope from organisations.

Every scoped read goes through `get_access(user)`; views turn "out of scope" into a
404 (another commune's object never leaks) and "wrong role" into a 403.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied

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
