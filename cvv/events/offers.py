"""A place freed for the next in line, when the event sets a deadline to confirm
(`Event.confirm_within_days`): the place is offered and held until `confirm_by`; the person
confirms through their signed link; the periodic task releases the places not confirmed in
time to the next in line. Everything runs with the event's row locked, as registrations,
cancellations and promotions do, so a late confirmation and the release cannot both win."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.core.workflows import SYSTEM
from cvv.events import notifications, tokens
from cvv.events.enums import RegistrationState
from cvv.events.models import Event, Registration
from cvv.events.workflows import REGISTRATION

R = RegistrationState


def offer_accept(*, registration: Registration, token: str) -> Registration:
    if tokens.read(token, tokens.MANAGE) != registration.pk:
        raise PermissionDenied("Lien d’inscription invalide.")
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.state != R.OFFERED:
            raise ValidationError("Aucune place n’attend votre confirmation.")
        if registration.confirm_by and registration.confirm_by <= timezone.now():
            raise ValidationError("Le délai pour confirmer cette place est dépassé.")
        registration.confirm_by = None
        REGISTRATION.apply(registration, "accept_offer", actor=SYSTEM,
                           extra_update_fields=["confirm_by"])  # fmt: skip
        notifications.registration_email(registration, "confirmed")
    return registration


def offers_release(now=None) -> int:
    """Releases the offers whose deadline passed, each event under its row lock, and offers
    the places to the next in line. Returns the number released."""
    from cvv.events.services import _promote

    now = now or timezone.now()
    released = 0
    events = (
        Registration.objects.filter(state=R.OFFERED, confirm_by__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in sorted(set(events)):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            expired = event.registrations.filter(state=R.OFFERED, confirm_by__lte=now)
            for registration in expired.order_by("confirm_by", "pk"):
                deadline = registration.confirm_by.isoformat()
                REGISTRATION.apply(registration, "release", actor=SYSTEM,
                                   data={"confirm_by": deadline})  # fmt: skip
                registration.choices.all().delete()
                notifications.registration_email(registration, "released")
                released += 1
            _promote(event)
    return released
