"""A download is named after the type detected from its content, never the uploader's
extension (a PDF called `.html` is served as `.pdf`), always as an attachment."""

import pytest
from django.urls import reverse

from cvv.documents.models import Document
from cvv.documents.services import document_upload
from cvv.programme.models import Resource, ResourceAttachment
from cvv.programme.services import toolbox
from tests.documents.helpers import PDF_BYTES, PNG_BYTES, pdf, upload
from tests.factories import commune

pytestmark = pytest.mark.django_db


def _assert_safe_download(response, filename):
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_vault_pdf_named_html_is_stored_and_served_as_pdf(client, users):
    client.force_login(users["commune_agent"])
    response = client.post(
        reverse("documents:vault", args=["93005"]),
        {"kind": "devis", "title": "", "file": upload("rapport.html", PDF_BYTES)},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "rapport.pdf" and document.title == "rapport.pdf"
    download = client.get(reverse("documents:download", args=[document.pk]))
    _assert_safe_download(download, "rapport.pdf")
    assert download["Content-Type"] == "application/pdf"


def test_rows_stored_with_a_misleading_name_are_served_with_the_detected_extension(client, users):
    document = document_upload(
        commune=commune("93005"),
        uploaded_file=pdf("devis.pdf"),
        kind="devis",
        title="Devis",
        actor=users["commune_agent"],
    )
    Document.objects.filter(pk=document.pk).update(original_name="devis.svg")  # legacy row
    client.force_login(users["commune_agent"])
    download = client.get(reverse("documents:download", args=[document.pk]))
    _assert_safe_download(download, "devis.pdf")


def test_toolbox_attachment_named_after_its_content(client, users):
    resource = toolbox.resource_save(
        actor=users["instructor"],
        title="Guide",
        category="legal",
        tags="",
        author="CCI",
        summary="Résumé",
        body="Texte",
    )
    Resource.objects.filter(pk=resource.pk).update(state="published")
    attachment = toolbox.attachment_add(
        resource=resource,
        uploaded_file=upload("image.htm", PNG_BYTES),
        title="",
        actor=users["instructor"],
    )
    assert attachment.original_name == "image.png"
    ResourceAttachment.objects.filter(pk=attachment.pk).update(original_name="image.html")
    client.force_login(users["commune_agent"])
    download = client.get(reverse("programme:attachment_download", args=[attachment.pk]))
    _assert_safe_download(download, "image.png")
    assert download["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("rapport.html", ".pdf", "rapport.pdf"),
        ("rapport", ".pdf", "rapport.pdf"),
        ("Rapport.PDF", ".pdf", "Rapport.PDF"),
        ("photo.jpeg", ".jpg", "photo.jpeg"),
        ("photo.png", ".jpg", "photo.jpg"),
        (".html", ".pdf", ".html.pdf"),
        ("a.pdf.exe", ".pdf", "a.pdf.pdf"),
        ("x" * 300 + ".html", ".pdf", "x" * 251 + ".pdf"),
        ("données.csv", ".csv", "données.csv"),
    ],
)
def test_name_with_extension(name, extension, expected):
    from cvv.documents.validation import name_with_extension

    assert name_with_extension(name, extension) == expected
