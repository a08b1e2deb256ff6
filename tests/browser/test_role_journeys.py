"""Each role's main journey in the browser, with the plain-French scan (tests/visible_text.py)
on the text the browser rendered (scripts run, maps and widgets drawn): no internal code, no
English. The commune asks the Métropole for help (without an accompaniment), the instructor
answers from the queue counted on the home page, the commune opens the notification; every
other role walks its home page and the pages of its menu."""

import pytest

from cvv.programme.models import HelpRequest, Notification
from tests.browser.conftest import login, logout
from tests.conftest import ROLE_USERS
from tests.factories import make_user
from tests.visible_text import leaks, visible_text

pytestmark = pytest.mark.browser
MENU_PAGES = 4  # per role: the home page and the first pages of its menu, to stay cheap


def _scan(page, problems):
    found = leaks(visible_text(page.content()))
    if found:
        problems.append(f"{page.url}: {', '.join(found)}")


def _walk_menu(page, live_server, problems):
    _scan(page, problems)
    links = page.locator("#navigation-principale a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    here = page.url.removeprefix(live_server.url)
    for href in [h for h in links if h and h.startswith("/") and h != here][:MENU_PAGES]:
        response = page.goto(f"{live_server.url}{href}")
        assert response.status == 200, href
        _scan(page, problems)


def test_each_role_walks_its_journey_in_plain_french(page, live_server):
    users = {name: make_user(email=f"{name}@test.cvv", **spec) for name, spec in ROLE_USERS.items()}
    problems = []
    # A shared machine may be slow: wait longer than the default 15 s, never less.
    page.set_default_timeout(60_000)

    # The commune (no accompaniment) asks the Métropole for help from its home page.
    login(page, live_server, "commune_agent@test.cvv")
    _walk_menu(page, live_server, problems)
    page.goto(f"{live_server.url}/tableau-de-bord/")
    page.get_by_role("link", name="Demander l’aide de la Métropole").click()
    _scan(page, problems)
    page.get_by_label("Sujet").select_option("commercial")
    page.get_by_label("Objet").fill("Cellule vacante rue de Paris")
    page.get_by_label("Votre demande").fill("Un local est vide depuis deux ans : que faire ?")
    page.get_by_role("button", name="Envoyer la demande").click()
    assert "envoyée à la Métropole" in page.locator(".messages").inner_text()
    _scan(page, problems)
    logout(page, live_server)

    # The instructor opens the queue counted on the home page and answers.
    login(page, live_server, "instructor@test.cvv")
    _walk_menu(page, live_server, problems)
    page.goto(f"{live_server.url}/tableau-de-bord/")
    # The card's line: the label, and the count as a link to the queue it counts.
    line = page.locator("dt", has_text="Demandes d’aide des communes à traiter")
    count = line.locator("xpath=following-sibling::dd[1]/a")
    assert count.inner_text() == "1"
    count.click()
    _scan(page, problems)
    page.get_by_role("link", name="Cellule vacante rue de Paris").click()
    page.get_by_label("Message").fill("La foncière peut intervenir : je vous appelle demain.")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    assert "Message envoyé" in page.locator(".messages").inner_text()
    _scan(page, problems)
    assert HelpRequest.objects.get().handled_by == users["instructor"]
    logout(page, live_server)

    # The commune opens the notification: it follows its link and is marked read.
    login(page, live_server, "commune_agent@test.cvv")
    page.get_by_test_id("notifications").click()
    _scan(page, problems)
    page.get_by_role("link", name="Réponse de la Métropole").click()
    assert "La foncière peut intervenir" in page.locator("#conversation").inner_text()
    assert Notification.objects.get(user=users["commune_agent"]).read_at is not None
    logout(page, live_server)

    # Every other role: its home page and its menu.
    for role in ROLE_USERS:
        if role in ("commune_agent", "instructor"):
            continue
        login(page, live_server, f"{role}@test.cvv")
        _walk_menu(page, live_server, problems)
        logout(page, live_server)
    assert not problems, "\n".join(problems)
    assert not page.js_errors
