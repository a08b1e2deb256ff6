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
from cvv.events import selectors, services, tokens, workshops
from cvv.events.enums import EventState
from cvv.events.models import Registration

PREFIX = "/events"
router = Router(tags=["Événements"])


class WorkshopOut(Schema):
    id: int
    title: str
    start: dt.datetime
    end: dt.datetime
    track: str
    room: str
    capacity: int
    places_left: int


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
    workshops: list[WorkshopOut]
    donnees_de_demonstration: bool


def _published():
    return selectors.with_places(selectors.events_visible_to(None)).filter(
        state=EventState.PUBLISHED
    )


def _event_out(e, workshops_by_event) -> dict:
    return {"id": e.pk, "slug": e.slug, "title": e.title, "start": e.starts_at, "end": e.ends_at,
            "kind": e.kind, "kind_label": e.get_kind_display(), "audience": e.audience,
            "capacity": e.capacity, "places_left": max(e.capacity - e.taken, 0),
            "workshops": workshops_by_event.get(e.pk, []),
            "donnees_de_demonstration": e.synthetic}  # fmt: skip


def _workshops_by_event(event_ids) -> dict:
    """The workshops open to choice of these events, with their places left (one query)."""
    by_event = {}
    for w in workshops.workshops_of_events(event_ids):
        by_event.setdefault(w.event_id, []).append(
            {
                "id": w.pk,
                "title": w.title,
                "start": w.starts_at,
                "end": w.ends_at,
                "track": w.track,
                "room": w.room,
                "capacity": w.capacity,
                "places_left": max(w.capacity - w.taken, 0),
            }  # fmt: skip
        )
    return by_event


@router.get("", response=responses(list[EventOut], auth=False), auth=None,
            summary="Événements publiés")  # fmt: skip
def list_events(request):
    """Formations, webinaires, visites et Assises publiés, avec les places restantes
    (places confirmées déduites des quotas) et leurs ateliers au choix avec leurs propres
    places restantes."""
    events = list(_published())
    by_event = _workshops_by_event([e.pk for e in events])
    return [_event_out(e, by_event) for e in events]


@router.get("/{event_id}", response=responses(EventOut, auth=False, not_found=True, params=True),
            auth=None, summary="Un événement publié")  # fmt: skip
def event_detail(request, event_id: Id):
    """Un événement publié, avec ses places restantes et ses ateliers au choix (`id` à
    donner dans `workshops` de l’inscription, places restantes de chacun)."""
    event = _published().filter(pk=event_id).first()
    if event is None:
        raise Http404("Événement inconnu.")
    return _event_out(event, _workshops_by_event([event.pk]))


Text = Annotated[str, Field(min_length=1, max_length=100)]


class RegistrationIn(Schema):
    first_name: Text
    last_name: Text
    email: Annotated[str, Field(min_length=3, max_length=254)]  # checked by the service
    category: Annotated[str, Field(max_length=20)]
    organisation: Annotated[str, Field(max_length=200)] = ""
    answers: dict[str, Annotated[str, Field(max_length=1000)]] = {}
    workshops: Annotated[list[Id], Field(max_length=20)] = []


class RegistrationOut(Schema):
    id: int
    state: str
    state_label: str
    secret: str
    workshops: list[int]


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
    libère). `secret` permet seul d’annuler l’inscription.

    `workshops` : les ateliers choisis (leurs `id` dans la liste des événements), gardés
    pour une place confirmée dans la limite des places de chaque atelier ; un atelier
    complet refuse toute l’inscription (400 « Atelier complet : « titre » »), deux ateliers
    en même temps aussi. Une personne en liste d’attente choisit ses ateliers une fois sa
    place confirmée (`workshops` vide dans la réponse)."""
    event = selectors.events_visible_to(None).filter(pk=event_id).first()
    if event is None:
        raise Http404("Événement inconnu.")
    try:
        registration = services.registration_create(
            event=event, category=payload.category, first_name=payload.first_name,
            last_name=payload.last_name, email=payload.email,
            organisation=payload.organisation, answers=payload.answers,
            workshops=payload.workshops,
        )  # fmt: skip
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    chosen = sorted(registration.choices.values_list("session_id", flat=True))
    return Status(200, {"id": registration.pk, "state": registration.state,
                        "state_label": registration.get_state_display(),
                        "secret": tokens.make(registration, tokens.MANAGE),
                        "workshops": chosen})  # fmt: skip


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
