"""Reads of people by organisation: who works for a commune, who receives its e-mails.

Every notification finds its recipients here, so e-mail preferences are honoured the same
way everywhere: `wants_email` names a preference (e.g. "notifications"); the apps that store
preferences tell who refuses it through their `contributions.email_refusers(preference)`
(a queryset of user ids, or None when the preference is not theirs). An unknown preference
name is an error, not a silent "everyone"."""

from django.db.models import Q

from cvv.core.plugins import contributions
from cvv.organisations.enums import COMMUNE_ROLES, OrganisationKind
from cvv.users.models import User


def refusing_email(preference: str):
    """Ids of the users who turned off the e-mails of `preference`, as a query."""
    refusals = [
        refusers
        for email_refusers in contributions("email_refusers")
        if (refusers := email_refusers(preference)) is not None
    ]
    if not refusals:
        raise ValueError(f"Unknown e-mail preference: {preference!r}")
    condition = Q()
    for refusers in refusals:
        condition |= Q(pk__in=refusers)
    return User.objects.filter(condition).values("pk")


def _wanting(users, wants_email):
    if wants_email is None:
        return users
    return users.exclude(pk__in=refusing_email(wants_email))


def people_of_commune(commune, *, roles=COMMUNE_ROLES, wants_email: str | None = None):
    """Active people holding one of `roles` (by default: the commune's agents and commerce
    managers) in the commune's own organisation; with `wants_email`, only those who accept
    the e-mails of that preference."""
    users = User.objects.filter(
        is_active=True,
        memberships__is_active=True,
        memberships__role__in=roles,
        memberships__organisation__commune=commune,
        memberships__organisation__kind=OrganisationKind.COMMUNE,
    ).distinct()
    return _wanting(users, wants_email)


def people_of_organisation(organisation, *, wants_email: str | None = None):
    """Active people with an active membership of `organisation` (e.g. a partner's experts)."""
    users = User.objects.filter(
        is_active=True, memberships__is_active=True, memberships__organisation=organisation
    ).distinct()
    return _wanting(users, wants_email)


def emails_of(users) -> list[str]:
    """Sorted, distinct e-mail addresses of `users` (a recipient list)."""
    return sorted(set(users.values_list("email", flat=True)))
