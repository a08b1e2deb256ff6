"""API of the events (public, no token): the published events with their places left, and
registration to a public event — answering `confirmed` or `waitlisted` with the
registration's id and its secret, which alone cancels it (DELETE)."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import Field

from cvv.api.schemas import ErrorOut, Id, responses
from cvv.events import selectors, services, tokens
from cvv.events.enums import EventState
from cvv.events.models import Registration

PREFIX = "/events"
router = Router(tags=["Événements"])


class EventOut(Schema):
    id: int
    slug: str
    title: str
    start: dt.datetime
    end: dt.datetime
    kind: str
    kind_label: str
    audience: str
    capacity: int
    places_left: int
    donnees_de_demonstration: bool


@router.get("", response=responses(list[EventOut], auth=False), auth=None,
            summary="Événements publiés")  # fmt: skip
def list_events(request):
    """Formations, webinaires, visites et Assises publiés, avec les places restantes
    (places confirmées déduites des quotas)."""
    events = selectors.with_places(selectors.events_visible_to(None)).filter(
        state=EventState.PUBLISHED
    )
    return [
        {"id": e.pk, "slug": e.slug, "title": e.title, "start": e.starts_at, "end": e.ends_at,
         "kind": e.kind, "kind_label": e.get_kind_display(), "audience": e.audience,
         "capacity": e.capacity, "places_left": max(e.capacity - e.taken, 0),
         "donnees_de_demonstration": e.synthetic}
        for e in events
    ]  # fmt: skip


Text = Annotated[str, Field(min_length=1, max_length=100)]


class RegistrationIn(Schema):
    first_name: Text
    last_name: Text
    email: Annotated[str, Field(min_length=3, max_length=254)]  # checked by the service
    category: Annotated[str, Field(max_length=20)]
    organisation: Annotated[str, Field(max_length=200)] = ""
    answers: dict[str, Annotated[str, Field(max_length=1000)]] = {}


class RegistrationOut(Schema):
    id: int
    state: str
    state_label: str
    secret: str


@router.post(
    "/{event_id}/registrations",
    response={**responses(RegistrationOut, auth=False, not_found=True, params=True),
              400: ErrorOut, 403: ErrorOut},
    auth=None,
    summary="S’inscrire à un événement public",
)  # fmt: skip
def register(request, event_id: Id, payload: RegistrationIn):
    """Inscription sans compte à un événement ouvert à tous : `confirmed` tant que la
    catégorie a des places, sinon `waitlisted` (promue automatiquement quand une place se
    libère). `secret` permet seul d’annuler l’inscription."""
    event = selectors.events_visible_to(None).filter(pk=event_id).first()
    if event is None:
        raise Http404("Événement inconnu.")
    try:
        registration = services.registration_create(
            event=event, category=payload.category, first_name=payload.first_name,
            last_name=payload.last_name, email=payload.email,
            organisation=payload.organisation, answers=payload.answers,
        )  # fmt: skip
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    return Status(200, {"id": registration.pk, "state": registration.state,
                        "state_label": registration.get_state_display(),
                        "secret": tokens.make(registration, tokens.MANAGE)})  # fmt: skip


class CancelOut(Schema):
    id: int
    state: str
    promoted: int


@router.delete(
    "/registrations/{secret}",
    response={**responses(CancelOut, auth=False, not_found=True, params=True), 400: ErrorOut},
    auth=None,
    summary="Annuler son inscription",
)
def cancel_registration(request, secret: Annotated[str, Field(max_length=200)]):
    """Annule l’inscription désignée par son secret ; la place libérée va à la première
    personne de la liste d’attente."""
    pk = tokens.read(secret, tokens.MANAGE)
    registration = Registration.objects.filter(pk=pk).first() if pk else None
    if registration is None:
        raise Http404("Inscription inconnue.")
    try:
        with transaction.atomic():
            promoted = services.registration_cancel(registration=registration, token=secret)
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    return Status(200, {"id": registration.pk, "state": registration.state,
                        "promoted": len(promoted)})  # fmt: skip
