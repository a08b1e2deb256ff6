"""A FIMACS dossier walked from draft to closed through the interface, in Chromium:
the commune prepares it (live computation), the instructor instructs it and takes it to the
committee, the convention is signed, the finance officer validates the final payment."""

import re

import pytest

from cvv.funding.loader import load_default
from cvv.funding.models import AgendaItem, Dossier
from cvv.funding.services.budget import envelope_set
from cvv.programme.models import Accompaniment, Action, Edition
from tests.browser.conftest import login, serious_axe_violations
from tests.factories import commune, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def programme(db):
    load_default()
    edition = Edition.objects.create(
        number=5,
        name="5e édition",
        year=2026,
        starts_on="2026-01-01",
        ends_on="2027-12-31",
        state=Edition.State.RUNNING,
    )
    accompaniment = Accompaniment.objects.create(edition=edition, commune=commune("93005"))
    agent = make_user(email="agent@test.cvv", role="commune_agent", commune="93005")
    admin = make_user(email="admin@test.cvv", role="metropole_admin")
    Action.objects.create(accompaniment=accompaniment, title="Vitrines", created_by=agent)
    envelope_set(edition=edition, year=2026, amount="1000000", actor=admin)
    make_user(email="instructeur@test.cvv", role="instructor")
    make_user(email="finances@test.cvv", role="finance_officer")
    return edition


def _as(page, live_server, email):
    page.context.clear_cookies()
    login(page, live_server, email)


def _state(page):
    return page.get_by_test_id("etat").inner_text()


# Polling predicates are functions: a string would be eval()ed in the page, which the CSP
# (rightly) refuses.
def test_dossier_from_draft_to_closed(page, live_server, programme):
    page.set_default_timeout(20_000)
    # The commune prepares the dossier; the expected aid is computed as it types.
    _as(page, live_server, "agent@test.cvv")
    page.goto(live_server.url + "/fimacs/")
    page.get_by_role("link", name="Préparer un dossier").click()
    page.locator("#id_title").fill("Vitrines du centre")
    page.get_by_role("button", name="Créer le dossier").click()
    page.locator("#category_0").select_option("TRAVAUX_LOCAUX")
    page.locator("#label_0").fill("Vitrines et façades")
    page.locator("#ht_0").fill("100000")
    page.locator("#ht_0").dispatch_event("input")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=aide-attendue]')"
        " && document.querySelector('[data-testid=aide-attendue]').textContent"
        ".replace(/\\s/g, '').includes('40000')"
    )
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    assert _state(page) == "Brouillon"
    # Each piece in its slot.
    for kind in ("deliberation", "devis", "plan_financement", "rib"):
        page.locator(f"#id_piece-{kind}-file").set_input_files(
            files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.locator(f'li[data-slot="{kind}"] form[enctype] button').click()
    page.get_by_role("button", name="Déposer le dossier").click()
    assert _state(page) == "Déposé"
    dossier_url = page.url

    # The instructor opens the instruction, gives the technical opinion, sends to committee.
    _as(page, live_server, "instructeur@test.cvv")
    page.goto(dossier_url)
    page.get_by_role("button", name="Ouvrir l’instruction").click()
    assert _state(page) == "En instruction"
    page.locator("#id_kind").select_option("technical")
    page.get_by_role("button", name="Demander l’avis").click()
    page.get_by_role("link", name=re.compile("Avis technique")).click()
    page.locator("#id_verdict").select_option("favourable")
    page.locator("#id_text").fill("Dépenses éligibles.")
    page.get_by_role("button", name="Rendre l’avis").click()
    page.goto(dossier_url)
    page.get_by_role("button", name="Transmettre au comité").click()
    assert _state(page) == "Prêt pour le comité"

    # Committee session: agenda, decision, minutes.
    page.goto(live_server.url + "/fimacs/comites/")
    page.locator("#id_title").fill("Comité de juin")
    page.locator("#id_date").fill("2026-06-15")
    page.get_by_role("button", name="Programmer").click()
    page.get_by_role("button", name="Inscrire").click()
    # The decision form starts empty: the committee chooses and types the amount granted.
    proposed = AgendaItem.objects.get().proposed_amount
    page.locator("select[name=decision]").select_option("granted")
    page.locator("input[name=amount]").fill(str(int(proposed)))
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.get_by_text("Aide accordée : 40").is_visible()
    page.get_by_role("button", name="Arrêter le procès-verbal").click()

    # Convention generated and signed.
    page.goto(dossier_url)
    assert _state(page) == "Aide accordée"
    page.get_by_role("button", name="Générer la convention").click()
    page.get_by_label("Date de signature").fill("2026-06-20")
    page.get_by_role("button", name="Enregistrer la signature").click()
    assert _state(page) == "Convention signée"

    # The commune asks for the final payment: the works cost 90 000 € instead of 100 000 €.
    _as(page, live_server, "agent@test.cvv")
    page.goto(dossier_url)
    page.get_by_role("link", name="Demander un versement").click()
    page.locator("#id_kind").select_option("final")
    page.locator("#id_justified_TRAVAUX_LOCAUX").fill("90000")
    page.get_by_role("button", name="Demander le versement").click()
    # The request carries its proofs: the statement of expenses and the invoices.
    for slot in ("etat_depenses", "factures"):
        page.locator(f"#id_piece-{slot}-file").set_input_files(
            files=[{"name": f"{slot}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.locator(f'li[data-slot="{slot}"] form[enctype] button').click()

    # The finance officer validates: 40 % x 90 000 = 36 000 €, the dossier is closed.
    _as(page, live_server, "finances@test.cvv")
    page.goto(dossier_url)
    page.get_by_role("link", name="Examiner les justificatifs et décider").click()
    assert "36" in page.locator("[data-testid=a-verser]").inner_text()
    page.get_by_label("J’ai vérifié les montants").check()
    page.get_by_role("button", name="Valider le versement").click()
    assert _state(page) == "Soldé et clos"
    assert page.get_by_text("Aide définitive").is_visible()
    dossier = Dossier.objects.get()
    assert dossier.final_amount == 36000 and dossier.paid_total == 36000
    assert not page.js_errors


def test_fimacs_pages_have_no_serious_accessibility_violation(page, live_server, programme):
    from tests.funding.factories import make_draft, walk

    users = {
        "commune_agent": make_user(email="agent@test.cvv", role="commune_agent", commune="93005"),
        "instructor": make_user(email="instructeur@test.cvv", role="instructor"),
        "finance_officer": make_user(email="finances@test.cvv", role="finance_officer"),
        "metropole_admin": make_user(email="admin@test.cvv", role="metropole_admin"),
    }
    dossier = walk(make_draft(users["commune_agent"], edition=programme), "paying", users)
    _as(page, live_server, "admin@test.cvv")
    session = dossier.agenda_items.get().session
    for path in (
        "/fimacs/",
        f"/fimacs/dossiers/{dossier.pk}/",
        f"/fimacs/comites/{session.pk}/",
        "/fimacs/budget/",
        "/fimacs/simulation/",
        "/fimacs/reglements/defaut-2026/",
        "/fimacs/reequilibrage/",
    ):
        page.goto(live_server.url + path)
        assert serious_axe_violations(page) == [], path
    page.wait_for_selector("#carte-fimacs path.leaflet-interactive")
    assert page.locator("#chart-size").is_visible()
    assert not page.js_errors
