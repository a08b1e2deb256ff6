"""The whole chain of the issue's "done when", through the services and the pages: a
commune's vacant premises (found by its field survey, held by the foncière) meets a brand's
search, the commune accepts, the lease is signed; the register, the foncière's letting and
the observatory's survey line all show it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.fonciere.models import Acquisition, LettingApplication
from cvv.matchmaking import selectors, services, stages
from cvv.observatory.models import Premise, Survey
from cvv.premises import services as register
from tests.factories import commune

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
SURVEYED_ON = TODAY - dt.timedelta(days=200)


@pytest.fixture
def surveyed_premises():
    """A vacant premises found by the commune's survey, then bought by the foncière."""
    survey = Survey.objects.create(commune=commune("93005"), date=SURVEYED_ON, state="validated")
    line = Premise.objects.create(
        survey=survey,
        code="93005",
        status="vacant",
        address="8 rue du Marché",
        observed_on=SURVEYED_ON,
    )
    register.link_survey(survey=survey)
    premises = line.register_link.premises
    premises.sales_area_m2, premises.permitted_use = Decimal("70"), "commerce"
    premises.save()
    acquisition = Acquisition.objects.create(
        premises=premises,
        commune=premises.commune,
        deed_on=SURVEYED_ON,
        price=Decimal("180000"),
    )
    return line, premises, acquisition


def _signed(users, premises):
    agent, actor = users["commune_agent"], users["economic_actor"]
    offer = services.offer_create(
        actor=agent, premises=premises, deal_kind="location", monthly_rent=Decimal("1100")
    )
    services.offer_publish(actor=agent, offer=offer)
    search = services.search_create(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        title="Boutique de l’enseigne",
        activity_category="equipement_personne",
        deal_kinds=["location"],
        min_surface_m2=Decimal("50"),
        max_surface_m2=Decimal("90"),
        max_monthly_rent=Decimal("1500"),
    )
    introduction = services.introduction_request(actor=actor, search=search, offer=offer)
    services.introduction_accept(actor=agent, introduction=introduction)
    stages.introduction_visit(actor=actor, introduction=introduction, on=TODAY)
    stages.introduction_apply(actor=actor, introduction=introduction)
    return stages.introduction_sign(actor=agent, introduction=introduction, on=TODAY)


def test_lease_signed_updates_the_register_the_fonciere_and_the_survey(
    client, users, surveyed_premises
):
    line, premises, acquisition = surveyed_premises
    introduction = _signed(users, premises)
    brand = introduction.search.organisation.name

    premises.refresh_from_db()
    assert premises.status == "occupe" and premises.occupant_name == brand
    # The foncière's letting: the tenant enters as a candidate at the agreed rent, dated.
    application = LettingApplication.objects.get(acquisition=acquisition)
    assert application.candidate_name == brand
    assert application.proposed_rent == Decimal("13200")
    assert application.received_on == TODAY and introduction.reference in application.project
    assert application.state == "recue"
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"fonciere.premises.let", "fonciere.application.create"} <= codes

    # The pages: the register entry, the foncière's acquisition, the survey line.
    client.force_login(users["fonciere_officer"])
    response = client.get(reverse("fonciere:acquisition", args=[acquisition.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert brand in page and introduction.reference in page
    client.force_login(users["commune_agent"])
    page = client.get(reverse("premises:detail", args=[premises.pk])).content.decode()
    assert "Occupé" in page and brand in page
    page = client.get(reverse("observatory:survey_detail", args=[line.survey_id])).content.decode()
    assert "Au registre des locaux aujourd’hui" in page
    assert f"Bail signé — mise en relation {introduction.reference}" in page
    assert reverse("premises:detail", args=[premises.pk]) in page
    # The line itself stays what was observed that day.
    line.refresh_from_db()
    assert line.status == "vacant"


def test_no_second_candidate_once_the_committee_retained_one(users, surveyed_premises):
    """A foncière premises whose committee already retained a tenant: the letting keeps its
    choice; the trail still records the lease signed through matchmaking."""
    _line, premises, acquisition = surveyed_premises
    LettingApplication.objects.create(
        acquisition=acquisition,
        commune=acquisition.commune,
        candidate_name="Déjà retenu",
        activity="Café",
        proposed_rent=Decimal("9000"),
        received_on=SURVEYED_ON,
        state="retenue",
    )
    _signed(users, premises)
    assert list(acquisition.applications.values_list("candidate_name", flat=True)) == [
        "Déjà retenu"
    ]
    assert AuditEntry.objects.filter(action="fonciere.premises.let").exists()


def test_the_application_stage_enters_the_fonciere_letting_once(users, surveyed_premises):
    """The candidate applies through the introduction: it enters the foncière's letting at
    that stage; the lease signed later through the same introduction adds no second one."""
    _line, premises, acquisition = surveyed_premises
    agent, actor = users["commune_agent"], users["economic_actor"]
    offer = services.offer_create(
        actor=agent, premises=premises, deal_kind="location", monthly_rent=Decimal("900")
    )
    services.offer_publish(actor=agent, offer=offer)
    search = services.search_create(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        title="Épicerie fine",
        activity_category="equipement_personne",
        deal_kinds=["location"],
        min_surface_m2=Decimal("50"),
        max_surface_m2=Decimal("90"),
        max_monthly_rent=Decimal("1500"),
    )
    introduction = services.introduction_request(actor=actor, search=search, offer=offer)
    services.introduction_accept(actor=agent, introduction=introduction)
    stages.introduction_apply(actor=actor, introduction=introduction)
    application = LettingApplication.objects.get(acquisition=acquisition)
    assert application.state == "recue" and application.proposed_rent == Decimal("10800")
    assert application.project.startswith("Candidature déposée le")
    assert introduction.reference in application.project
    created = AuditEntry.objects.get(action="fonciere.application.create")
    assert created.data["source"] == f"mise en relation {introduction.reference}"
    stages.introduction_sign(actor=agent, introduction=introduction, on=TODAY)
    assert list(acquisition.applications.values_list("pk", flat=True)) == [application.pk]
    let = AuditEntry.objects.get(action="fonciere.premises.let")
    assert let.data["application"] == application.pk
    assert AuditEntry.objects.filter(action="fonciere.application.create").count() == 1
