"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), never a
downloaded browser. Where Chromium is missing they are skipped with a message, unless
CVV_REQUIRE_BROWSER=1 (CI), where that is a failure."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from cvv.territories.models import Commune

CHROMIUM = os.environ.get("CVV_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "motdepasse-de-test"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("CVV_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required for the browser tests but {CHROMIUM} is missing.")
        pytest.skip(f"Browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make around it are synchronous and safe. Set only once a browser test runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch(page):
    """Record the page's uncaught errors (`page.js_errors`) and Content-Security-Policy
    violations (`page.csp_violations`: Chromium reports each on the console)."""
    page.js_errors = []
    page.csp_violations = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def assert_no_csp_violation(page):
    assert not page.csp_violations, "CSP violations:\n" + "\n".join(page.csp_violations)


@pytest.fixture
def page(browser, live_server):
    """A page whose test fails if anything on it broke the Content-Security-Policy."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = watch(context.new_page())
    yield page
    context.close()
    assert_no_csp_violation(page)


@pytest.fixture(autouse=True)
def _reference_territories(transactional_db):
    """live_server tests flush the database after each test: reload the reference data."""
    if not Commune.objects.exists():
        call_command("territories", "load", verbosity=0)


def login(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/tableau-de-bord/")


def logout(page, live_server):
    """Log out and wait for the landing page: the logout form first forgets the survey
    pages kept offline (asynchronously), so a navigation started at once would abort it."""
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/")


def serious_axe_violations(page):
    # Evaluated through the DevTools protocol: a <script> tag with the code inline would
    # (rightly) be refused by the CSP.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
