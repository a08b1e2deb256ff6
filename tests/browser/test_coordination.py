"""Coordination, measured by keyboard alone: a commune's agent refers a project to another
programme and the programme's officer answers it, without a mouse; the new pages have no
serious accessibility violation."""

import pytest

from cvv.coordination.models import MetroProgramme, Referral
from tests.browser.conftest import PASSWORD, logout, serious_axe_violations
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return [e.tagName, (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText || '')"
        ".trim()]; }"
    )


def tab_to(page, tag, text, *, limit=120):
    """Press Tab until the focused element is a `tag` whose text (or label) starts with
    `text`: proves it can be reached with the keyboard alone."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name, label = focused(page)
        if name == tag and label.startswith(text):
            return
    raise AssertionError(f"{tag} « {text} » not reachable with Tab")


def keyboard_login(page, live_server, email):
    page.goto(f"{live_server.url}/compte/connexion/")
    tab_to(page, "INPUT", "Adresse e-mail")
    page.keyboard.type(email)
    tab_to(page, "INPUT", "Mot de passe")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/tableau-de-bord/")


@pytest.fixture
def people():
    agent = make_user(email="agent@test.cvv", role="commune_agent", commune="93005")
    officer = make_user(email="officer@test.cvv", role="partner_expert", partner="Tiers-lieux")
    programme = MetroProgramme.objects.create(
        code="tiers-lieux",
        name="Tiers-lieux métropolitains",
        purpose="Soutenir les tiers-lieux.",
        who_may_apply="Communes",
        organisation=officer.memberships.first().organisation,
    )
    return agent, officer, programme


def test_a_referral_is_made_and_answered_with_the_keyboard_alone(page, live_server, people):
    agent, officer, programme = people
    keyboard_login(page, live_server, agent.email)
    page.goto(f"{live_server.url}/coordination/programmes/{programme.pk}/")
    tab_to(page, "A", "Orienter un projet vers ce programme")
    page.keyboard.press("Enter")
    page.wait_for_url("**/coordination/orientations/nouvelle/**")
    tab_to(page, "INPUT", "Projet")
    page.keyboard.type("Tiers-lieu de la gare")
    tab_to(page, "TEXTAREA", "Présentation du projet")
    page.keyboard.type("Un local vacant transformé en tiers-lieu.")
    tab_to(page, "BUTTON", "Préparer l’orientation")
    page.keyboard.press("Enter")
    page.wait_for_url("**/coordination/orientations/*/")
    referral = Referral.objects.get()
    assert referral.programme == programme  # the programme chosen on the previous page
    tab_to(page, "BUTTON", "Transmettre au programme")
    page.keyboard.press("Enter")
    page.get_by_text("Orientation « Tiers-lieu de la gare » transmise au programme").wait_for()
    logout(page, live_server)

    keyboard_login(page, live_server, officer.email)
    page.goto(f"{live_server.url}/coordination/orientations/{referral.pk}/")
    tab_to(page, "TEXTAREA", "Réponse ou motif")
    page.keyboard.type("Retenu pour l’appel de printemps.")
    tab_to(page, "BUTTON", "Accepter le projet")
    page.keyboard.press("Enter")
    page.get_by_text("Projet « Tiers-lieu de la gare » accepté").wait_for()
    referral.refresh_from_db()
    assert (referral.state, referral.answer) == ("accepted", "Retenu pour l’appel de printemps.")
    assert not page.js_errors


def test_coordination_impact_and_summary_pages_have_no_serious_violation(page, live_server, people):
    agent, _, programme = people
    keyboard_login(page, live_server, agent.email)
    for path in (
        "/coordination/",
        f"/coordination/programmes/{programme.pk}/",
        "/coordination/calendrier/",
        "/coordination/participations/",
        "/coordination/orientations/",
        "/coordination/orientations/nouvelle/",
        "/impact/",
        "/synthese/93005/",
    ):
        page.goto(live_server.url + path)
        assert serious_axe_violations(page) == [], path
