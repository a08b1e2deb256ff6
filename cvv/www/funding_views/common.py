"""Shared helpers of the FIMACS pages: scoped lookups and error reporting."""

from django.core.exceptions import PermissionDenied, ValidationError

from cvv.funding import selectors
from cvv.organisations.access import get_access
from cvv.organisations.enums import COMMUNE_ROLES, FINANCE_ROLES, INSTRUCTION_ROLES
from cvv.www.errors import show_errors

INSTRUCTORS = INSTRUCTION_ROLES
FINANCE = FINANCE_ROLES
COMMUNE = COMMUNE_ROLES


def flash_errors(request, exc: ValidationError):
    """The FIMACS pages' name for `cvv.www.errors.show_errors` without a form."""
    show_errors(request, exc)


def dossier_as_commune(request, pk):
    """A dossier of one of the user's communes: out of scope 404, not a commune member 403."""
    dossier = selectors.dossier_for_view(request.user, pk)
    if not selectors.is_commune_member(request.user, dossier):
        raise PermissionDenied("Action réservée à la commune porteuse du dossier.")
    return dossier


def dossier_as(request, pk, roles):
    dossier = selectors.dossier_for_view(request.user, pk)
    if not get_access(request.user).has_role(*roles):
        raise PermissionDenied("Votre rôle ne permet pas cette action.")
    return dossier
