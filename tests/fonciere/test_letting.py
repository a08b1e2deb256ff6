"""Letting: candidates, the commune's opinion, the letting committee's choice with reasons,
the lease of the chosen candidate — through the page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.core.workflows import TransitionDenied
from cvv.fonciere import services_letting
from cvv.fonciere.models import Acquisition, LettingApplication, Opportunity
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def acquisition():
    premises = Premises.objects.create(
        commune=commune("93005"), address="3 rue Basse", status="vacant"
    )
    opportunity = Opportunity.objects.create(
        premises=premises,
        commune=premises.commune,
        source="amiable",
        received_on=dt.date(2024, 1, 5),
        state="acquise",
    )
    return Acquisition.objects.create(
        opportunity=opportunity,
        premises=premises,
        commune=premises.commune,
        deed_on=dt.date(2024, 3, 1),
        price=Decimal("150000"),
    )


def test_letting_through_the_page(client, users, acquisition):
    url = reverse("fonciere:acquisition", args=[acquisition.pk])
    client.force_login(users["fonciere_officer"])
    for name, rent in (("Librairie du Parc", "14 400"), ("Primeur Bio", "13 200")):
        response = client.post(
            url,
            {
                "action": "apply",
                "apply-candidate_name": name,
                "apply-activity": "Commerce",
                "apply-proposed_rent": rent,
                "apply-received_on": "2024-06-01",
            },
            follow=True,
        )
        assert f"Candidature de {name} enregistrée." in response.content.decode()
    first, second = LettingApplication.objects.order_by("pk")
    # The page lists the candidates; the foncière chooses, the commune gives its opinion.
    page = client.get(url).content.decode()
    assert "Librairie du Parc" in page and "Primeur Bio" in page
    assert 'value="letting_choose"' in page and 'value="letting_opinion"' not in page
    client.force_login(users["commune_agent"])
    page = client.get(url).content.decode()
    assert 'value="letting_opinion"' in page and 'value="letting_choose"' not in page
    response = client.post(
        url,
        {
            "action": "letting_opinion",
            "opinion-application": first.pk,
            "opinion-opinion": "favorable",
        },
        follow=True,
    )
    assert "Avis sur la candidature de Librairie du Parc enregistré." in (response.content.decode())
    # The commune does not choose.
    assert (
        client.post(
            url,
            {
                "action": "letting_choose",
                "choose-application": first.pk,
                "choose-held_on": "2024-07-01",
                "choose-reasons": "x",
            },
        ).status_code
        == 403
    )
    client.force_login(users["fonciere_officer"])
    client.post(
        url,
        {
            "action": "letting_choose",
            "choose-application": first.pk,
            "choose-held_on": "2024-07-01",
            "choose-reasons": "Offre absente de la rue, avis favorable",
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == "retenue" and second.state == "non_retenue"
    assert second.committee_reasons == "Offre absente de la rue, avis favorable"
    response = client.post(
        url,
        {
            "action": "letting_lease",
            "lease-start": "2024-09-01",
            "lease-rent": "14 400",
            "lease-reference_quarter": "2024-T1",
        },
        follow=True,
    )
    first.refresh_from_db()
    assert first.lease.tenant_name == "Librairie du Parc" and first.lease.state == "projet"
    assert f"Bail n° {first.lease.reference} préparé" in response.content.decode()


def test_letting_rules(users, acquisition):
    officer = users["fonciere_officer"]
    application = services_letting.application_record(
        actor=officer,
        acquisition=acquisition,
        candidate_name="Cordonnerie",
        activity="Artisanat",
        proposed_rent=Decimal("9000"),
    )
    with pytest.raises(PermissionDenied):
        services_letting.application_opinion(
            actor=users["other_commune_agent"], application=application, opinion="favorable"
        )
    with pytest.raises(ValidationError, match="Motivez"):
        services_letting.application_opinion(
            actor=users["commerce_manager"], application=application, opinion="defavorable"
        )
    with pytest.raises(TransitionDenied):
        services_letting.letting_choose(
            actor=users["commune_agent"],
            application=application,
            held_on=dt.date.today(),
            reasons="x",
        )
    with pytest.raises(ValidationError, match="Seul le candidat retenu"):
        services_letting.lease_from_application(
            actor=officer,
            application=application,
            start=dt.date(2024, 9, 1),
            rent=Decimal("9000"),
            reference_quarter="2024-T1",
        )
    services_letting.letting_choose(
        actor=officer, application=application, held_on=dt.date.today(), reasons="Seul candidat"
    )
    with pytest.raises(ValidationError, match="déjà été retenu"):
        services_letting.application_record(
            actor=officer,
            acquisition=acquisition,
            candidate_name="Autre",
            activity="X",
            proposed_rent=Decimal("1"),
        )
