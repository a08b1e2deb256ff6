"""Dossier pages: list, creation, edition with live computation, detail, documents and the
commune's transitions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cvv.audit.labels import done_message
from cvv.core.exports import FORMAT_LABELS, FORMATS, table_response
from cvv.core.forms import attach_errors
from cvv.core.pagination import conversation_page
from cvv.funding import queues as work_queues
from cvv.funding import selectors
from cvv.funding.models import Dossier, DossierDocument, Opinion
from cvv.funding.services import dossiers as services
from cvv.funding.services import external, instruction
from cvv.funding.services.common import money
from cvv.funding.workflows import DOSSIER
from cvv.organisations.access import get_access, own_communes
from cvv.organisations.enums import FINANCE_ROLES, INSTRUCTION_ROLES
from cvv.programme.models import Accompaniment, Action
from cvv.programme.selectors import active_accompaniment
from cvv.www.funding_views import forms
from cvv.www.funding_views.common import (
    COMMUNE,
    dossier_as_commune,
    flash_errors,
)
from cvv.www.funding_views.letters import letters_context

# The dossier page draws the buttons of two panels of the workflow (Transition.group).
PANEL_URLS = {
    "commune": "fimacs:dossier_commune_action",
    "instruction": "fimacs:dossier_instruct",
}


def dossier_list(request):
    access = get_access(request.user)
    if not access.sees_some_commune:
        raise PermissionDenied("Les dossiers FIMACS sont ceux des communes et de la Métropole.")
    items = selectors.dossiers_visible_to(request.user).order_by("-created_at", "-pk")
    # Instructors work from queues (cvv.funding.queues); the state filter narrows any of them.
    is_instructor = access.has_role(*INSTRUCTION_ROLES)
    queue = request.GET.get("file", "") if is_instructor else ""
    if queue not in work_queues.LABELS:
        queue = ""
    tabs = []
    if is_instructor:
        counts = work_queues.queue_counts(items, request.user)
        tabs = [(slug, label, counts[slug]) for slug, label in work_queues.QUEUES]
    if queue:
        items = work_queues.in_queue(items, request.user, queue)
    state = request.GET.get("etat", "")
    if state:
        items = items.filter(state=state)
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in FORMATS:
            raise Http404("Format inconnu.")
        return table_response(
            EXPORT_COLUMNS, (_export_row(d) for d in items), fmt, "dossiers-fimacs"
        )
    return render(
        request,
        "funding/dossier_list.html",
        {
            "dossiers": items.prefetch_related("followers__user")[:500],
            "states": Dossier.State.choices,
            "state": state,
            "queue": queue,
            "tabs": tabs,
            "can_create": access.has_role(*COMMUNE) and access.works_for_a_commune,
            "formats": FORMAT_LABELS.items(),
        },
    )


EXPORT_COLUMNS = [
    ("reference", "Référence"),
    ("commune", "Commune"),
    ("code", "Code INSEE"),
    ("edition", "Édition"),
    ("title", "Projet"),
    ("state", "État"),
    ("reglement", "Règlement"),
    ("requested", "Aide demandée (€)"),
    ("granted", "Aide accordée (€)"),
    ("final", "Aide définitive (€)"),
    ("paid", "Versé (€)"),
    ("submitted", "Déposé le"),
    ("decided", "Décidé le"),
]


def _export_row(d):
    return {
        "reference": d.reference,
        "commune": d.commune.nom,
        "code": d.commune.code,
        "edition": str(d.edition),
        "title": d.title,
        "state": d.get_state_display(),
        "reglement": d.reglement.code,
        "requested": d.requested_amount,
        "granted": d.granted_amount,
        "final": d.final_amount,
        "paid": d.paid_total,
        "submitted": d.submitted_at.date() if d.submitted_at else None,
        "decided": d.decided_on,
    }


def _creatable_communes(request):
    """The communes where the person holds a commune role and that have an active
    accompaniment (a dossier is prepared within one)."""
    access = get_access(request.user)
    if not access.has_role(*COMMUNE) or not access.works_for_a_commune:
        raise PermissionDenied("Seule une commune prépare un dossier.")
    return (
        own_communes(access)
        .filter(accompaniments__state__in=Accompaniment.ACTIVE_STATES)
        .distinct()
        .order_by("nom")
    )


def dossier_create(request):
    communes = _creatable_communes(request)
    actions = Action.objects.filter(
        accompaniment__commune__in=communes,
        accompaniment__state__in=Accompaniment.ACTIVE_STATES,
    ).select_related("accompaniment__commune")
    form = forms.DossierCreateForm(request.POST or None, communes=communes, actions=actions)
    if request.method == "POST" and form.is_valid():
        commune = form.cleaned_data["commune"]
        accompaniment = active_accompaniment(commune)
        try:
            dossier = services.dossier_create(
                commune=commune,
                edition=accompaniment.edition,
                title=form.cleaned_data["title"],
                action=form.cleaned_data["action"],
                actor=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Dossier {dossier.reference} créé.")
            return redirect("fimacs:dossier_edit", pk=dossier.pk)
    return render(
        request,
        "funding/dossier_create.html",
        {"form": form, "communes": communes},
        status=400 if form.errors else 200,
    )


def _actions_of(dossier):
    return Action.objects.filter(
        accompaniment__commune=dossier.commune, accompaniment__edition=dossier.edition
    )


def _rows_initial(dossier):
    rows = [
        {"category": e.category, "label": e.label, "ht": e.amount_ht, "ttc": e.amount_ttc}
        for e in dossier.expenses.all()
    ]
    return rows + [{}] * max(forms.EXPENSE_ROWS - len(rows), 0)


def _posted_rows(data):
    rows = []
    for index in range(forms.EXPENSE_ROWS):
        rows.append(
            {
                "category": data.get(f"category_{index}", ""),
                "label": data.get(f"label_{index}", ""),
                "ht": data.get(f"ht_{index}", ""),
                "ttc": data.get(f"ttc_{index}", ""),
            }
        )
    return rows


def dossier_edit(request, pk):
    dossier = dossier_as_commune(request, pk)
    if not dossier.is_editable:
        messages.error(request, "Ce dossier n’est plus modifiable dans son état actuel.")
        return redirect("fimacs:dossier", pk=dossier.pk)
    initial = {
        "title": dossier.title,
        "description": dossier.description,
        "action": dossier.action_id,
        "other_public_aid": dossier.other_public_aid,
        "other_public_aid_detail": dossier.other_public_aid_detail,
        "own_funds": dossier.own_funds,
        "starts_on": dossier.starts_on,
        "ends_on": dossier.ends_on,
        "schedule": dossier.schedule,
    }
    form = forms.DossierForm(request.POST or None, initial=initial, actions=_actions_of(dossier))
    rows = _posted_rows(request.POST) if request.method == "POST" else _rows_initial(dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(
                dossier=dossier,
                actor=request.user,
                expenses=forms.expense_rows(request.POST),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                f"Dossier {dossier.reference} enregistré ; l’aide attendue est recalculée.",
            )
            return redirect("fimacs:dossier", pk=dossier.pk)
    return render(
        request,
        "funding/dossier_edit.html",
        {
            "dossier": dossier,
            "form": form,
            "rows": rows,
            "categories": dossier.reglement.categories.all(),
            "preview": _preview(dossier, request.POST)
            if request.method == "POST"
            else {"result": services.dossier_compute(dossier)},
        },
        status=400 if form.errors else 200,
    )


def _preview(dossier, data):
    """Engine answer for the values being typed (nothing saved); errors as a message."""
    codes = set(dossier.reglement.categories.values_list("code", flat=True))
    expenses = []
    try:
        for category, _label, ht, _ttc in forms.expense_rows(data):
            if category in codes and ht:
                expenses.append((category, money(ht, "expenses")))
        other = money(data.get("other_public_aid") or "0", "other_public_aid")
    except ValidationError as exc:
        return {"error": " ".join(exc.messages)}
    result = services.compute_for(
        reglement=dossier.reglement,
        commune=dossier.commune,
        edition=dossier.edition,
        expenses=expenses,
        other_public_aid=other,
        exclude=dossier,
    )
    reglement = dossier.reglement
    rows = [
        {
            "label": reglement.category_label(code),
            "rate": result.rates.get(code),
            "amount": amount,
        }
        for code, amount in result.aid_by_category.items()
    ]
    return {"result": result, "rows": rows}


@require_POST
def dossier_preview(request, pk):
    """htmx partial: the expected aid for the form as currently filled."""
    dossier = dossier_as_commune(request, pk)
    return render(
        request,
        "funding/includes/preview.html",
        {"preview": _preview(dossier, request.POST), "dossier": dossier},
    )


def dossier_detail(request, pk):
    dossier = selectors.dossier_for_view(request.user, pk)
    access = get_access(request.user)
    is_instructor = access.has_role(*INSTRUCTION_ROLES)
    is_member = selectors.is_commune_member(request.user, dossier)
    available = []
    for t in DOSSIER.allowed(dossier, request.user):
        if t.group not in PANEL_URLS:
            continue  # fired from another page (committee, convention, payments) or by the platform
        url = reverse(PANEL_URLS[t.group], args=[dossier.pk, t.name])
        danger = t.name in ("withdraw", "refuse_ineligible")
        available.append({"transition": t, "url": url, "danger": danger})
    return render(
        request,
        "funding/dossier_detail.html",
        {
            "dossier": dossier,
            "expenses": dossier.expenses.all(),
            "granted_split": selectors.granted_split(dossier),
            "attachments": dossier.documents.select_related("document"),
            "missing": services.missing_for_submission(dossier) if dossier.is_editable else [],
            "opinions": dossier.opinions.select_related("organisation", "given_by")
            if access.is_metropole_staff
            else Opinion.objects.none(),
            "annotations": dossier.annotations.select_related("author")
            if access.is_metropole_staff
            else [],
            "dossier_messages": conversation_page(
                dossier.messages.select_related("author"), request.GET.get("messages")
            ),
            "payments": dossier.payments.all(),
            "convention": getattr(dossier, "convention", None),
            "entries": selectors.dossier_history(request.user, dossier),
            "audit_object_id": f"dossier-{dossier.pk}",
            "available": available,
            "is_member": is_member,
            "is_instructor": is_instructor,
            "is_finance": access.has_role(*FINANCE_ROLES),
            "attach_form": forms.AttachForm(documents=instruction.vault_candidates(dossier))
            if is_member and dossier.is_editable
            else None,
            "opinion_form": forms.OpinionRequestForm() if is_instructor else None,
            "queue": _queue_panel(dossier, request.user) if is_instructor else None,
            "external_opinions": dossier.external_opinions.all() if is_instructor else [],
            "external_form": forms.ExternalOpinionRequestForm(prefix="ext")
            if is_instructor and dossier.state in external.ASKABLE_STATES
            else None,
            "reason_form": forms.ReasonForm(),
            **letters_context(dossier),
        },
    )


def _queue_panel(dossier, user):
    """Who follows the dossier, and which queue moves the instructor may make."""
    followers = [f.user for f in dossier.followers.select_related("user")]
    archived = hasattr(dossier, "archive")
    handled = dossier.state in work_queues.HANDLED_STATES
    actions = []
    if dossier.state != Dossier.State.DRAFT:
        if user in followers:
            actions.append(("ne-plus-suivre", "Ne plus suivre"))
        else:
            actions.append(("suivre", "Suivre ce dossier"))
    if archived:
        actions.append(("desarchiver", "Désarchiver"))
    elif handled:
        actions.append(("archiver", "Archiver"))
    return {"followers": followers, "archived": archived, "actions": actions}


@require_POST
def dossier_attach(request, pk):
    dossier = dossier_as_commune(request, pk)
    form = forms.AttachForm(
        request.POST, request.FILES, documents=instruction.vault_candidates(dossier)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("fimacs:dossier", pk=dossier.pk)
    try:
        if form.cleaned_data["document"] is not None:
            instruction.document_attach(
                dossier=dossier,
                document=form.cleaned_data["document"],
                kind=form.cleaned_data["kind"],
                actor=request.user,
            )
        else:
            instruction.document_upload_attach(
                dossier=dossier,
                uploaded_file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            f"Pièce « {form.cleaned_data['title']} » jointe au dossier {dossier.reference}.",
        )
    return redirect("fimacs:dossier", pk=dossier.pk)


@require_POST
def dossier_detach(request, pk, attachment_pk):
    dossier = dossier_as_commune(request, pk)
    attachment = DossierDocument.objects.filter(dossier=dossier, pk=attachment_pk).first()
    if attachment is None:
        raise Http404("Pièce introuvable.")
    try:
        instruction.document_detach(attachment=attachment, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("fimacs:dossier", pk=dossier.pk)


# The audit code of each commune action, for the confirmation (cvv.audit.labels).
DONE = {
    "submit": "submit",
    "resubmit": "resubmit",
    "withdraw": "withdraw",
    "start": "works_started",
}

COMMUNE_ACTIONS = {
    "submit": services.dossier_submit,
    "resubmit": services.dossier_resubmit,
}


@require_POST
def dossier_commune_action(request, pk, name):
    dossier = dossier_as_commune(request, pk)
    reason = request.POST.get("reason", "")
    try:
        if name in COMMUNE_ACTIONS:
            COMMUNE_ACTIONS[name](dossier=dossier, actor=request.user)
        elif name == "withdraw":
            services.dossier_withdraw(dossier=dossier, actor=request.user, reason=reason)
        elif name == "start":
            form = forms.DateForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"date": "Indiquez la date de commencement."})
            services.dossier_declare_start(
                dossier=dossier, started_on=form.cleaned_data["date"], actor=request.user
            )
        else:
            raise Http404("Action inconnue.")
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, done_message(f"funding.dossier.{DONE[name]}", dossier.reference))
    return redirect("fimacs:dossier", pk=dossier.pk)
