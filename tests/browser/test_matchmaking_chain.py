"""The matchmaking chain in the browser (the issue's "done when"): a brand describes its
search in the interface and finds the commune's vacant premises (found by the commune's
survey, held by the foncière) among its matches; it asks for an introduction; the commune
accepts and both sides' contact details appear; visit, application, lease signed; then the
register entry, the foncière's letting and the survey line all show the premises let."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from cvv.fonciere.models import Acquisition
from cvv.matchmaking import services
from cvv.observatory.models import Premise, Survey
from cvv.premises import services as register
from tests.browser.conftest import login, logout, serious_axe_violations
from tests.conftest import ROLE_USERS
from tests.factories import commune, make_user

pytestmark = pytest.mark.browser
TODAY = dt.date.today()
CONFIDENTIAL = "commerce-centre@aulnay.test"


def _commune_offer(agent):
    """What exists before: the survey found the premises vacant, the foncière bought it,
    the commune put it on offer."""
    surveyed_on = TODAY - dt.timedelta(days=150)
    survey = Survey.objects.create(commune=commune("93005"), date=surveyed_on, state="validated")
    line = Premise.objects.create(
        survey=survey,
        code="93005",
        status="vacant",
        address="8 rue du Marché",
        observed_on=surveyed_on,
    )
    register.link_survey(survey=survey)
    premises = line.register_link.premises
    premises.sales_area_m2, premises.permitted_use = Decimal("70"), "commerce"
    premises.save()
    acquisition = Acquisition.objects.create(
        premises=premises, commune=premises.commune, deed_on=surveyed_on, price=Decimal("180000")
    )
    offer = services.offer_create(
        actor=agent,
        premises=premises,
        deal_kind="location",
        monthly_rent=Decimal("1100"),
        public_help="Loyer minoré la première année",
        contact_name="Service commerce",
        contact_email=CONFIDENTIAL,
    )
    return survey, premises, acquisition, services.offer_publish(actor=agent, offer=offer)


def test_brand_and_commune_meet_and_the_lease_shows_everywhere(page, live_server):
    page.set_default_timeout(20_000)  # a shared machine may be slow
    users = {
        name: make_user(email=f"{name}@test.cvv", **ROLE_USERS[name])
        for name in ("commune_agent", "economic_actor", "fonciere_officer")
    }
    survey, premises, acquisition, offer = _commune_offer(users["commune_agent"])
    url = live_server.url
    brand = users["economic_actor"].memberships.get().organisation.name

    # The brand describes its search and finds the commune's premises among its matches.
    login(page, live_server, "economic_actor@test.cvv")
    page.goto(f"{url}/mise-en-relation/recherches/nouvelle/")
    page.get_by_label("Pour le compte de").select_option(label=brand)
    page.get_by_label("Intitulé").fill("Boutique de prêt-à-porter")
    page.get_by_label("Catégorie d’activité").select_option("equipement_personne")
    page.get_by_label("Location (bail commercial)").check()
    page.get_by_label("Surface minimale (m²)").fill("50")
    page.get_by_label("Surface maximale (m²)").fill("90")
    page.get_by_label("Communes visées (aucune : toute la Métropole)").select_option(
        str(premises.commune.pk)
    )
    page.get_by_label("Loyer mensuel maximal (€)").fill("1 500")
    page.get_by_role("button", name="Enregistrer la recherche").click()
    assert "enregistrée" in page.locator(".messages").inner_text()
    match = page.locator("li", has=page.get_by_role("link", name=offer.reference))
    assert "Aulnay-sous-Bois" in match.inner_text() and "points" in match.inner_text()
    match.get_by_role("button", name="Demander une mise en relation").click()
    assert "Mise en relation demandée" in page.locator(".messages").inner_text()
    heading = page.get_by_role("heading", level=1).inner_text()
    reference = re.fullmatch(r"Mise en relation (MR-\d+)", heading).group(1)
    assert "État : Demandée" in page.locator("main").inner_text()
    assert CONFIDENTIAL not in page.content()  # masked until the commune accepts
    logout(page, live_server)

    # The commune accepts: both sides' details appear; then visit, application, lease.
    login(page, live_server, "commune_agent@test.cvv")
    page.goto(f"{url}/mise-en-relation/mises-en-relation/")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="Accepter").click()
    contacts = page.locator("section", has_text="Coordonnées des deux parties").inner_text()
    assert brand in contacts and "economic_actor@test.cvv" in contacts
    page.get_by_label("Date de la visite").fill(TODAY.isoformat())
    page.get_by_role("button", name="Noter une visite").click()
    page.get_by_role("button", name="Noter la candidature déposée").click()
    page.get_by_label("Date de signature du bail").fill(TODAY.isoformat())
    page.get_by_role("button", name="Noter le bail signé").click()
    assert "conclue par un bail signé" in page.locator(".messages").inner_text()
    assert "Bail signé le" in page.locator("main").inner_text()

    # The register entry: occupied by the brand, dated today.
    page.goto(f"{url}/locaux/{premises.pk}/")
    main = page.locator("main").inner_text()
    assert "Occupé" in main and brand in main
    # The survey line: observed vacant, and what the register says today with its link.
    page.goto(f"{url}/observatoire/releves/{survey.pk}/")
    line = page.locator(".premise-card", has_text="8 rue du Marché")
    assert "Vacant" in line.inner_text()
    assert f"Bail signé — mise en relation {reference}" in line.inner_text()
    line.get_by_role("link", name=premises.reference).click()
    page.wait_for_url(f"{url}/locaux/{premises.pk}/")
    # The results: the lease counts for Aulnay's territory (T7), drawn in the chart.
    page.goto(f"{url}/mise-en-relation/resultats/")
    page.wait_for_function("() => window.Chart && window.Chart.getChart('chart-territoires')")
    filled = page.evaluate("window.Chart.getChart('chart-territoires').data.datasets[1].data")
    assert filled == [1]
    assert "T7" in page.locator("table", has_text="Territoire").inner_text()
    assert serious_axe_violations(page) == [] and not page.js_errors
    logout(page, live_server)

    # The foncière's letting: the brand is its candidate at the agreed rent.
    login(page, live_server, "fonciere_officer@test.cvv")
    page.goto(f"{url}/fonciere/acquisitions/{acquisition.pk}/")
    candidate = " ".join(page.locator("tr", has_text=brand).inner_text().split())
    assert "13 200,00" in candidate and reference in candidate
    logout(page, live_server)

    # The brand now sees the commune's confidential contact on the introduction.
    login(page, live_server, "economic_actor@test.cvv")
    page.goto(f"{url}/mise-en-relation/mises-en-relation/")
    page.get_by_role("link", name=reference).click()
    assert CONFIDENTIAL in page.locator("main").inner_text()
