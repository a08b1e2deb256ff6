"""The toolbox: search, resources, publication, attachments, bookmarks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cvv.core.downloads import stored_file_response
from cvv.documents.validation import download_name
from cvv.organisations.access import get_access, role_required
from cvv.organisations.enums import Role
from cvv.programme.models import Resource, ResourceAttachment
from cvv.programme.selectors import resources_visible_to
from cvv.programme.services import toolbox as services
from cvv.programme.workflows import RESOURCE
from cvv.www.programme_views.common import attach_errors, report
from cvv.www.programme_views.forms import AttachmentForm, ResourceForm, ResourceReviewedForm

editor_required = role_required(Role.METROPOLE_ADMIN, Role.INSTRUCTOR)


def toolbox(request):
    access = get_access(request.user)
    items = resources_visible_to(request.user)
    query = request.GET.get("q", "").strip()
    category = request.GET.get("categorie", "")
    state = request.GET.get("etat", "")
    if query:
        items = items.search(query)
    if category in Resource.Category.values:
        items = items.filter(category=category)
    if state in Resource.State.values and access.is_metropole_staff:
        items = items.filter(state=state)
    to_review = bool(request.GET.get("a_relire")) and access.is_metropole_staff
    if to_review:
        items = items.filter(expires_on__lt=timezone.localdate())
    bookmarked = set(request.user.toolbox_bookmarks.values_list("resource_id", flat=True))
    if request.GET.get("favoris"):
        items = items.filter(pk__in=bookmarked)
    # A search keeps its ranking (best first); a plain list goes by title.
    ordered = items if query else items.order_by("title")
    page = Paginator(ordered, 20).get_page(request.GET.get("page"))
    template = (
        "programme/includes/toolbox_results.html" if request.htmx else "programme/toolbox.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            "query": query,
            "category": category,
            "state": state,
            "categories": Resource.Category.choices,
            "states": Resource.State.choices,
            "bookmarked": bookmarked,
            "only_bookmarks": bool(request.GET.get("favoris")),
            "to_review": to_review,
            "is_editor": access.has_role(Role.METROPOLE_ADMIN, Role.INSTRUCTOR),
        },
    )


def resource(request, pk):
    resource = get_object_or_404(resources_visible_to(request.user), pk=pk)
    access = get_access(request.user)
    editor = access.has_role(Role.METROPOLE_ADMIN, Role.INSTRUCTOR)
    return render(
        request,
        "programme/resource.html",
        {
            "resource": resource,
            "attachments": resource.attachments.all(),
            "bookmarked": resource.bookmarks.filter(user=request.user).exists(),
            "is_editor": editor,
            "transitions": RESOURCE.allowed(resource, request.user),
            "attachment_form": AttachmentForm() if editor else None,
            "reviewed_form": ResourceReviewedForm() if editor else None,
        },
    )


@editor_required
def resource_edit(request, pk=None):
    resource = get_object_or_404(Resource, pk=pk) if pk else None
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.resource_save(
                actor=request.user, resource=resource, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Ressource « {saved.title} » enregistrée.")
            return redirect("programme:resource", pk=saved.pk)
    return render(
        request,
        "programme/resource_form.html",
        {"resource": resource, "form": form},
        status=400 if form.errors else 200,
    )


@editor_required
@require_POST
def resource_transition(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    report(
        request,
        lambda: services.resource_transition(
            resource=resource,
            name=request.POST.get("transition", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
        ),
        lambda: f"Ressource : {resource.get_state_display().lower()}.",
    )
    return redirect("programme:resource", pk=pk)


@editor_required
@require_POST
def resource_reviewed(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    form = ResourceReviewedForm(request.POST)
    if form.is_valid():
        report(
            request,
            lambda: services.resource_mark_reviewed(
                resource=resource, expires_on=form.cleaned_data["expires_on"], actor=request.user
            ),
            f"Relecture de « {resource} » enregistrée.",
        )
    else:
        messages.error(request, "Date invalide.")
    return redirect("programme:resource", pk=pk)


@editor_required
@require_POST
def attachment_add(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        report(
            request,
            lambda: services.attachment_add(
                resource=resource,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                actor=request.user,
            ),
            f"Pièce jointe « {form.cleaned_data['title']} » ajoutée à « {resource} ».",
        )
    else:
        messages.error(request, "Choisissez un fichier.")
    return redirect("programme:resource", pk=pk)


@require_GET
def attachment_download(request, pk):
    attachment = get_object_or_404(ResourceAttachment.objects.select_related("resource"), pk=pk)
    if not resources_visible_to(request.user).filter(pk=attachment.resource_id).exists():
        raise Http404("Pièce jointe introuvable.")
    return stored_file_response(
        attachment.file,
        filename=download_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
        sandbox=True,
    )


@require_POST
def bookmark(request, pk):
    resource = get_object_or_404(resources_visible_to(request.user), pk=pk)
    added = services.bookmark_toggle(resource=resource, user=request.user)
    messages.success(
        request,
        f"« {resource} » ajoutée à vos favoris."
        if added
        else f"« {resource} » retirée de vos favoris.",
    )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("programme:resource", pk=pk)
