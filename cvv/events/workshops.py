"""Workshop choices: a registration holding a place chooses among the event's workshops that
have places (`Session.capacity`). Never more choices than places: the seats are counted with
the event's row locked, the same lock as registrations, cancellations and promotions; two
workshops at the same time cannot both be chosen (parallel tracks)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q

from cvv.audit.services import log_action
from cvv.events import tokens
from cvv.events.enums import HOLDS_A_PLACE, SessionKind
from cvv.events.models import Event, Registration, Session, WorkshopChoice


def _open_to_choice(sessions):
    return (
        sessions.filter(kind=SessionKind.WORKSHOP, capacity__isnull=False)
        .annotate(taken=Count("choices", filter=Q(choices__registration__state__in=HOLDS_A_PLACE)))
        .order_by("starts_at", "track", "pk")
    )


def workshops_of(event):
    """The event's workshops open to choice, with `taken` (the seats chosen)."""
    return _open_to_choice(event.sessions.all())


def workshops_of_events(event_ids):
    """The workshops open to choice of several events (the API's list), with `taken`."""
    return _open_to_choice(Session.objects.filter(event_id__in=list(event_ids)))


def set_choices(event: Event, registration: Registration, sessions, *, actor=None) -> list:
    """Replaces the registration's choices; the caller holds the event's row lock."""
    ids = {int(getattr(s, "pk", s)) for s in sessions}
    available = {w.pk: w for w in workshops_of(event).filter(pk__in=ids)}
    if set(available) != ids:
        raise ValidationError({"workshops": "Choisissez parmi les ateliers de l’événement."})
    if registration.state not in HOLDS_A_PLACE:
        raise ValidationError(
            {"workshops": "Les ateliers se choisissent une fois la place confirmée."}
        )
    chosen = sorted(available.values(), key=lambda w: w.starts_at)
    for first, second in zip(chosen, chosen[1:], strict=False):
        if second.starts_at < first.ends_at:
            raise ValidationError(
                {
                    "workshops": f"« {first.title} » et « {second.title} » ont "
                    "lieu en même temps : choisissez l’un des deux."
                }
            )
    mine = set(registration.choices.values_list("session_id", flat=True))
    full = [w.title for w in chosen if w.pk not in mine and w.taken >= w.capacity]
    if full:
        raise ValidationError({"workshops": "Atelier complet : " + ", ".join(
            f"« {t} »" for t in full) + "."})  # fmt: skip
    registration.choices.exclude(session_id__in=ids).delete()
    for workshop in chosen:
        if workshop.pk not in mine:
            WorkshopChoice.objects.create(registration=registration, session=workshop)
    log_action("events.registration.workshops", actor=actor, obj=registration,
               data={"sessions": sorted(ids)})  # fmt: skip
    return chosen


def workshops_choose(*, registration: Registration, sessions, token: str = "", actor=None):
    """The person (through their signed link) or an organiser changes the workshops chosen."""
    if token:
        if tokens.read(token, tokens.MANAGE) != registration.pk:
            raise PermissionDenied("Lien d’inscription invalide.")
        actor = None
    else:
        from cvv.organisations.access import get_access

        if not get_access(actor).is_metropole_staff:
            raise PermissionDenied("Réservé aux organisateurs ou à la personne inscrite.")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        return set_choices(event, registration, sessions, actor=actor)


def chosen_by(registration) -> list[Session]:
    return [c.session for c in registration.choices.select_related("session")]
