"""Builders of events for the tests (plain ORM: the objects a test starts from)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cvv.events.models import AwardCategory, Event, Question, RegistrationCategory


def make_event(*, slug="assises-2027", kind="assises", audience="public", quotas=None,
               state="published", days=30, **fields):  # fmt: skip
    start = timezone.now() + dt.timedelta(days=days)
    event = Event.objects.create(
        slug=slug,
        title=fields.pop("title", f"Événement {slug}"),
        kind=kind,
        audience=audience,
        state=state,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=7),
        training_hours=Decimal("7") if kind == "training" else Decimal("0"),
        **fields,
    )
    for category, quota in (quotas or {"public": 2, "elected": 1}).items():
        RegistrationCategory.objects.create(event=event, category=category, quota=quota)
    return event


def add_question(event, label="Régime alimentaire", kind="choice", choices="Aucun\nVégétarien",
                 required=False):  # fmt: skip
    return Question.objects.create(event=event, label=label, kind=kind, choices=choices,
                                   required=required)  # fmt: skip


def make_award(event, title="Trophée du commerce de proximité", days=10):
    return AwardCategory.objects.create(
        event=event, title=title, nominations_close_at=timezone.now() + dt.timedelta(days=days)
    )


def person(n, **extra):
    return {"first_name": f"Prénom{n}", "last_name": f"Nom{n}", "email": f"p{n}@exemple.fr",
            **extra}  # fmt: skip
