from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cvv.core.downloads import stored_file_response
from cvv.core.forms import attach_errors
from cvv.documents import selectors, services
from cvv.documents.models import Document, DocumentKind
from cvv.documents.validation import download_name
from cvv.organisations.access import get_access
from cvv.territories.selectors import commune_for_view
from cvv.www.documents_views.forms import DocumentUploadForm


def vault(request, code):
    """The commune's document vault: current documents with their versions, upload."""
    commune = commune_for_view(request.user, code)
    can_upload = get_access(request.user).can_edit_commune(commune)
    form = None
    if can_upload:
        form = DocumentUploadForm(request.POST or None, request.FILES or None, commune=commune)
        if request.method == "POST" and form.is_valid():
            try:
                document = services.document_upload(
                    commune=commune,
                    uploaded_file=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    actor=request.user,
                    replaces=form.cleaned_data["replaces"],
                )
            except ValidationError as exc:
                attach_errors(form, exc, "file")
            else:
                messages.success(
                    request, f"Document « {document.title} » déposé (version {document.version})."
                )
                return redirect("documents:vault", code=commune.code)
    elif request.method == "POST":
        raise PermissionDenied("Vous ne pouvez pas déposer de document pour cette commune.")
    selected_kind = request.GET.get("nature", "")
    documents = Document.objects.current().filter(commune=commune).select_related("uploaded_by")
    if selected_kind in DocumentKind.values:
        documents = documents.filter(kind=selected_kind)
    families = {}
    for version in (
        Document.objects.filter(commune=commune, is_current=False)
        .select_related("uploaded_by")
        .order_by("-version")
    ):
        families.setdefault(version.family_id, []).append(version)
    rows = [(document, families.get(document.family_id, [])) for document in documents]
    return render(
        request,
        "documents/vault.html",
        {
            "commune": commune,
            "rows": rows,
            "form": form,
            "kinds": DocumentKind.choices,
            "selected_kind": selected_kind,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
def download(request, pk):
    """Permission-checked streaming of a private file (never served by the web server)."""
    document = selectors.document_for_download(request.user, pk)
    services.document_log_download(document=document, actor=request.user)
    return stored_file_response(
        document.file,
        filename=download_name(document.original_name, document.content_type),
        content_type=document.content_type,
        private=True,
        sandbox=True,
    )
