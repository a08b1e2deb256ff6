"""Templates of generated documents: Métropole staff read them and their fields; the
administration uploads a new version (checked before it is kept) or restores the shipped one.
The legal team changes a convention's text without a deployment."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cvv.audit.selectors import entries_for_object
from cvv.core.downloads import file_response, stored_file_response
from cvv.core.forms import AccessibleForm, attach_errors
from cvv.letters import odt, services
from cvv.letters import pdf as pdf_converter
from cvv.letters.models import GeneratedLetter, LetterTemplate
from cvv.letters.registry import kinds
from cvv.organisations.access import admin_required, get_access, staff_required

ODT = "application/vnd.oasis.opendocument.text"


class TemplateUploadForm(AccessibleForm):
    file = forms.FileField(
        label="Nouveau modèle (.odt)",
        help_text="Un document texte OpenDocument, enregistré depuis LibreOffice ou Word, "
        "dont les champs s’écrivent {{ nom_du_champ }}.",
    )
    note = forms.CharField(
        label="Motif du changement",
        max_length=300,
        help_text="Par exemple : avis du service juridique du 3 décembre.",
    )


class RestoreForm(AccessibleForm):
    note = forms.CharField(label="Motif", max_length=300)


def _kind(code):
    try:
        return kinds()[code]
    except KeyError:
        raise Http404("Modèle inconnu.") from None


@staff_required
def template_list(request):
    rows = []
    for kind in sorted(kinds().values(), key=lambda k: k.label):
        rows.append({"kind": kind, "template": services.template_in_force(kind.code)})
    return render(
        request,
        "letters/template_list.html",
        {"rows": rows, "pdf_available": pdf_converter.available()},
    )


@staff_required
def template_detail(request, kind):
    letter_kind = _kind(kind)
    is_admin = get_access(request.user).is_admin
    upload_form = TemplateUploadForm()
    restore_form = RestoreForm(prefix="restore")
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied("Seule l’administration de la Métropole change les modèles.")
        upload_form = TemplateUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            try:
                template = services.template_upload(
                    kind=kind,
                    uploaded_file=upload_form.cleaned_data["file"],
                    note=upload_form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as exc:
                attach_errors(upload_form, exc)
            else:
                messages.success(
                    request,
                    f"Modèle « {letter_kind.label} » version {template.version} en vigueur.",
                )
                return redirect("letters:detail", kind=kind)
        status = 400
    else:
        status = 200
    versions = LetterTemplate.objects.filter(kind=kind).select_related("uploaded_by")
    current = versions.first()
    return render(
        request,
        "letters/template_detail.html",
        {
            "letter_kind": letter_kind,
            "fields": letter_kind.fields.items(),
            "versions": versions,
            "current": current,
            "is_admin": is_admin,
            "upload_form": upload_form if is_admin else None,
            "restore_form": restore_form if is_admin else None,
            "entries": entries_for_object(current)[:20] if current else [],
            "audit_object_id": "modele",
            "pdf_available": pdf_converter.available(),
        },
        status=status,
    )


@admin_required
@require_POST
def template_restore(request, kind):
    letter_kind = _kind(kind)
    form = RestoreForm(request.POST, prefix="restore")
    if not form.is_valid():
        messages.error(request, "Indiquez le motif du retour au modèle d’origine.")
        return redirect("letters:detail", kind=kind)
    try:
        template = services.template_restore_default(
            kind=kind, note=form.cleaned_data["note"], actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Modèle d’origine « {letter_kind.label} » rétabli (version {template.version}).",
        )
    return redirect("letters:detail", kind=kind)


@staff_required
def template_download(request, kind, version=None):
    letter_kind = _kind(kind)
    slug = kind.replace(".", "-")
    if version is None:
        content, template = services.template_bytes(kind)
        name = f"{slug}-v{template.version}" if template else f"{slug}-origine"
        return file_response(content, filename=f"{name}.odt", content_type=ODT, private=True)
    if version == 0:
        return file_response(
            letter_kind.default.read_bytes(),
            filename=f"{slug}-origine.odt",
            content_type=ODT,
            private=True,
        )
    template = get_object_or_404(LetterTemplate, kind=kind, version=version)
    return stored_file_response(
        template.file, filename=f"{slug}-v{version}.odt", content_type=ODT, private=True
    )


@staff_required
def template_preview(request, kind):
    """The template in force filled with example values, to check it before use."""
    letter_kind = _kind(kind)
    content, _template = services.template_bytes(kind)
    try:
        filled = odt.render(content, services.sample_context(letter_kind))
    except odt.TemplateError as exc:
        raise Http404(str(exc)) from exc
    slug = kind.replace(".", "-")
    return file_response(filled, filename=f"{slug}-apercu.odt", content_type=ODT, private=True)


@staff_required
@require_POST
def letter_retry(request, pk):
    """Queue again the PDF of a generated document (Métropole staff, who see every dossier)."""
    letter = get_object_or_404(GeneratedLetter, pk=pk)
    if letter.pdf_status == GeneratedLetter.PdfStatus.READY:
        messages.info(request, f"Le PDF est déjà prêt : {letter_label(letter)}.")
        return redirect(_back(request))
    try:
        services.letter_retry(letter=letter, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Conversion en PDF relancée : {letter_label(letter)}.")
    return redirect(_back(request))


def letter_label(letter):
    kind = kinds().get(letter.kind)
    return f"{kind.label if kind else 'document'} du {letter.generated_at:%d/%m/%Y}"


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "letters:list"
