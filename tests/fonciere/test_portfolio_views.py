"""The portfolio and an acquired premises through the pages: works, export, scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cvv.fonciere.models import Acquisition, Opportunity, Works
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def acquisition():
    premises = Premises.objects.create(
        commune=commune("93005"), address="12 rue Haute", status="vacant"
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
        costs=Decimal("10000"),
    )


def test_works_through_the_page_and_the_portfolio(client, users, acquisition):
    client.force_login(users["fonciere_officer"])
    url = reverse("fonciere:acquisition", args=[acquisition.pk])
    response = client.post(
        url,
        {
            "action": "works",
            "works-title": "Vitrine",
            "works-budget": "20 000",
            "works-contractors": "Dupont",
        },
        follow=True,
    )
    assert "Travaux « Vitrine » enregistrés." in response.content.decode()
    works = Works.objects.get()
    client.post(url, {"action": "works_start", "step-works": works.pk, "step-on": "2024-04-01"})
    response = client.post(
        url,
        {
            "action": "works_progress",
            "step-works": works.pk,
            "step-progress": "50",
            "step-actual_cost": "9 000",
        },
        follow=True,
    )
    assert "Avancement des travaux « Vitrine » enregistré." in response.content.decode()
    page = client.get(reverse("fonciere:portfolio")).content.decode()
    assert "12 rue Haute" in page and "169\u202f000,00\u00a0€" in page  # 150 000 + 10 000 + 9 000
    export = client.get(reverse("fonciere:portfolio") + "?format=xlsx")
    assert export.status_code == 200 and export["Content-Disposition"].endswith('.xlsx"')
    assert client.get(reverse("fonciere:portfolio") + "?format=pdf").status_code == 400


def test_commune_reads_its_portfolio_but_does_not_write(client, users, acquisition):
    client.force_login(users["commune_agent"])
    url = reverse("fonciere:acquisition", args=[acquisition.pk])
    assert "Prévoir des travaux" not in client.get(url).content.decode()
    assert (
        client.post(url, {"action": "works", "works-title": "X", "works-budget": "1"}).status_code
        == 403
    )
    client.force_login(users["other_commune_agent"])
    assert client.get(url).status_code == 404
    assert "12 rue Haute" not in client.get(reverse("fonciere:portfolio")).content.decode()
