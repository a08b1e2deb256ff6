from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from cvv.core.forms import attach_errors  # noqa: F401  (shared by the programme views)
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role
from cvv.users.models import User


def report(request, change, success) -> bool:
    """Run a service call and say how it went: its ValidationError as an error message, or
    `success` (a string, or a callable read after the change when the message names the new
    state)."""
    try:
        change()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success() if callable(success) else success)
    return True


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
            | Q(
                memberships__is_active=True,
                memberships__role__in=COMMUNE_ROLES,
                memberships__organisation__commune=accompaniment.commune,
            )
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
