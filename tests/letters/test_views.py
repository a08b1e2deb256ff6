"""The templates pages and the FIMACS documents on the dossier page, as their users see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cvv.funding.models import Dossier
from cvv.letters import odt
from cvv.letters.models import LetterTemplate
from tests.funding.factories import make_draft, walk
from tests.letters.helpers import odt as make_odt
from tests.letters.helpers import paragraph

pytestmark = pytest.mark.django_db
DETAIL = reverse("letters:detail", args=["funding.convention"])


def as_user(client, user):
    client.force_login(user)
    return client


def test_admin_uploads_a_template_from_the_page(client, users):
    as_user(client, users["metropole_admin"])
    page = client.get(DETAIL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Modèle d’origine" in html or "modèle d’origine" in html
    assert "{{ commune }}" in html  # the fields table
    good = SimpleUploadedFile("c.odt", make_odt(paragraph("Convention {{ number }}")))
    response = client.post(DETAIL, {"file": good, "note": "relecture juridique"}, follow=True)
    assert "Modèle « Convention attributive FIMACS » version 1 en vigueur." in (
        response.content.decode()
    )
    download = client.get(reverse("letters:download", args=["funding.convention"]))
    assert odt.fields_of(download.getvalue()) == ["number"]


def test_a_bad_template_is_refused_with_its_reason_and_nothing_kept(client, users):
    as_user(client, users["metropole_admin"])
    bad = SimpleUploadedFile("c.odt", make_odt(paragraph("{{ signataire }}")))
    response = client.post(DETAIL, {"file": bad, "note": "essai"})
    assert response.status_code == 400
    assert "Champ(s) inconnu(s) : {{ signataire }}" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_instructors_read_templates_but_do_not_change_them(client, users):
    as_user(client, users["instructor"])
    page = client.get(DETAIL)
    assert page.status_code == 200 and "Déposer une nouvelle version" not in page.content.decode()
    good = SimpleUploadedFile("c.odt", make_odt(paragraph("{{ number }}")))
    assert client.post(DETAIL, {"file": good, "note": "x"}).status_code == 403
    assert not LetterTemplate.objects.exists()


def test_preview_fills_the_template_with_example_values(client, users):
    as_user(client, users["instructor"])
    response = client.get(reverse("letters:preview", args=["funding.convention"]))
    text = odt.text_of(response.getvalue())
    assert "Aulnay-sous-Bois" in text and "{{" not in text


def test_dossier_page_offers_the_decision_letter_and_serves_it(client, users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    as_user(client, users["instructor"])
    page = reverse("fimacs:dossier", args=[dossier.pk])
    assert "Générer la lettre" in client.get(page).content.decode()
    response = client.post(
        reverse("fimacs:decision_letter_generate", args=[dossier.pk]), follow=True
    )
    html = response.content.decode()
    assert f"Lettre de notification du dossier {dossier.reference} générée" in html
    assert "PDF indisponible sur ce serveur" in html
    # The commune reads it; the PDF is a 404 while it does not exist.
    as_user(client, users["commune_agent"])
    letter = client.get(reverse("fimacs:decision_letter_odt", args=[dossier.pk]))
    assert "accorde une aide de" in odt.text_of(letter.getvalue())
    assert client.get(reverse("fimacs:decision_letter_pdf", args=[dossier.pk])).status_code == 404
    assert client.get(page).status_code == 200
