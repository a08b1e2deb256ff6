"""Pages of the rent collection: franchises and steps, revision and renewal caps (on the
lease page), call notices, receipts and reminder letters as PDF, arrears by age, bank
statement import with the officer's confirmation, charges statement, deposit return."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.downloads import file_response
from cvv.fonciere import (
    bank_import,
    collection,
    collection_selectors,
    deadlines,
    letters,
    pdf_documents,
    selectors,
)
from cvv.fonciere.collection import REMINDER_LEVELS
from cvv.fonciere.indexation import ARTICLE_INDEXATION
from cvv.fonciere.models import BankLine, RentReminder
from cvv.fonciere.rent_schedule import ARTICLE as ARTICLE_SCHEDULE
from cvv.fonciere.revision import ARTICLE_RENEWAL, ARTICLE_REVISION
from cvv.fonciere.selectors import READERS
from cvv.fonciere.workflows import MANAGERS
from cvv.letters.services import template_bytes
from cvv.organisations.access import role_required
from cvv.www.errors import service_errors
from cvv.www.fonciere_views.collection_forms import (
    AdjustmentForm,
    BankStatementForm,
    ChargesStatementForm,
    DepositReturnForm,
    LineAssignForm,
    ReminderForm,
    RevisionForm,
)

readers_only = role_required(*READERS)
managers_only = role_required(*MANAGERS)
PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"


def lease_extras(request, lease):
    """The collection's part of the lease page (cvv/templates/fonciere/lease_collection.html)."""
    revision_form = RevisionForm(request.GET or None)
    rental_value, material = None, False
    if revision_form.is_bound and revision_form.is_valid():
        rental_value = revision_form.cleaned_data["rental_value"]
        material = revision_form.cleaned_data["material_change"]
    documents = [
        (call, pdf_documents.receipt_available(call), call.reminders.all())
        for call in lease.calls.order_by("period_start", "pk").prefetch_related("reminders")
    ]
    manager = selectors.is_manager(request.user)
    return {
        "adjustments": lease.adjustments.all(),
        "adjustment_form": AdjustmentForm(prefix="franchise") if manager else None,
        "revision_form": revision_form,
        "revisions": collection_selectors.revision_caps(
            lease, rental_value=rental_value, material_change=material
        ),
        "documents": documents,
        "reminder_levels": REMINDER_LEVELS,
        "credits": lease.credits.all(),
        "charges_statements": lease.charges_statements.select_related("regularisation_call"),
        "charges_form": ChargesStatementForm(prefix="charges", initial={"sent_on": dt.date.today()})
        if manager else None,
        "deposit_return": getattr(lease, "deposit_return", None),
        "deposit_form": DepositReturnForm(prefix="depot", initial={"on": dt.date.today()})
        if manager else None,
        "collection_articles": {
            "schedule": ARTICLE_SCHEDULE, "revision": ARTICLE_REVISION,
            "renewal": ARTICLE_RENEWAL, "charges": deadlines.ARTICLES["charges_statement"],
            "indexation": ARTICLE_INDEXATION,
            "deposit": "art. L145-40 du code de commerce",
        },
        "deposit_terms": _deposit_terms(lease),
    }  # fmt: skip


def _deposit_terms(lease):
    """The deposit in terms of rent (above two terms it bears interest, L145-40)."""
    months = 1 if lease.frequency == "mensuel" else 3
    term = lease.rent * months / 12
    return (lease.deposit / term).quantize(Decimal("0.1")) if term else None


def _form_page(request, form, title, status=400):
    return render(request, "fonciere/form.html", {"form": form, "title": title}, status=status)


@require_POST
@managers_only
def lease_adjustment(request, pk):
    lease = selectors.lease_for_view(request.user, pk)
    form = AdjustmentForm(request.POST, prefix="franchise")
    if form.is_valid():
        with service_errors(request, form=form):
            adjustment = collection.adjustment_add(actor=request.user, lease=lease,
                                                   **form.cleaned_data)  # fmt: skip
            messages.success(request, f"Bail n° {lease.reference} : {adjustment} enregistré.")
            return redirect("fonciere:lease", pk=pk)
    return _form_page(request, form, f"Franchise ou palier — bail n° {lease.reference}")


@require_POST
@managers_only
def lease_charges(request, pk):
    lease = selectors.lease_for_view(request.user, pk)
    form = ChargesStatementForm(request.POST, prefix="charges")
    if form.is_valid():
        with service_errors(request, form=form):
            statement = collection.charges_statement_record(
                actor=request.user, lease=lease, **form.cleaned_data
            )
            messages.success(
                request, f"Bail n° {lease.reference} : décompte de charges {statement.year} "
                "enregistré.",
            )  # fmt: skip
            return redirect("fonciere:lease", pk=pk)
    return _form_page(request, form, f"Décompte annuel de charges — bail n° {lease.reference}")


@require_POST
@managers_only
def lease_deposit(request, pk):
    lease = selectors.lease_for_view(request.user, pk)
    form = DepositReturnForm(request.POST, prefix="depot")
    if form.is_valid():
        with service_errors(request, form=form, field="on"):
            record = collection.deposit_return(actor=request.user, lease=lease,
                                               on=form.cleaned_data["on"])  # fmt: skip
            messages.success(
                request, f"Bail n° {lease.reference} : dépôt de garantie restitué "
                f"({record.returned} € au preneur).",
            )  # fmt: skip
            return redirect("fonciere:lease", pk=pk)
    return _form_page(request, form, f"Restitution du dépôt — bail n° {lease.reference}")


@readers_only
def call_notice(request, pk):
    call = collection_selectors.call_for_view(request.user, pk)
    return file_response(pdf_documents.call_pdf(call), private=True, content_type=PDF,
                         filename=f"avis-{bank_import.call_reference(call)}.pdf")  # fmt: skip


@readers_only
def call_notice_odt(request, pk):
    """The rent call as ODT, from the template in force (editable by the legal team)."""
    call = collection_selectors.call_for_view(request.user, pk)
    template, _version = template_bytes(letters.RENT_CALL.code)
    return file_response(letters.rent_call_odt(call, template), private=True, content_type=ODT,
                         filename=f"avis-{bank_import.call_reference(call)}.odt")  # fmt: skip


@readers_only
def call_receipt(request, pk):
    call = collection_selectors.call_for_view(request.user, pk)
    if not pdf_documents.receipt_available(call):
        raise Http404("Quittance disponible pour un appel soldé seulement.")
    return file_response(pdf_documents.receipt_pdf(call), private=True, content_type=PDF,
                         filename=f"quittance-{bank_import.call_reference(call)}.pdf")  # fmt: skip


@require_POST
@managers_only
def call_reminder(request, pk):
    call = collection_selectors.call_for_view(request.user, pk)
    form = ReminderForm(request.POST)
    if form.is_valid():
        with service_errors(request, form=form, field="on"):
            reminder = collection.reminder_send(actor=request.user, rent_call=call,
                                                on=form.cleaned_data["on"])  # fmt: skip
            messages.success(
                request, f"Bail n° {call.lease.reference} : "
                f"{REMINDER_LEVELS[reminder.level].lower()} de l’appel du "
                f"{call.period_start:%d/%m/%Y} enregistrée.",
            )  # fmt: skip
            if request.POST.get("next") == "impayes":
                return redirect("fonciere:arrears")
            return redirect("fonciere:lease", pk=call.lease_id)
    return _form_page(request, form, f"Relance — bail n° {call.lease.reference}")


@readers_only
def reminder_letter(request, pk):
    reminder = get_object_or_404(
        RentReminder.objects.filter(
            rent_call__lease__in=selectors.leases_visible_to(request.user)
        ).select_related("rent_call__lease__premises", "rent_call__lease__commune"),
        pk=pk,
    )
    name = f"relance-{reminder.level}-{bank_import.call_reference(reminder.rent_call)}.pdf"
    return file_response(pdf_documents.reminder_pdf(reminder), private=True, content_type=PDF,
                         filename=name)  # fmt: skip


@readers_only
def arrears(request):
    return render(request, "fonciere/arrears.html", {
        **collection_selectors.ageing(request.user),
        "is_manager": selectors.is_manager(request.user),
        "reminder_levels": REMINDER_LEVELS, "today": dt.date.today(),
    })  # fmt: skip


@managers_only
def bank_statements(request):
    form = BankStatementForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > bank_import.MAX_BYTES:
            form.add_error("file", "Relevé bancaire : fichier refusé, il dépasse 2 Mo.")
        else:
            with service_errors(request, form=form, field="file"):
                statement = bank_import.import_statement(
                    actor=request.user, data=upload.read(), filename=upload.name
                )
                messages.success(request, f"Relevé n° {statement.pk} importé : vérifiez les "
                                          "rapprochements proposés.")  # fmt: skip
                return redirect("fonciere:bank_statement", pk=statement.pk)
    return render(request, "fonciere/bank_statements.html", {
        "form": form, "statements": collection_selectors.statements_visible_to(request.user),
    }, status=400 if form.errors else 200)  # fmt: skip


@managers_only
def bank_statement(request, pk):
    statement = get_object_or_404(collection_selectors.statements_visible_to(request.user), pk=pk)
    error = ""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("lines") if v.isdigit()]
        action = request.POST.get("action")
        if not ids or action not in ("confirm", "dismiss"):
            error = "Cochez au moins une ligne, puis confirmez ou écartez."
        else:
            with service_errors(request):
                if action == "confirm":
                    count = bank_import.confirm(actor=request.user, statement=statement,
                                                line_ids=ids)  # fmt: skip
                    messages.success(request, f"Relevé n° {statement.pk} : {count} paiement(s) "
                                              "enregistré(s).")  # fmt: skip
                else:
                    count = bank_import.dismiss(actor=request.user, statement=statement,
                                                line_ids=ids)  # fmt: skip
                    messages.success(request, f"Relevé n° {statement.pk} : {count} ligne(s) "
                                              "écartée(s).")  # fmt: skip
                return redirect("fonciere:bank_statement", pk=pk)
    lines = statement.lines.select_related("proposed_call__lease", "payment", "credit")
    return render(request, "fonciere/bank_statement.html", {
        "statement": statement, "lines": lines, "error": error,
    }, status=400 if error else 200)  # fmt: skip


@managers_only
def bank_line_assign(request, pk):
    """Assign by hand a statement line left without a call (or correct a proposal)."""
    line = get_object_or_404(
        BankLine.objects.filter(statement__in=collection_selectors.statements_visible_to(
            request.user)).select_related("statement", "proposed_call"),
        pk=pk,
    )  # fmt: skip
    calls = bank_import.open_calls()
    form = LineAssignForm(request.POST if request.method == "POST" else None, calls=calls)
    if request.method == "POST" and form.is_valid():
        call = {c.pk: c for c, _due in calls}.get(form.cleaned_data["rent_call"])
        with service_errors(request, form=form):
            bank_import.assign(actor=request.user, line=line, rent_call=call)
            messages.success(request, f"Ligne {line.line_no} rapprochée de l’appel "
                                      f"{call.reference} : confirmez-la pour enregistrer "
                                      "le paiement.")  # fmt: skip
            return redirect("fonciere:bank_statement", pk=line.statement_id)
    status = 400 if form.errors else 200
    return render(request, "fonciere/bank_line_assign.html", {
        "line": line, "form": form, "open": line.state in ("sans_appel", "proposee"),
    }, status=status)  # fmt: skip
