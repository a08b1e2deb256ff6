"""Templates in force, uploads and restorations (audited), and documents generated from them
with their PDF converted in the background."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from cvv.audit.services import log_action
from cvv.letters import odt, pdf
from cvv.letters.models import GeneratedLetter, LetterTemplate
from cvv.letters.registry import kind as kind_of

MAX_TEMPLATE_BYTES = odt.MAX_ARCHIVE_BYTES


def template_in_force(kind: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(kind=kind).order_by("-version").first()


def template_bytes(kind: str) -> tuple[bytes, LetterTemplate | None]:
    """The template to use for `kind` now: the last version uploaded, else the shipped one."""
    template = template_in_force(kind)
    if template is None:
        return kind_of(kind).default.read_bytes(), None
    with template.file.open("rb") as handle:
        return handle.read(MAX_TEMPLATE_BYTES + 1), template


def check_template(kind: str, content: bytes) -> list[str]:
    """The fields a candidate template uses; ValidationError (French) if it cannot be used."""
    letter_kind = kind_of(kind)
    try:
        names = odt.fields_of(content)
        unknown = [name for name in names if name not in letter_kind.fields]
        if unknown:
            available = ", ".join(f"{{{{ {name} }}}}" for name in letter_kind.fields)
            listed = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
            raise ValidationError(
                {"file": f"Champ(s) inconnu(s) : {listed}. Champs disponibles : {available}."}
            )
        # A trial fill with the example values: what passes here will render later.
        odt.render(content, sample_context(letter_kind))
    except odt.TemplateError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    return names


def sample_context(letter_kind):
    return {name: letter_kind.sample.get(name, f"[{name}]") for name in letter_kind.fields}


def _next_version(kind: str) -> int:
    # Lock the kind's versions: two uploads at once cannot both take the same number (the
    # unique constraint is the last guard, for the very first version).
    list(LetterTemplate.objects.select_for_update().filter(kind=kind).values_list("pk"))
    current = LetterTemplate.objects.filter(kind=kind).aggregate(top=Max("version"))["top"]
    return (current or 0) + 1


def _save_version(*, kind, content, origin, original_name, note, actor, names):
    template = LetterTemplate(
        kind=kind,
        version=_next_version(kind),
        origin=origin,
        original_name=original_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        fields_used=names,
        note=note[:300],
        uploaded_by=actor,
    )
    template.file.save(f"{kind}.odt", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as exc:
        template.file.delete(save=False)
        raise ValidationError(
            "Une autre version de ce modèle vient d’être déposée : rechargez la page."
        ) from exc
    return template


@transaction.atomic
def template_upload(*, kind, uploaded_file, note, actor) -> LetterTemplate:
    kind_of(kind)
    if uploaded_file.size > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            {"file": f"Le modèle dépasse {MAX_TEMPLATE_BYTES // (1024 * 1024)} Mo."}
        )
    content = uploaded_file.read(MAX_TEMPLATE_BYTES + 1)
    names = check_template(kind, content)
    template = _save_version(
        kind=kind,
        content=content,
        origin=LetterTemplate.Origin.UPLOADED,
        original_name=uploaded_file.name or "",
        note=note,
        actor=actor,
        names=names,
    )
    log_action(
        "letters.template.uploaded",
        actor=actor,
        obj=template,
        data={"kind": kind, "version": template.version, "fields": names},
    )
    return template


@transaction.atomic
def template_restore_default(*, kind, note, actor) -> LetterTemplate:
    letter_kind = kind_of(kind)
    content = letter_kind.default.read_bytes()
    names = check_template(kind, content)
    template = _save_version(
        kind=kind,
        content=content,
        origin=LetterTemplate.Origin.DEFAULT,
        original_name=letter_kind.default.name,
        note=note,
        actor=actor,
        names=names,
    )
    log_action(
        "letters.template.restored",
        actor=actor,
        obj=template,
        data={"kind": kind, "version": template.version},
    )
    return template


def letter_generate(*, kind, subject, context, actor) -> GeneratedLetter:
    """Fill the template in force with `context` for `subject`; the PDF follows in the
    background (or is marked unavailable on a server without LibreOffice)."""
    from django.contrib.contenttypes.models import ContentType

    content, template = template_bytes(kind)
    try:
        filled = odt.render(content, context)
    except odt.TemplateError as exc:
        label = kind_of(kind).label
        raise ValidationError(f"Le modèle « {label} » est inutilisable : {exc}") from exc
    letter = GeneratedLetter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        template=template,
        generated_by=actor,
        pdf_status=(
            GeneratedLetter.PdfStatus.PENDING
            if pdf.available()
            else GeneratedLetter.PdfStatus.UNAVAILABLE
        ),
    )
    letter.odt.save(f"{kind}.odt", ContentFile(filled), save=False)
    letter.save()
    if letter.pdf_status == GeneratedLetter.PdfStatus.PENDING:
        from cvv.letters.tasks import convert_letter

        transaction.on_commit(lambda: convert_letter(letter.pk))
    return letter


def letter_convert(letter_id: int) -> GeneratedLetter | None:
    """Convert a generated document to PDF (run by the task queue). Idempotent: a letter
    already converted is left as it is."""
    letter = GeneratedLetter.objects.filter(pk=letter_id).first()
    if letter is None or letter.pdf_status == GeneratedLetter.PdfStatus.READY:
        return letter
    with letter.odt.open("rb") as handle:
        content = handle.read()
    try:
        result = pdf.convert(content)
    except pdf.ConversionError as exc:
        status = (
            GeneratedLetter.PdfStatus.UNAVAILABLE
            if not pdf.available()
            else GeneratedLetter.PdfStatus.FAILED
        )
        GeneratedLetter.objects.filter(pk=letter.pk).update(pdf_status=status, pdf_error=str(exc))
        letter.refresh_from_db()
        return letter
    letter.pdf.save(f"{letter.kind}.pdf", ContentFile(result), save=False)
    letter.pdf_status, letter.pdf_error = GeneratedLetter.PdfStatus.READY, ""
    letter.save(update_fields=["pdf", "pdf_status", "pdf_error"])
    return letter


def letter_retry(*, letter, actor) -> GeneratedLetter:
    """Ask again for the PDF of a document whose conversion failed (or was impossible when
    it was generated): queued again, idempotent."""
    if letter.pdf_status == GeneratedLetter.PdfStatus.READY:
        return letter
    if not pdf.available():
        raise ValidationError(
            "LibreOffice n’est pas installé sur ce serveur : le PDF ne peut pas être produit."
        )
    GeneratedLetter.objects.filter(pk=letter.pk).update(
        pdf_status=GeneratedLetter.PdfStatus.PENDING, pdf_error=""
    )
    log_action(
        "letters.letter.conversion_retried", actor=actor, obj=letter, data={"kind": letter.kind}
    )
    from cvv.letters.tasks import convert_letter

    transaction.on_commit(lambda: convert_letter(letter.pk))
    letter.refresh_from_db()
    return letter


def latest_letter(subject, kind) -> GeneratedLetter | None:
    from django.contrib.contenttypes.models import ContentType

    return (
        GeneratedLetter.objects.filter(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            kind=kind,
        )
        .select_related("template")
        .first()
    )
