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


def _held(n, *, let, area, rent=None, position=True):
    """`n` premises acquired by the foncière in 93005, let at `rent` or vacant."""
    from cvv.fonciere.models import Lease

    place = commune("93005")
    for i in range(n):
        premises = Premises.objects.create(
            commune=place, address=f"{i + 1} rue {'Louée' if let else 'Vide'}", status="occupe"
            if let else "vacant", sales_area_m2=Decimal(area),
            lon=place.mairie_lon if position else None, lat=place.mairie_lat if position else None,
        )  # fmt: skip
        Acquisition.objects.create(
            premises=premises, commune=place, deed_on=dt.date(2024, 3, 1),
            price=Decimal("100000"), costs=Decimal("0"),
        )  # fmt: skip
        if let:
            Lease.objects.create(
                reference=f"B-T-{area}-{i}", premises=premises, commune=place,
                kind="commercial", state="en_cours", tenant_name="Preneur",
                start=dt.date(2024, 6, 1), end=dt.date(2033, 5, 31), rent=Decimal(rent),
                reference_quarter="2024-T1",
            )  # fmt: skip


def test_portfolio_financial_occupancy_targets_and_map(client, users, settings):
    from cvv.fonciere import selectors_portfolio

    settings.FONCIERE_TARGETS = {**settings.FONCIERE_TARGETS, "area_m2": "40000"}
    _held(2, let=True, area=100, rent="12000")
    _held(1, let=False, area=50, position=False)
    rows = selectors_portfolio.portfolio_rows(users["fonciere_officer"])
    summary = selectors_portfolio.portfolio_summary(rows)
    # Physical 2/3; the vacant one at the median rent per m² of the let ones × its 50 m².
    assert summary["occupancy"] == Decimal(2) / 3
    let_rent = next(r["rent"] for r in rows if r["occupied"])  # indexed, from 12 000
    vacant = next(r for r in rows if not r["occupied"])
    assert vacant["potential_rent"] == (let_rent / 100 * 50).quantize(Decimal("1"))
    rent_roll = summary["rent_roll"]
    assert rent_roll == 2 * let_rent
    assert summary["potential_rent"] == rent_roll + vacant["potential_rent"]
    assert summary["financial_occupancy"] == rent_roll / summary["potential_rent"] < 1
    assert summary["area_m2"] == Decimal("250")
    targets = selectors_portfolio.targets_progress(summary, today=dt.date(2028, 10, 1))
    assert abs(targets["elapsed"] - Decimal("0.5")) < Decimal("0.001")  # of Oct. 2023-2033
    premises_line, invested_line, area_line = targets["lines"]
    assert premises_line["share"] == Decimal(3) / 400
    assert invested_line["target"] == Decimal("150000000")
    assert area_line["share"] == Decimal(250) / 40000
    client.force_login(users["fonciere_officer"])
    page = client.get(reverse("fonciere:portfolio")).content.decode()
    assert "Occupation financière" in page and "Objectifs de la foncière" in page
    assert 'id="locaux-detenus"' in page and "vendor/leaflet/leaflet.js" in page
    assert "<script>" not in page.replace('<script type="application/json"', "")


def test_portfolio_page_queries_do_not_grow_with_the_portfolio(
    client, users, django_assert_max_num_queries
):
    client.force_login(users["fonciere_officer"])
    _held(2, let=True, area=80, rent="9600")
    _held(1, let=False, area=40)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("fonciere:portfolio"))
    _held(12, let=True, area=90, rent="10800")
    _held(6, let=False, area=60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("fonciere:portfolio"))
