from django.core.exceptions import PermissionDenied
from django.db.models import Q

from cvv.core.forms import attach_errors  # noqa: F401  (shared by the programme views)
from cvv.organisations.enums import METROPOLE_STAFF_ROLES, Role
from cvv.organisations.selectors import people_of_commune
from cvv.users.models import User
from cvv.www.errors import report  # noqa: F401  (the one way to report a service call)


def require(condition, message="Votre rôle ne permet pas cette action."):
    if not condition:
        raise PermissionDenied(message)


def people_of(accompaniment):
    """People who may own actions or attend meetings: the team, the commune's people and the
    Métropole staff."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(accompaniment_memberships__accompaniment=accompaniment)
            | Q(pk__in=people_of_commune(accompaniment.commune).values("pk"))
            | Q(memberships__is_active=True, memberships__role__in=METROPOLE_STAFF_ROLES)
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def referent_candidates():
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role__in=[Role.METROPOLE_ADMIN, Role.INSTRUCTOR],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
