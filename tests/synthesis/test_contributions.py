"""The premises register, the events and the network contribute to the commune's single view
and to the yearly report."""

import datetime as dt

import pytest
from django.utils import timezone

from cvv.events.models import Registration
from cvv.network.models import Profile
from cvv.premises.services import premises_create
from cvv.synthesis import report
from cvv.synthesis.selectors import commune_blocks
from tests.events.factories import make_event
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(users):
    agent = users["commune_agent"]
    premises_create(
        actor=agent,
        commune=commune("93005"),
        address="12 boulevard de Strasbourg",
        status="vacant",
        on=dt.date(2026, 1, 5),
    )
    event = make_event(slug="formation-vacance", kind="training", days=-3)
    Registration.objects.create(
        event=event,
        category=event.categories.first(),
        user=agent,
        first_name="Amina",
        last_name="Agent",
        email=agent.email,
        state="attended",
    )
    Profile.objects.create(user=agent, in_directory=True)
    return event


def test_single_view_blocks_of_premises_events_and_network(users, activity):
    blocks = {b["key"]: b for b in commune_blocks(commune("93005"), users["commune_agent"])}
    assert blocks["premises"]["data"]["by_status"]["vacant"] == 1
    assert blocks["events"]["data"]["trainings_attended"][0]["event"] == activity.title
    assert blocks["network"]["data"] == {"members": 1}
    other = {b["key"] for b in commune_blocks(commune("93048"), users["other_commune_agent"])}
    assert not other & {"premises", "events", "network"}


def test_yearly_report_sections_of_premises_events_and_network(activity):
    year = timezone.localdate().year
    titles = {s["title"] for s in report.build(year)["sections"]}
    assert {
        "Registre des locaux",
        "Réseau : formations, événements et Assises",
        "Réseau des managers de commerce et de centre-ville",
    } <= titles


def test_single_view_blocks_of_the_fonciere_and_matchmaking(users):
    from decimal import Decimal

    from cvv.fonciere.models import Opportunity
    from cvv.matchmaking.models import Offer, WantedActivity
    from cvv.premises.enums import ActivityCategory

    aulnay = commune("93005")
    premises = premises_create(
        actor=users["commune_agent"], commune=aulnay, address="5 rue Jules Princet",
        status="vacant", on=dt.date(2026, 2, 1),
    )  # fmt: skip
    Opportunity.objects.create(
        premises=premises, commune=aulnay, source="dia_dpu", received_on=dt.date(2026, 3, 1),
        deadline=dt.date(2099, 5, 1),
    )  # fmt: skip
    Offer.objects.create(
        premises=premises, deal_kind="location", monthly_rent=Decimal("900"), price=Decimal("0"),
        monthly_charges=Decimal("50"), entry_fee=Decimal("0"), state="publiee",
    )  # fmt: skip
    WantedActivity.objects.create(commune=aulnay, category=ActivityCategory.choices[0][0])
    blocks = {b["key"]: b for b in commune_blocks(aulnay, users["metropole_admin"])}
    assert blocks["fonciere"]["data"]["open_deadlines"] == 1
    assert blocks["matchmaking"]["data"]["wanted_activities"] == [ActivityCategory.choices[0][1]]
    assert len(blocks["matchmaking"]["data"]["published_offers"]) == 1
    agent_blocks = {b["key"] for b in commune_blocks(aulnay, users["commune_agent"])}
    assert "fonciere" in agent_blocks  # the commune's own opportunities
    other = {b["key"] for b in commune_blocks(commune("93048"), users["other_commune_agent"])}
    assert not other & {"fonciere", "matchmaking"}
