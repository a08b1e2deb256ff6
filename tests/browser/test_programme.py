"""Main path of the programme through the browser: a commune applies, a reviewer scores,
the committee decides, the accompaniment moves to its next phase."""

import re

import pytest

from cvv.documents.services import document_upload
from cvv.programme.models import Accompaniment, Candidature
from tests.browser.conftest import login, logout, serious_axe_violations
from tests.documents.helpers import pdf
from tests.factories import commune, make_user
from tests.programme.factories import make_edition

pytestmark = pytest.mark.browser


def test_apply_score_decide_and_advance(page, live_server):
    edition = make_edition()
    agent = make_user(email="agent@test.cvv", role="commune_agent", commune="93005")
    make_user(email="instructeur@test.cvv", role="instructor", first_name="Inès", last_name="Instr")
    document_upload(
        commune=commune("93005"),
        uploaded_file=pdf(),
        kind="deliberation",
        title="Délibération du 12 mars",
        actor=agent,
    )

    # 1. The commune applies: the platform's data is shown, the commune writes its project.
    login(page, live_server, "agent@test.cvv")
    page.goto(f"{live_server.url}/programme/")
    page.get_by_role("link", name="Candidater pour Aulnay-sous-Bois").click()
    assert page.get_by_text(commune("93005").siren).is_visible()
    page.get_by_role("button", name="Commencer la candidature").click()
    page.get_by_label("Motivation et enjeux").fill("Vacance commerciale en hausse.")
    page.get_by_label("Accompagnement attendu").fill("Stratégie et plan d’actions.")
    page.get_by_label("Quel est le principal enjeu ?").fill("Le marché du Vieux-Pays.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    # The délibération goes to its slot, picked from the vault (only délibérations offered).
    page.locator("#id_piece-deliberation-document").select_option(
        label="Délibération du 12 mars (v1)"
    )
    page.locator('li[data-slot="deliberation"] form[enctype] button').click()
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Déposer la candidature").click()
    assert "déposée" in page.locator(".messages").inner_text()
    candidature = Candidature.objects.get(edition=edition)
    assert candidature.state == "submitted"
    logout(page, live_server)

    # 2. The instructor declares it eligible and scores the grid.
    login(page, live_server, "instructeur@test.cvv")
    page.goto(f"{live_server.url}/programme/candidatures/{candidature.pk}/")
    page.get_by_role("button", name="Déclarer éligible et ouvrir l’évaluation").click()
    page.get_by_role("link", name="Évaluer cette candidature").click()
    assert serious_axe_violations(page) == []
    page.get_by_label("Je déclare n’avoir aucun conflit d’intérêts").check()
    page.get_by_label("Qualité du projet (pondération 60").fill("4")
    page.get_by_label("Portage politique (pondération 40").fill("5")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text(re.compile(r"88[,.]00/100")).is_visible()
    page.get_by_role("button", name="Remettre l’évaluation").click()

    # 3. The committee decides; the commune gets its accompaniment.
    page.get_by_role("combobox", name="Décision du comité").select_option("accept")
    page.get_by_label("Motif de la décision").fill("Projet prioritaire pour le territoire.")
    page.get_by_role("button", name="Enregistrer la décision et notifier la commune").click()
    assert page.get_by_text("Décision enregistrée").is_visible()
    page.get_by_role("link", name="Voir l’accompagnement").click()

    # 4. The accompaniment moves from diagnostic to strategy.
    page.get_by_role("button", name="Passer à la stratégie").click()
    assert page.get_by_text("Phase en cours : Stratégie").is_visible()
    assert Accompaniment.objects.get().phase == "strategy"
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}/programme/boite-a-outils/")
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}/programme/pilotage/")
    page.wait_for_selector("#carte-accompagnements path.leaflet-interactive")
    assert serious_axe_violations(page) == []
    assert not page.js_errors
