"""Payment requests (commune) and their validation (finance officers); budget envelopes."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.formatting import money
from cvv.core.forms import attach_errors
from cvv.funding import selectors
from cvv.funding.models import Envelope, PaymentRequest
from cvv.funding.pieces import payment_slots
from cvv.funding.services import payments
from cvv.funding.services.budget import envelope_set
from cvv.organisations.access import get_access, role_required, staff_required
from cvv.programme.selectors import current_edition
from cvv.www.funding_views import forms, pieces
from cvv.www.funding_views.common import (
    FINANCE,
    dossier_as,
    dossier_as_commune,
    flash_errors,
)


def payment_request(request, pk):
    dossier = dossier_as_commune(request, pk)
    form = forms.PaymentRequestForm(
        request.POST or None, categories=list(dossier.granted_by_category)
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment = payments.payment_request_create(
                dossier=dossier,
                kind=form.cleaned_data["kind"],
                justified=form.justified(),
                actor=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                f"Demande de versement du dossier {dossier.reference} transmise"
                + (" : déposez ses justificatifs." if payment_slots(payment).required else "."),
            )
            return redirect("fimacs:payment", pk=dossier.pk, payment_pk=payment.pk)
    return render(
        request,
        "funding/payment_request.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(*FINANCE)
def payment_list(request):
    pending = PaymentRequest.objects.filter(state=PaymentRequest.State.SUBMITTED)
    recent = PaymentRequest.objects.exclude(state=PaymentRequest.State.SUBMITTED)
    return render(
        request,
        "funding/payment_list.html",
        {
            "pending": pending.select_related("dossier__commune").order_by("requested_at"),
            "recent": recent.select_related("dossier__commune").order_by("-decided_at")[:50],
        },
    )


def payment_detail(request, pk, payment_pk):
    """A payment request: its amounts, its proofs in their slots, and for the finance
    officers the validation, confirmed on the amounts it will pay."""
    dossier = selectors.dossier_for_view(request.user, pk)
    payment = get_object_or_404(PaymentRequest, dossier=dossier, pk=payment_pk)
    access = get_access(request.user)
    is_finance = access.has_role(*FINANCE)
    submitted = payment.state == PaymentRequest.State.SUBMITTED
    # What validating would pay, while the dossier is in its payment phase.
    decidable = submitted and dossier.state in payments.PAYABLE_STATES
    return render(
        request,
        "funding/payment_detail.html",
        {
            "dossier": dossier,
            "payment": payment,
            "slot_rows": pieces.payment_panel(
                payment,
                is_member=selectors.is_commune_member(request.user, dossier),
                is_finance=is_finance,
            ),
            "justified": [
                (dossier.reglement.category_label(code), Decimal(amount))
                for code, amount in payment.justified.items()
            ],
            "missing": payments.payment_missing_pieces(payment) if submitted else [],
            "preview": payments.payment_preview(payment) if decidable else None,
            "can_decide": is_finance and decidable,
            "confirm_form": forms.PaymentConfirmForm() if is_finance and decidable else None,
        },
    )


@require_POST
def payment_decide(request, pk, payment_pk):
    dossier = dossier_as(request, pk, FINANCE)
    payment = get_object_or_404(PaymentRequest, dossier=dossier, pk=payment_pk)
    decision = request.POST.get("decision")
    try:
        if decision == "validate":
            if not forms.PaymentConfirmForm(request.POST).is_valid():
                raise ValidationError(
                    "Confirmez la mise en paiement après avoir vérifié les montants."
                )
            payments.payment_validate(payment=payment, actor=request.user)
            payment.refresh_from_db()
            messages.success(
                request,
                f"Versement de {money(payment.payable)} du dossier {dossier.reference} validé.",
            )
        elif decision == "reject":
            payments.payment_reject(
                payment=payment, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(
                request, f"Demande de versement du dossier {dossier.reference} rejetée."
            )
        else:
            raise ValidationError({"decision": "Choisissez valider ou rejeter."})
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("fimacs:payment", pk=dossier.pk, payment_pk=payment.pk)
    return redirect("fimacs:dossier", pk=dossier.pk)


@staff_required
def budget(request):
    edition = current_edition()
    envelopes = Envelope.objects.select_related("edition").prefetch_related("overrides__actor")
    form = forms.EnvelopeForm(request.POST or None)
    if request.method == "POST":
        if not get_access(request.user).is_admin:
            raise PermissionDenied("Seul un administrateur fixe les enveloppes.")
        if edition is None:
            form.add_error(None, "Aucune édition en cours : l’enveloppe se rattache à une édition.")
        elif form.is_valid():
            try:
                envelope_set(edition=edition, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"Enveloppe de l’édition « {edition} » enregistrée.")
                return redirect("fimacs:budget")
    return render(
        request,
        "funding/budget.html",
        {
            "envelopes": envelopes,
            "edition": edition,
            "form": form,
            "is_admin": get_access(request.user).is_admin,
        },
        status=400 if form.errors else 200,
    )
