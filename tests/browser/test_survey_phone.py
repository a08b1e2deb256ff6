"""The field survey on a phone (390×844): folded menu, premises added without leaving the
list, large touch targets, the submit action apart and confirmed, GPS and camera, and
entries made without network kept on the phone then sent once when the network is back."""

import datetime as dt

import pytest

from cvv.observatory import surveys
from cvv.observatory.models import Premise, Survey
from cvv.territories.models import Commune
from tests.browser.conftest import assert_no_csp_violation, login, serious_axe_violations, watch
from tests.documents.helpers import PNG_BYTES
from tests.factories import make_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
EMAIL = "releveur@test.cvv"


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page, logged in as Aulnay-sous-Bois's commerce manager, whose GPS is
    in front of the town hall. Fails the test on any CSP violation or script error."""
    manager = make_user(email=EMAIL, role="commerce_manager", commune="93005")
    aulnay = Commune.objects.get(code="93005")
    contexts = []

    def open_page(**options):
        context = browser.new_context(
            locale="fr-FR",
            viewport=PHONE,
            geolocation={"latitude": aulnay.mairie_lat, "longitude": aulnay.mairie_lon},
            permissions=["geolocation"],
            **options,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = watch(context.new_page())
        login(page, live_server, EMAIL)
        return page

    open_page.user = manager
    yield open_page
    for context in contexts:
        pages = context.pages
        context.close()
        for page in pages:
            assert_no_csp_violation(page)
            assert not page.js_errors, page.js_errors


def _survey(user):
    return surveys.survey_create(
        commune=Commune.objects.get(code="93005"),
        date=dt.date(2026, 3, 2),
        title="Rue de Paris",
        actor=user,
    )


def _fill(page, status, address):
    page.locator("#form-local").get_by_text(status, exact=True).click()
    page.get_by_label("Adresse").fill(address)


def test_the_menu_is_folded_on_a_phone(phone):
    page = phone()
    nav = page.get_by_role("navigation", name="Navigation principale")
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 80
    assert toggle.bounding_box()["height"] >= 44
    toggle.click()
    assert nav.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    page.keyboard.press("Escape")
    assert not nav.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert nav.is_visible() and not toggle.is_visible()


def test_without_javascript_the_menu_stays_open(browser, live_server):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("navigation", name="Navigation principale").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
    context.close()


def test_a_street_is_surveyed_without_leaving_the_list(phone, live_server):
    page = phone()
    page.goto(f"{live_server.url}/observatoire/releves/nouveau/")
    page.get_by_label("Date du relevé").fill("2026-03-02")
    page.get_by_label("Intitulé").fill("Rue de Paris")
    page.get_by_role("button", name="Commencer le relevé").click()
    page.wait_for_selector("#form-local")
    survey = Survey.objects.get()
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    _fill(page, "Vacant", "12 rue de Paris")
    page.get_by_role("button", name="Utiliser ma position").click()
    page.wait_for_function("() => document.querySelector('[name=lat]').value !== ''")
    page.locator("[name=photo]").set_input_files(
        {"name": "facade.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    page.wait_for_selector("text=Photo prête")
    page.get_by_role("button", name="Enregistrer le local").click()
    first = survey.premises.get  # evaluated once the line exists
    page.wait_for_selector(".premise-card.is-new")
    line = first()
    assert line.lat is not None and line.photo.content_type == "image/png"
    assert page.evaluate("window.sameDocument") is True
    page.wait_for_function(f"() => document.activeElement.id === 'local-{line.pk}'")
    assert page.evaluate("window.scrollY") > 0  # not back at the top of the page
    assert page.get_by_role("status").filter(has_text="Local enregistré : 12 rue de Paris").count()
    assert page.get_by_label("Adresse").input_value() == ""
    assert page.locator("[name=lat]").input_value() == ""
    card = page.locator(f"#local-{line.pk}")
    assert card.is_visible() and card.get_by_role("link", name="photo").is_visible()

    _fill(page, "Occupé", "14 rue de Paris")
    page.get_by_label("Activité observée").fill("boulangerie")
    page.get_by_role("button", name="Enregistrer le local").click()
    page.wait_for_function("() => document.querySelectorAll('.premise-card').length === 2")
    second = survey.premises.order_by("pk").last()
    # Focus moves to the new line once htmx has settled the swap.
    page.wait_for_function(f"() => document.activeElement.id === 'local-{second.pk}'")
    assert page.locator(f"#local-{second.pk}").is_visible()
    assert page.evaluate("window.sameDocument") is True
    assert page.get_by_role("heading", name="Locaux relevés (2)").is_visible()

    # A card layout that fits the phone; every control of the flow is at least 44 px high.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              '.survey-flow button, .survey-flow .button, .survey-flow summary, '
              + '.survey-flow input:not([type=hidden]):not([type=radio]), .segment')]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44)
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert small == []
    assert serious_axe_violations(page) == []

    # The submit action is apart from the premises form and asks for a confirmation.
    confirm = page.get_by_role("button", name="Confirmer la transmission à la Métropole")
    assert not confirm.is_visible()
    assert page.locator("#form-local").get_by_text("Transmettre").count() == 0
    form_bottom = page.locator("#form-local").bounding_box()
    summary = page.get_by_text("Transmettre le relevé…")
    assert summary.bounding_box()["y"] > form_bottom["y"] + form_bottom["height"]
    summary.click()
    assert page.get_by_text("de 2 locaux (occupés : 1, vacants : 1, en travaux : 0)").is_visible()
    confirm.click()
    page.wait_for_selector("text=Transmis pour validation")
    survey.refresh_from_db()
    assert survey.state == Survey.State.SUBMITTED
    # The list of surveys reads as cards on the phone too.
    page.goto(f"{live_server.url}/observatoire/releves/")
    assert page.get_by_role("link", name="02/03/2026").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_position_outside_the_commune_is_explained(phone, live_server):
    page = phone()
    survey = _survey(phone.user)
    page.goto(f"{live_server.url}/observatoire/releves/{survey.pk}/")
    montreuil = Commune.objects.get(code="93048")
    page.locator("#form-local").get_by_text("Vacant", exact=True).click()
    page.get_by_label("Latitude").fill(str(montreuil.mairie_lat))
    page.get_by_label("Longitude").fill(str(montreuil.mairie_lon))
    page.get_by_role("button", name="Enregistrer le local").click()
    error = page.locator("#id_lat_error")
    error.wait_for()
    assert "en dehors du territoire choisi, « Aulnay-sous-Bois »" in error.inner_text()
    assert page.evaluate("document.activeElement.name") == "lat"
    assert not Premise.objects.exists()


def test_an_entry_made_offline_is_sent_once_when_the_network_is_back(phone, live_server):
    page = phone()
    survey = _survey(phone.user)
    url = f"{live_server.url}/observatoire/releves/{survey.pk}/"
    page.goto(url)
    # The service worker has kept the page and its scripts and style sheet.
    page.wait_for_selector("[data-survey][data-offline-ready]", state="attached")
    assert page.get_by_text("Cette page reste disponible sur ce téléphone sans réseau").is_visible()
    # A line added from elsewhere after the page was kept: the offline reload cannot show it.
    surveys.premise_add(
        survey=survey, actor=phone.user, code="93005", status="occupe", address="Vu du bureau"
    )
    page.context.set_offline(True)
    page.wait_for_selector("text=Hors connexion")
    # The page itself opens without network: the copy kept by the service worker.
    response = page.reload()
    assert response.from_service_worker
    assert page.get_by_role("heading", name=str(survey)).is_visible()
    assert page.get_by_text("Vu du bureau").count() == 0

    _fill(page, "Vacant", "7 rue sans réseau")
    page.locator("[name=photo]").set_input_files(
        {"name": "facade.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    page.wait_for_selector("text=Photo prête")
    page.get_by_role("button", name="Enregistrer le local").click()
    pending = page.locator("[data-pending]")
    pending.get_by_text("7 rue sans réseau — Vacant").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('is-pending')")
    assert page.get_by_text("Local gardé sur ce téléphone (1 en attente)").is_visible()
    assert page.get_by_label("Adresse").input_value() == ""
    assert not Premise.objects.filter(client_id__isnull=False).exists()

    page.context.set_offline(False)
    pending.wait_for(state="hidden")
    page.wait_for_selector(".premise-card >> text=7 rue sans réseau")
    line = Premise.objects.get(client_id__isnull=False)
    assert Premise.objects.count() == 2
    assert (line.survey_id, line.address, line.status) == (survey.pk, "7 rue sans réseau", "vacant")
    assert line.client_id is not None and line.photo.content_type == "image/png"
    assert page.get_by_text("1 local en attente envoyé.").is_visible()
    assert (
        page.evaluate(
            """async () => new Promise(resolve => {
            const open = indexedDB.open('cvv-releves');
            open.onsuccess = () => {
                const all = open.result.transaction('saisies').objectStore('saisies').getAll();
                all.onsuccess = () => resolve(all.result.length);
            };
        })"""
        )
        == 0
    )
    page.reload()
    assert page.locator(".premise-card").count() == 2
    # Logging out forgets the pages kept for offline use.
    assert page.evaluate("caches.has('cvv-releves-pages')")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/")
    assert not page.evaluate("caches.has('cvv-releves-pages')")


def test_an_answer_lost_on_the_way_is_replayed_without_a_duplicate(phone, live_server):
    page = phone(service_workers="block")  # page.route sees every request
    survey = _survey(phone.user)
    page.goto(f"{live_server.url}/observatoire/releves/{survey.pk}/")
    lost = []

    def lose_the_answer(route):
        if not lost:
            route.fetch()  # the server saves the line…
            lost.append(True)
            route.abort("connectionreset")  # …but the phone never hears back
        else:
            route.continue_()

    page.route("**/locaux/", lose_the_answer)
    _fill(page, "Occupé", "9 rue de Paris")
    page.get_by_role("button", name="Enregistrer le local").click()
    page.locator("[data-pending]").get_by_text("9 rue de Paris — Occupé").wait_for()
    assert Premise.objects.count() == 1  # saved, though the phone believes it is not
    page.get_by_role("button", name="Envoyer maintenant").click()
    page.locator("[data-pending]").wait_for(state="hidden")
    page.wait_for_selector(".premise-card >> text=9 rue de Paris")
    assert Premise.objects.count() == 1
    assert page.locator(".premise-card").count() == 1
