import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cvv.audit.models import AuditEntry
from cvv.documents import access, selectors
from cvv.documents.models import Document
from cvv.documents.services import document_upload
from tests.documents.helpers import PDF_BYTES, PNG_BYTES, pdf, upload, xlsx_bytes
from tests.factories import commune

pytestmark = pytest.mark.django_db


def _upload(users, file, kind="deliberation", **kwargs):
    return document_upload(
        commune=commune("93005"),
        uploaded_file=file,
        kind=kind,
        title=kwargs.pop("title", "Délibération du conseil"),
        actor=users["commune_agent"],
        **kwargs,
    )


def test_upload_stores_metadata_privately_and_audits(users, settings):
    document = _upload(users, pdf())
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF_BYTES)
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.version == 1 and document.family == document and document.is_current
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))
    assert "deliberation" not in document.file.name  # stored name never reuses the upload name
    assert document.original_name == "deliberation.pdf"
    entry = AuditEntry.objects.get(action="documents.document.uploaded")
    assert entry.commune_code == "93005" and entry.data["sha256"] == document.sha256


def test_type_is_decided_by_content_not_name(users):
    with pytest.raises(ValidationError, match="Type de fichier refusé"):
        _upload(users, upload("faux.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200))
    # A PNG named .pdf is stored as what it is.
    document = _upload(users, upload("photo.pdf", PNG_BYTES), kind="autre")
    assert document.content_type == "image/png"
    assert document.file.name.endswith(".png")


def test_office_and_text_formats(users):
    assert _upload(
        users, upload("budget.xlsx", xlsx_bytes()), kind="plan_financement"
    ).content_type.endswith("spreadsheetml.sheet")
    text = _upload(users, upload("liste.csv", "poste;montant\nétude;1200\n".encode()), kind="autre")
    assert text.content_type == "text/csv"
    with pytest.raises(ValidationError, match="UTF-8"):
        _upload(users, upload("liste.csv", "poste;montant\nétude\n".encode("latin-1")))
    with pytest.raises(ValidationError, match="non reconnu"):
        _upload(users, upload("script.sh", b"#!/bin/sh\necho hi\n"))


def test_size_limit_and_empty(users, settings):
    settings.DOCUMENT_MAX_SIZE = 100
    with pytest.raises(ValidationError, match="taille maximale"):
        _upload(users, pdf(content=PDF_BYTES + b" " * 200))
    with pytest.raises(ValidationError, match="vide"):
        _upload(users, upload("vide.pdf", b""))
    assert not Document.objects.exists()


def test_new_version_replaces_previous(users):
    first = _upload(users, pdf())
    second = _upload(users, pdf(), replaces=first, title="Délibération modifiée")
    first.refresh_from_db()
    assert second.version == 2 and second.family == first and not first.is_current
    assert list(second.versions()) == [second, first]
    with pytest.raises(ValidationError, match="déjà été remplacé"):
        _upload(users, pdf(), replaces=first)


def test_cannot_replace_other_commune_document(users):
    other = document_upload(
        commune=commune("93048"),
        uploaded_file=pdf(),
        kind="devis",
        title="Devis",
        actor=users["other_commune_agent"],
    )
    with pytest.raises(ValidationError, match="autre commune"):
        _upload(users, pdf(), replaces=other)


def test_scoped_reads_and_access_checks(users):
    document = _upload(users, pdf())
    assert selectors.documents_visible_to(users["commune_agent"]).count() == 1
    assert (
        selectors.documents_visible_to(users["territory_agent"]).count() == 1
    )  # T7 includes 93005
    assert selectors.documents_visible_to(users["other_commune_agent"]).count() == 0
    with pytest.raises(Http404):
        selectors.document_for_download(users["partner_expert"], document.pk)

    def grant_expert(user, doc):
        return user.email == "partner_expert@test.cvv" and doc.pk == document.pk

    access.register_access_check(grant_expert)
    try:
        assert selectors.document_for_download(users["partner_expert"], document.pk) == document
        with pytest.raises(Http404):
            selectors.document_for_download(users["other_commune_agent"], document.pk)
    finally:
        access._CHECKS.remove(grant_expert)


def test_opendocument_spreadsheet_is_recognised(users):
    from cvv.core.exports import to_ods

    content = to_ods([("poste", "Poste")], [{"poste": "Étude"}])
    document = _upload(users, upload("budget.ods", content), kind="plan_financement")
    assert document.content_type == "application/vnd.oasis.opendocument.spreadsheet"
    assert document.file.name.endswith(".ods")


def test_oversized_upload_refused_before_being_read(users, settings):
    settings.DOCUMENT_MAX_SIZE = 100

    class Oversized:
        name = "gros.pdf"
        size = 5 * 1024 * 1024

        def read(self):
            raise AssertionError("an oversized upload must not be read into memory")

    with pytest.raises(ValidationError, match="pèse 5 Mo : la taille maximale"):
        _upload(users, Oversized())
    assert not Document.objects.exists()
