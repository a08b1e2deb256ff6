"""Minimal builders for programme tests."""

import datetime
from decimal import Decimal

from cvv.programme.models import Accompaniment, CallForApplications, Criterion, Edition, TeamMember
from tests.factories import commune


def make_edition(number=3, state=Edition.State.CALL_OPEN, criteria=True):
    edition, created = Edition.objects.get_or_create(
        number=number,
        defaults={
            "name": f"{number}e édition",
            "year": 2026,
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2027, 12, 31),
            "budget": Decimal("1500000.00"),
            "state": state,
        },
    )
    if created:
        CallForApplications.objects.create(
            edition=edition,
            title=f"Appel à candidatures — {edition.name}",
            opens_on=datetime.date(2026, 1, 15),
            closes_on=datetime.date(2026, 12, 31),
            required_documents=["deliberation"],
        )
        edition.call.questions.create(order=1, label="Quel est le principal enjeu ?")
        if criteria:
            Criterion.objects.create(
                edition=edition, order=1, label="Qualité du projet", weight=Decimal("60")
            )
            Criterion.objects.create(
                edition=edition, order=2, label="Portage politique", weight=Decimal("40")
            )
    return edition


def make_accompaniment(code="93005", edition=None, *, experts=(), **fields):
    edition = edition or make_edition(state=Edition.State.RUNNING)
    accompaniment = Accompaniment.objects.create(edition=edition, commune=commune(code), **fields)
    for user in experts:
        TeamMember.objects.create(
            accompaniment=accompaniment,
            user=user,
            kind=TeamMember.Kind.EXPERT,
            organisation=user.memberships.first().organisation,
        )
    return accompaniment
