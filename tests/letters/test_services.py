"""Templates uploaded, checked and versioned; documents filled from the version in force;
the PDF made by LibreOffice in the background."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cvv.audit.models import AuditEntry
from cvv.funding.models import AgendaItem, Dossier
from cvv.funding.services import committee, conventions
from cvv.letters import odt, pdf
from cvv.letters.models import GeneratedLetter, LetterTemplate
from cvv.letters.registry import kinds
from cvv.letters.services import (
    latest_letter,
    letter_convert,
    letter_retry,
    template_bytes,
    template_restore_default,
    template_upload,
)
from tests.funding.factories import make_draft, walk
from tests.letters.helpers import odt as make_odt
from tests.letters.helpers import paragraph

pytestmark = pytest.mark.django_db

CONVENTION = "funding.convention"


def upload(body, name="convention.odt"):
    return SimpleUploadedFile(name, make_odt(paragraph(body)), content_type="application/zip")


def test_every_shipped_template_uses_only_the_fields_of_its_kind():
    for kind in kinds().values():
        used = odt.fields_of(kind.default.read_bytes())
        assert set(used) <= set(kind.fields), kind.code
    # The convention states every field it is given.
    convention = kinds()[CONVENTION]
    assert set(odt.fields_of(convention.default.read_bytes())) == set(convention.fields)


def test_upload_keeps_a_new_version_in_force_with_its_audit_entry(users):
    admin = users["metropole_admin"]
    first = template_upload(
        kind=CONVENTION, uploaded_file=upload("Convention {{ number }}"), note="v1", actor=admin
    )
    second = template_upload(
        kind=CONVENTION,
        uploaded_file=upload("Convention n° {{ number }} — {{ commune }}"),
        note="avis juridique",
        actor=admin,
    )
    assert (first.version, second.version) == (1, 2)
    assert second.fields_used == ["number", "commune"]
    content, template = template_bytes(CONVENTION)
    assert template == second and odt.fields_of(content) == ["number", "commune"]
    entry = AuditEntry.objects.get(action="letters.template.uploaded", object_id=str(second.pk))
    assert entry.data["version"] == 2


def test_an_unknown_field_refuses_the_upload_and_keeps_nothing(users):
    with pytest.raises(ValidationError, match=r"Champ\(s\) inconnu\(s\) : \{\{ maire \}\}"):
        template_upload(
            kind=CONVENTION,
            uploaded_file=upload("Monsieur le maire {{ maire }}"),
            note="x",
            actor=users["metropole_admin"],
        )
    assert not LetterTemplate.objects.exists()


def test_a_file_that_is_not_an_odt_is_refused(users):
    with pytest.raises(ValidationError, match="n’est pas un document OpenDocument"):
        template_upload(
            kind=CONVENTION,
            uploaded_file=SimpleUploadedFile("c.docx", b"PK\x03\x04 pas un odt"),
            note="x",
            actor=users["metropole_admin"],
        )
    assert not LetterTemplate.objects.exists()


def test_restoring_the_shipped_template_is_a_new_version(users):
    admin = users["metropole_admin"]
    template_upload(kind=CONVENTION, uploaded_file=upload("{{ number }}"), note="x", actor=admin)
    restored = template_restore_default(kind=CONVENTION, note="retour", actor=admin)
    assert restored.version == 2 and restored.origin == LetterTemplate.Origin.DEFAULT
    content, _ = template_bytes(CONVENTION)
    assert content == kinds()[CONVENTION].default.read_bytes()


def test_the_convention_follows_the_template_in_force_and_names_its_version(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    template_upload(
        kind=CONVENTION,
        uploaded_file=upload("Texte revu par le juridique : {{ commune }}, {{ categories }}"),
        note="nouvelle rédaction",
        actor=users["metropole_admin"],
    )
    convention = conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    with convention.file.open("rb") as handle:
        text = odt.text_of(handle.read())
    # Categories in French, with their rate as a percentage, never their codes.
    assert text.startswith("Texte revu par le juridique : Aulnay-sous-Bois, ")
    assert "Travaux" in text and "ETUDES" not in text and "TRAVAUX" not in text
    assert "(taux 40 %)" in text.replace("\u202f", " ").replace("\xa0", " ")
    letter = latest_letter(dossier, CONVENTION)
    assert letter.template.version == 1 and letter.template_label == "modèle version 1"
    # Without LibreOffice (the test settings), the PDF is said unavailable, the ODT is there.
    assert letter.pdf_status == GeneratedLetter.PdfStatus.UNAVAILABLE


def test_the_shipped_convention_states_the_dossier(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    with latest_letter(dossier, CONVENTION).odt.open("rb") as handle:
        text = odt.text_of(handle.read())
    assert f"Convention n° CONV-{dossier.reference}" in text
    assert "{{" not in text and "Aulnay-sous-Bois (code INSEE 93005)" in text


def test_decision_letter_for_a_refusal_and_only_by_the_instruction(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.READY_FOR_COMMITTEE, users)
    session = committee.session_create(
        edition=dossier.edition,
        title="Comité",
        date=datetime.date(dossier.edition.year, 6, 1),
        actor=users["instructor"],
    )
    item = committee.agenda_add(session=session, dossier=dossier, actor=users["instructor"])
    committee.decision_record(
        item=item,
        decision=AgendaItem.Decision.REFUSED,
        reasons="Projet hors du périmètre de centralité.",
        actor=users["instructor"],
    )
    dossier.refresh_from_db()
    with pytest.raises(PermissionDenied):
        conventions.decision_letter_generate(dossier=dossier, actor=users["commune_agent"])
    letter = conventions.decision_letter_generate(dossier=dossier, actor=users["instructor"])
    with letter.odt.open("rb") as handle:
        text = odt.text_of(handle.read())
    assert "Le comité ne retient pas la demande." in text
    assert "Motifs : Projet hors du périmètre de centralité." in text
    assert AuditEntry.objects.filter(action="funding.decision_letter.generated").count() == 1


def test_no_decision_letter_before_the_decision(users):
    dossier = make_draft(users["commune_agent"])
    with pytest.raises(ValidationError, match="après la décision du comité"):
        conventions.decision_letter_generate(dossier=dossier, actor=users["instructor"])
    assert not GeneratedLetter.objects.exists()


def test_conversion_failure_is_recorded_not_raised(users, settings, monkeypatch):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    letter = latest_letter(dossier, CONVENTION)
    settings.LIBREOFFICE_BINARY = "soffice"
    monkeypatch.setattr(pdf, "binary", lambda: "/bin/false")
    result = letter_convert(letter.pk)
    assert result.pdf_status == GeneratedLetter.PdfStatus.FAILED
    assert "n’a pas pu convertir" in result.pdf_error


def test_real_pdf_conversion_by_libreoffice(users, libreoffice, django_capture_on_commit_callbacks):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    with django_capture_on_commit_callbacks(execute=True):
        conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    letter = latest_letter(dossier, CONVENTION)  # converted by the (immediate) task queue
    assert letter.pdf_status == GeneratedLetter.PdfStatus.READY, letter.pdf_error
    with letter.pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-") and len(content) > 1000
    assert letter.generated_at.date() <= datetime.date.today()


def test_a_failed_conversion_can_be_asked_again(
    users, libreoffice, monkeypatch, django_capture_on_commit_callbacks
):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    monkeypatch.setattr(pdf, "binary", lambda: "/bin/false")
    with django_capture_on_commit_callbacks(execute=True):
        conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    letter = latest_letter(dossier, CONVENTION)
    assert letter.pdf_status == GeneratedLetter.PdfStatus.FAILED
    monkeypatch.undo()
    libreoffice.LIBREOFFICE_BINARY = "soffice"
    with django_capture_on_commit_callbacks(execute=True):
        letter_retry(letter=letter, actor=users["instructor"])
    letter.refresh_from_db()
    assert letter.pdf_status == GeneratedLetter.PdfStatus.READY, letter.pdf_error
    assert AuditEntry.objects.filter(action="letters.letter.conversion_retried").count() == 1


def test_retry_without_libreoffice_says_so(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    conventions.convention_generate(dossier=dossier, actor=users["instructor"])
    letter = latest_letter(dossier, CONVENTION)
    with pytest.raises(ValidationError, match="LibreOffice n’est pas installé"):
        letter_retry(letter=letter, actor=users["instructor"])
