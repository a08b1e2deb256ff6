"""Writes of the events module: events and their programme, registrations (quotas, waiting
list), check-in.

Never more confirmed people than places: every registration, cancellation and promotion of
an event runs with the event's row locked (`select_for_update`), so two registrations for
the last place are decided one after the other; the quota is counted inside the lock.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.core.workflows import SYSTEM
from cvv.events import notifications, tokens
from cvv.events.enums import HOLDS_A_PLACE, QuestionKind, RegistrationState
from cvv.events.models import (
    Event,
    Question,
    Registration,
    RegistrationCategory,
    Session,
    Speaker,
)
from cvv.events.workflows import EVENT, REGISTRATION
from cvv.organisations.access import get_access

R = RegistrationState


def _organiser(actor):
    if not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Réservé aux organisateurs (équipes de la Métropole).")


def event_save(*, event: Event, actor) -> Event:
    _organiser(actor)
    event.full_clean()
    with transaction.atomic():
        event.save()
        log_action("events.event.saved", actor=actor, obj=event)
    return event


def event_transition(*, event: Event, name: str, actor, reason: str = "") -> Event:
    return EVENT.apply(event, name, actor=actor, reason=reason)


def session_save(*, session: Session, speakers=None, actor) -> Session:
    _organiser(actor)
    session.full_clean()
    event = session.event
    if session.starts_at < event.starts_at or session.ends_at > event.ends_at:
        raise ValidationError({"starts_at": "La session doit se tenir pendant l’événement."})
    with transaction.atomic():
        session.save()
        if speakers is not None:
            session.speakers.set(speakers)
        log_action("events.session.saved", actor=actor, obj=session.event,
                   data={"session": session.title})  # fmt: skip
    return session


def speaker_save(*, speaker: Speaker, actor) -> Speaker:
    _organiser(actor)
    speaker.full_clean()
    with transaction.atomic():
        speaker.save()
        log_action("events.speaker.saved", actor=actor, obj=speaker)
    return speaker


def question_save(*, question: Question, actor) -> Question:
    _organiser(actor)
    question.full_clean()
    with transaction.atomic():
        question.save()
        log_action("events.question.saved", actor=actor, obj=question.event,
                   data={"question": question.label})  # fmt: skip
    return question


def quota_set(*, event: Event, category: str, quota: int, actor) -> RegistrationCategory:
    """Sets a category's places. Never below the people already confirmed; more places go
    to the waiting list at once."""
    _organiser(actor)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        row = event.categories.filter(category=category).first() or RegistrationCategory(
            event=event, category=category, quota=0
        )
        taken = places_taken(row) if row.pk else 0
        if quota < taken:
            raise ValidationError(
                {
                    "quota": f"{taken} personnes sont déjà confirmées dans cette "
                    "catégorie : annulez d’abord des inscriptions."
                }
            )
        row.quota = quota
        row.full_clean()
        row.save()
        log_action("events.quota.set", actor=actor, obj=event,
                   data={"category": category, "quota": quota})  # fmt: skip
        _promote(event)
    return row


# --- Registrations ----------------------------------------------------------------------


def places_taken(category: RegistrationCategory) -> int:
    return category.registrations.filter(state__in=HOLDS_A_PLACE).count()


def clean_answers(event: Event, answers: dict) -> dict:
    """The answers to the event's questions, keyed by question id (as text), checked."""
    answers, cleaned, errors = answers or {}, {}, []
    for question in event.questions.all():
        value = str(answers.get(str(question.pk), "") or "").strip()[:1000]
        if question.kind == QuestionKind.CHOICE and value and value not in question.choice_list():
            errors.append(f"« {question.label} » : choisissez une des réponses proposées.")
        if question.kind == QuestionKind.YESNO and value not in ("", "oui", "non"):
            errors.append(f"« {question.label} » : répondez par oui ou non.")
        if question.required and not value:
            errors.append(f"« {question.label} » : une réponse est obligatoire.")
        if value:
            cleaned[str(question.pk)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def registration_create(
    *,
    event: Event,
    category: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: str = "",
    answers: dict | None = None,
    workshops=(),
    user=None,
) -> Registration:
    """Registers one person: confirmed while the category has places, else waitlisted.
    The workshops chosen are kept for a confirmed person, within each workshop's places
    (counted under the same lock); a waitlisted person chooses once a place is theirs."""
    email = (email or "").strip().lower()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.registration_open(timezone.now()):
            raise ValidationError("Les inscriptions à cet événement ne sont pas ouvertes.")
        if not event.is_public and not get_access(user).roles:
            raise PermissionDenied("Cet événement est réservé aux membres de la plateforme.")
        quota = event.categories.filter(category=category).first()
        if quota is None:
            raise ValidationError({"category": "Cette catégorie n’est pas proposée."})
        if event.registrations.filter(email=email).exclude(state=R.CANCELLED).exists():
            raise ValidationError({"email": "Cette adresse est déjà inscrite à cet événement."})
        registration = Registration(
            event=event,
            category=quota,
            user=user if user is not None and user.is_authenticated else None,
            first_name=(first_name or "").strip(),
            last_name=(last_name or "").strip(),
            email=email,
            organisation=(organisation or "").strip(),
            answers=clean_answers(event, answers),
        )
        registration.full_clean(exclude=["state"])
        registration.save()
        log_action("events.registration.created", actor=user, obj=registration,
                   data={"event": event.slug, "category": category})  # fmt: skip
        name = "confirm" if places_taken(quota) < quota.quota else "waitlist"
        REGISTRATION.apply(registration, name, actor=SYSTEM)
        if workshops and name == "confirm":
            from cvv.events.workshops import set_choices

            set_choices(event, registration, workshops, actor=user)
        notifications.registration_email(registration, registration.state)
    return registration


def _promote(event: Event) -> list[Registration]:
    """Fills freed places from the waiting list, first come first served (event locked).
    When the event sets a deadline to confirm, the place is offered (held until the
    deadline) rather than confirmed outright."""
    promoted = []
    days = event.confirm_within_days
    for quota in event.categories.all():
        free = quota.quota - places_taken(quota)
        waiting = quota.registrations.filter(state=R.WAITLISTED).order_by("created_at", "pk")
        for registration in waiting[: max(free, 0)]:
            if days:
                registration.confirm_by = timezone.now() + dt.timedelta(days=days)
                REGISTRATION.apply(registration, "offer", actor=SYSTEM,
                                   extra_update_fields=["confirm_by"])  # fmt: skip
                notifications.registration_email(registration, "offered")
            else:
                REGISTRATION.apply(registration, "promote", actor=SYSTEM)
                notifications.registration_email(registration, "promoted")
            promoted.append(registration)
    return promoted


def registration_cancel(*, registration: Registration, actor=None, token: str = "") -> list:
    """Cancels a registration, by an organiser (`actor`) or by the person through their
    signed link (`token`); the freed place goes to the waiting list. Returns the people
    promoted."""
    if token:
        if tokens.read(token, tokens.MANAGE) != registration.pk:
            raise PermissionDenied("Lien d’inscription invalide.")
        actor = SYSTEM
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db(fields=["state"])
        REGISTRATION.apply(registration, "cancel", actor=actor,
                           data={"by_link": bool(token)})  # fmt: skip
        registration.choices.all().delete()
        notifications.registration_email(registration, "cancelled")
        return _promote(event)


def registration_transition(*, registration: Registration, name: str, actor) -> Registration:
    """Check-in and its undoing by the organisers (cancel goes through registration_cancel)."""
    if name not in ("check_in", "undo_check_in"):
        raise ValidationError("Action inconnue.")
    registration.checked_in_at = timezone.now() if name == "check_in" else None
    return REGISTRATION.apply(registration, name, actor=actor,
                              extra_update_fields=["checked_in_at"])  # fmt: skip


def registration_for_code(*, event: Event, code: str) -> Registration | None:
    """The registration of this event a scanned or typed code names (None when forged or of
    another event); reads only: the check-in page shows who it is before the organiser
    records the arrival."""
    pk = tokens.read(tokens.code_from_scan(code), tokens.CHECK_IN)
    return event.registrations.select_related("category").filter(pk=pk).first() if pk else None


def check_in_by_code(*, event: Event, code: str, actor) -> Registration:
    """Checks a person in from the code they show; refuses a forged code, another event's
    code, a cancelled or waitlisted registration and a code already used."""
    _organiser(actor)
    registration = registration_for_code(event=event, code=code)
    if registration is None:
        raise ValidationError("Code inconnu ou falsifié pour cet événement.")
    if registration.state == R.ATTENDED:
        at = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
        raise ValidationError(f"Code déjà utilisé : {registration.full_name} est arrivé(e) à {at}.")
    if registration.state == R.OFFERED:
        raise ValidationError(
            f"{registration.full_name} n’a pas encore confirmé la place qui lui a été proposée."
        )
    if registration.state != R.CONFIRMED:
        raise ValidationError(
            f"{registration.full_name} n’a pas de place confirmée "
            f"({registration.get_state_display().lower()})."
        )
    return registration_transition(registration=registration, name="check_in", actor=actor)
