"""The foncière's chain walked in Chromium, as the foncière's officer and, where the commune
acts, its agent: a declaration (DIA) is received → pre-emption decided before the deadline →
acquisition → works → letting (the commune's opinion, the committee's choice) → lease → two
indexations → rent calls and a payment → sale to the sitting tenant. Each computed date and
amount is read on the page with its article (figures of tests/fonciere/test_chain.py)."""

import re

import pytest

from cvv.premises.models import Premises
from tests.browser.conftest import login, serious_axe_violations
from tests.factories import commune, make_user

OFFICER = "fonciere@test.cvv"
AGENT = "agent@test.cvv"


@pytest.fixture
def premises(db):
    make_user(email=OFFICER, role="fonciere_officer", partner="Foncière métropolitaine")
    make_user(email=AGENT, role="commune_agent", commune="93005")
    return Premises.objects.create(
        commune=commune("93005"), address="4 rue du Marché", status="vacant", fonciere_followed=True
    )


def _as(page, live_server, email):
    page.context.clear_cookies()
    login(page, live_server, email)


def _text(page, selector="main"):
    """The visible text with French thin and non-breaking spaces made plain."""
    text = page.locator(selector).inner_text()
    return re.sub(r"[\u202f\u00a0]", " ", text)


def _form_with(page, button):
    return page.locator("form", has=page.get_by_role("button", name=button, exact=True))


def _ok(page, message):
    assert message in _text(page), _text(page)[:2000]


def test_fonciere_chain_in_the_interface(page, live_server, premises):
    page.set_default_timeout(20_000)
    _as(page, live_server, OFFICER)

    # A declaration (DIA of a business inside the safeguard perimeter) is received.
    page.goto(live_server.url + "/fonciere/opportunites/nouvelle/")
    page.locator("#id_premises").select_option(str(premises.pk))
    page.locator("#id_source").select_option("dia_commerce")
    page.locator("#id_received_on").fill("2021-01-31")
    page.locator("#id_price").fill("180 000")
    page.locator("#id_right_holder").select_option("commune")
    page.get_by_role("button", name="Enregistrer").click()
    _ok(page, "enregistrée.")
    # 31 January + 2 months = 31 March 2021, silence is renunciation (L214-1, R214-5).
    _ok(page, "mercredi 31/03/2021 — art. L214-1 et R214-5 du code de l’urbanisme")

    # The decision: too late is refused with the article, in time is recorded.
    decide = _form_with(page, "Décider la préemption ou l’achat")
    decide.locator("input[name=on]").fill("2021-04-01")
    decide.get_by_role("button").click()
    _ok(page, "Le délai expirait le 31/03/2021")
    decide = _form_with(page, "Décider la préemption ou l’achat")
    decide.locator("input[name=on]").fill("2021-03-15")
    decide.get_by_role("button").click()
    _ok(page, "(décision du lundi 15/03/2021)")

    # The acquisition: re-assignment within two years (L214-2).
    page.locator("#id_deed_on").fill("2021-05-20")
    page.locator("#id_price").fill("175 000")
    page.locator("#id_costs").fill("12 500")
    page.get_by_role("button", name="Enregistrer l’acquisition").click()
    _ok(page, "samedi 20/05/2023 — art. L214-2 du code de l’urbanisme")
    page.get_by_role("link", name="Local acquis : travaux et vente").click()
    acquisition_url = page.url

    # Works: planned, started, accepted at their actual cost.
    page.locator("#id_works-title").fill("Vitrine et mise aux normes")
    page.locator("#id_works-budget").fill("30 000")
    page.get_by_role("button", name="Enregistrer les travaux").click()
    page.locator("#id_step-on").fill("2021-06-01")
    page.get_by_role("button", name="Commencer").click()
    page.locator("#id_step-on").fill("2021-06-25")
    page.locator("#id_step-actual_cost").fill("28 000")
    page.get_by_role("button", name="Réceptionner").click()
    _ok(page, "réceptionnés le 25/06/2021")

    # Letting: two candidates recorded by the foncière.
    for name, rent in (("Boulangerie Test", "24 000"), ("Primeur Bio", "21 000")):
        page.locator("#id_apply-candidate_name").fill(name)
        page.locator("#id_apply-activity").fill("Commerce alimentaire")
        page.locator("#id_apply-proposed_rent").fill(rent)
        page.locator("#id_apply-received_on").fill("2021-06-05")
        page.get_by_role("button", name="Enregistrer la candidature").click()
        _ok(page, f"Candidature de {name} enregistrée.")

    # The commune gives its opinion (it does not choose).
    _as(page, live_server, AGENT)
    page.goto(acquisition_url)
    assert page.get_by_role("button", name="Retenir cette candidature").count() == 0
    page.locator("#id_opinion-application").select_option(
        label="Boulangerie Test — Commerce alimentaire"
    )
    page.locator("#id_opinion-opinion").select_option("favorable")
    page.get_by_role("button", name="Donner l’avis").click()
    _ok(page, "Avis sur la candidature de Boulangerie Test enregistré.")

    # The letting committee chooses with reasons; the lease is drawn and signed.
    _as(page, live_server, OFFICER)
    page.goto(acquisition_url)
    page.locator("#id_choose-application").select_option(
        label="Boulangerie Test — Commerce alimentaire"
    )
    page.locator("#id_choose-held_on").fill("2021-06-20")
    page.locator("#id_choose-reasons").fill("Offre absente de la rue, avis favorable de la commune")
    page.get_by_role("button", name="Retenir cette candidature").click()
    _ok(page, "Candidature de Boulangerie Test retenue.")
    page.locator("#id_lease-start").fill("2021-07-01")
    page.locator("#id_lease-rent").fill("24 000")
    page.locator("#id_lease-reference_quarter").fill("2021-T1")
    page.get_by_role("button", name="Préparer le bail").click()
    _ok(page, "préparé pour Boulangerie Test")
    page.get_by_role("link", name=re.compile(r"^bail n° B-")).click()
    page.get_by_role("button", name="Signer le bail").click()
    text = _text(page)
    # 3-6-9 (L145-4): term the day before the ninth anniversary; triennial notices 6 months before.
    assert "jeudi 01/07/2021 — dimanche 30/06/2030 (art. L145-4" in text
    assert "30/06/2024 : congé du preneur au plus tard le samedi 30/12/2023" in text
    # Two indexations (L145-39 C. com., L112-1 CMF): ILC 2022-T1 / 2021-T1, then capped at
    # 3.5 % for an SME (loi 2022-1158).
    assert "Indexation (art. L145-39 du code de commerce et L112-1 du code monétaire" in text
    assert re.search(r"vendredi 01/07/2022\s+2022-T1.*24 797,74 €", text)
    assert re.search(
        r"samedi 01/07/2023\s+2023-T1.*plafonnée à 3,5 % : art\. 14 de la loi 2022-1158"
        r".*25 665,66 €",
        text,
    )
    assert serious_axe_violations(page) == []

    # Rent calls up to the second anniversary, then a payment of the first.
    page.locator("#id_until").fill("2023-07-01")
    page.get_by_role("button", name="Émettre les appels").click()
    _ok(page, "9 appel(s) émis.")
    rows = page.locator(
        "#appels-titre + form + .table-wrap tbody tr, #appels-titre ~ .table-wrap tbody tr"
    )
    assert rows.count() == 9
    assert "6 000,00 €" in rows.nth(0).inner_text().replace("\u202f", " ").replace("\xa0", " ")
    assert re.search(r"6 199,44", _text(page))  # 24 797,74 / 4, first term after 2022-07-01
    assert re.search(r"6 416,42", _text(page))  # 25 665,66 / 4
    first = rows.nth(0)
    first.locator("input[name=paid_on]").fill("2021-07-02")
    first.locator("input[name=amount]").fill("6 000")
    first.get_by_role("button", name="Enregistrer").click()
    _ok(page, "Paiement enregistré sur le bail")
    first = page.locator("#appels-titre ~ .table-wrap tbody tr").nth(0)
    assert re.sub(r"[\u202f\u00a0]", " ", first.inner_text()).count("6 000,00 €") >= 2

    # The sale to the sitting tenant: one month to accept, two more to sign (L145-46-1).
    page.goto(acquisition_url)
    page.locator("#id_offer-buyer_kind").select_option("preneur")
    page.locator("#id_offer-price").fill("260 000")
    page.locator("#id_offer-offered_on").fill("2024-01-15")
    page.get_by_role("button", name="Enregistrer l’offre").click()
    _ok(page, "Offre de vente à Boulangerie Test enregistrée.")
    _ok(page, "Accepter avant le 15/02/2024")
    _ok(page, "art. L145-46-1 du code de commerce")
    page.locator("#id_sale-on").fill("2024-02-01")
    page.get_by_role("button", name="Enregistrer l’acceptation").click()
    _ok(page, "réaliser la vente avant le 01/04/2024")
    page.locator("#id_sale-on").fill("2024-03-20")
    page.get_by_role("button", name="Enregistrer l’acte de vente").click()
    # Cost 175 000 + 12 500 + 28 000 of works = 215 500; gain 44 500 after 34 months.
    _ok(page, "Acte du 20/03/2024 : coût de revient 215 500,00 €, plus-value 44 500,00 €")
    _ok(page, "détenu 34 mois")
    premises.refresh_from_db()
    assert premises.owner_name == "Boulangerie Test"
