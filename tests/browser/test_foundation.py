import pytest

from tests.browser.conftest import login, serious_axe_violations
from tests.conftest import ROLE_USERS
from tests.factories import make_user

HOME_TEXT = {
    "metropole_admin": "La Métropole",
    "commune_agent": "Ma commune : Aulnay-sous-Bois",
    "territory_agent": "Mon territoire : T7",
}


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_each_role_logs_in_and_reaches_its_home(page, live_server, role):
    make_user(email=f"{role}@test.cvv", **ROLE_USERS[role])
    login(page, live_server, f"{role}@test.cvv")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour")
    if role in HOME_TEXT:
        assert page.get_by_text(HOME_TEXT[role]).first.is_visible()
    assert not page.js_errors


def test_landing_login_and_home_have_no_serious_accessibility_violation(page, live_server):
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Les huit actions du programme").is_visible()
    assert serious_axe_violations(page) == []
    page.goto(live_server.url + "/compte/connexion/")
    assert serious_axe_violations(page) == []
    make_user(email="agent@test.cvv", role="commune_agent", commune="93005")
    login(page, live_server, "agent@test.cvv")
    assert serious_axe_violations(page) == []


def test_skip_link_moves_focus_to_main_content(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_territory_map_renders_the_communes(page, live_server):
    page.goto(live_server.url + "/territoires/territoire/T7/")
    page.wait_for_selector("#carte-territoire path.leaflet-interactive")
    assert page.locator("#carte-territoire path.leaflet-interactive").count() == 8
    assert not page.js_errors
