"""Shared helpers of the FIMACS pages: scoped lookups and error reporting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from cvv.funding import selectors
from cvv.organisations.access import get_access
from cvv.organisations.enums import COMMUNE_ROLES

INSTRUCTORS = ("instructor", "metropole_admin")
FINANCE = ("finance_officer", "metropole_admin")
COMMUNE = COMMUNE_ROLES


def flash_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


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
