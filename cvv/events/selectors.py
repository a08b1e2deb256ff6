"""Scoped reads of the events module.

- events: the published ones for everybody (members-only events are listed too, only their
  registration needs an account); drafts for the organisers;
- registrations: the organisers see an event's registrations; a person sees their own;
- nominations: the organisers and the jury see all; a commune's people (and its territory's
  agents) their commune's; laureates are public.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from cvv.events.enums import HOLDS_A_PLACE, EventState, NominationState, RegistrationState
from cvv.events.models import (
    AwardCategory,
    Event,
    Nomination,
    Registration,
    RegistrationCategory,
)
from cvv.organisations.access import commune_q, get_access


def events_visible_to(user):
    events = Event.objects.all()
    if get_access(user).is_metropole_staff:
        return events
    return events.filter(state__in=[EventState.PUBLISHED, EventState.CANCELLED])


def with_places(events):
    """Annotates `capacity` (sum of the quotas) and `taken` (confirmed or present)."""
    quotas = (
        RegistrationCategory.objects.filter(event=OuterRef("pk"))
        .values("event")
        .annotate(total=Sum("quota"))
        .values("total")
    )
    taken = (
        Registration.objects.filter(event=OuterRef("pk"), state__in=HOLDS_A_PLACE)
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return events.annotate(
        capacity=Coalesce(Subquery(quotas, output_field=IntegerField()), 0),
        taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0),
    )


def registrations_visible_to(user):
    access = get_access(user)
    registrations = Registration.objects.select_related("event", "category")
    if access.is_metropole_staff:
        return registrations
    if not access.is_authenticated:
        return registrations.none()
    return registrations.filter(user_id=access.user_id)


def events_attended_by(user):
    """The events a person attended (hook for the network's profile: trainings followed),
    with the training hours of each."""
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    return Event.objects.filter(
        registrations__user=user, registrations__state=RegistrationState.ATTENDED
    ).distinct()


def nominations_visible_to(user):
    """The organisers see all; a commune's people their commune's; the jurors and the
    president of an award its nominations."""
    access = get_access(user)
    nominations = Nomination.objects.select_related("award__event", "commune")
    if access.is_metropole_staff:
        return nominations
    scope = commune_q(access, "commune")
    if access.is_authenticated:
        jury = AwardCategory.objects.filter(
            Q(jurors__id=access.user_id) | Q(jury_president_id=access.user_id)
        )
        scope |= Q(award__in=jury)
    return nominations.filter(scope)


def laureates(event):
    return (
        Nomination.objects.filter(award__event=event, state=NominationState.LAUREATE)
        .select_related("award", "commune")
        .order_by("award__title", "commune__nom")
    )


def all_laureates():
    """Every laureate of a published event's awards, newest edition first (public)."""
    return (
        Nomination.objects.filter(state=NominationState.LAUREATE,
                                  award__event__state=EventState.PUBLISHED)
        .select_related("award__event", "commune")
        .order_by("-award__event__starts_at", "award__title", "commune__nom")
    )  # fmt: skip
