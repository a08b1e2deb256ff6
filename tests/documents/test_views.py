import pytest
from django.urls import reverse

from cvv.documents.models import Document
from cvv.documents.services import document_upload
from tests.documents.helpers import PDF_BYTES, pdf, upload
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_vault_upload_and_list(client, users):
    client.force_login(users["commune_agent"])
    url = reverse("documents:vault", args=["93005"])
    response = client.post(url, {"kind": "devis", "title": "Devis étude", "file": pdf("devis.pdf")})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.title == "Devis étude" and document.uploaded_by == users["commune_agent"]
    response = client.get(url)
    assert "Devis étude" in response.content.decode()


def test_vault_upload_rejects_bad_content_in_french(client, users):
    client.force_login(users["commune_agent"])
    response = client.post(
        reverse("documents:vault", args=["93005"]),
        {"kind": "devis", "file": upload("virus.pdf", b"\x7fELF" + b"\x00" * 100)},
    )
    assert response.status_code == 400
    assert "Type de fichier refusé" in response.content.decode()
    assert not Document.objects.exists()


def test_territory_agent_reads_but_cannot_upload(client, users):
    client.force_login(users["territory_agent"])
    url = reverse("documents:vault", args=["93005"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "devis", "file": pdf()}).status_code == 403


def test_download_is_checked_and_safe(client, users):
    document = document_upload(
        commune=commune("93005"),
        uploaded_file=pdf("délibération n°12.pdf"),
        kind="deliberation",
        title="Délibération",
        actor=users["commune_agent"],
    )
    url = reverse("documents:download", args=[document.pk])
    client.force_login(users["other_commune_agent"])
    assert client.get(url).status_code == 404
    client.force_login(users["commerce_manager"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"


def test_new_version_through_the_vault(client, users):
    client.force_login(users["commune_agent"])
    url = reverse("documents:vault", args=["93005"])
    client.post(url, {"kind": "devis", "title": "Devis", "file": pdf("devis-v1.pdf")})
    first = Document.objects.get()
    response = client.post(
        url, {"kind": "devis", "title": "", "file": pdf("devis-v2.pdf"), "replaces": first.pk}
    )
    assert response.status_code == 302
    latest = Document.objects.get(is_current=True)
    assert latest.version == 2 and latest.title == "devis-v2.pdf"
    page = client.get(url).content.decode()
    assert "v2" in page and reverse("documents:download", args=[first.pk]) in page


def test_other_commune_document_cannot_be_replaced_through_the_form(client, users):
    other = document_upload(
        commune=commune("93048"),
        uploaded_file=pdf(),
        kind="devis",
        title="Devis Montreuil",
        actor=users["other_commune_agent"],
    )
    client.force_login(users["commune_agent"])
    response = client.post(
        reverse("documents:vault", args=["93005"]),
        {"kind": "devis", "file": pdf(), "replaces": other.pk},
    )
    assert response.status_code == 400  # not a choice of this vault
    assert Document.objects.count() == 1
