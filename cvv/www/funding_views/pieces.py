"""The pieces of a dossier and of a payment request, each in its slot: the commune fills
them, the instructors (dossier) and the finance officers (payment) mark them « acceptée » or
« à remplacer »."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cvv.documents import slots as mechanism
from cvv.documents.models import PieceStatus
from cvv.funding.models import DossierDocument, PaymentDocument, PaymentRequest
from cvv.funding.pieces import DOSSIER_SLOTS, payment_slots
from cvv.funding.services import pieces as services
from cvv.www.documents_views import slots as web
from cvv.www.funding_views.common import (
    FINANCE,
    INSTRUCTORS,
    dossier_as,
    dossier_as_commune,
    flash_errors,
)


def _slot(slots, key):
    if key not in slots:
        raise Http404("Pièce inconnue.")
    return slots.get(key)


def dossier_panel(dossier, *, is_member, is_instructor):
    """The dossier's slots as its reader may use them."""

    def opens(to_replace):
        return mechanism.may_fill(
            state=dossier.state,
            open_states=services.ATTACHABLE_STATES,
            review_states=services.REVIEW_STATES,
            to_replace=to_replace,
        )

    def can_fill(slot, row):
        return is_member and opens(row["state"] == "to_replace")

    def remove_url(piece):
        if is_member and opens(piece.is_to_replace):
            return reverse("fimacs:dossier_detach", args=[dossier.pk, piece.pk])
        return ""

    return web.panel(
        slots=DOSSIER_SLOTS,
        pieces=dossier.documents,
        commune=dossier.commune,
        can_fill=can_fill,
        can_review=is_instructor and dossier.state in services.REVIEW_STATES,
        fill_url=lambda slot: reverse("fimacs:dossier_attach", args=[dossier.pk, slot.key]),
        remove_url=remove_url,
        review_url=lambda piece: reverse("fimacs:piece_review", args=[dossier.pk, piece.pk]),
    )


def _placed(request, piece, slot, of_what):
    if piece is not None:
        messages.success(
            request, f"« {piece.document.title} » déposé : {slot.label.lower()} {of_what}."
        )


@require_POST
def dossier_attach(request, pk, slot):
    dossier = dossier_as_commune(request, pk)
    slot = _slot(DOSSIER_SLOTS, slot)
    piece = web.fill(
        request,
        slot=slot,
        commune=dossier.commune,
        pieces=dossier.documents,
        attach=lambda document: services.document_attach(
            dossier=dossier, document=document, kind=slot.key, actor=request.user
        ),
        upload=lambda uploaded_file, title: services.document_upload_attach(
            dossier=dossier,
            uploaded_file=uploaded_file,
            kind=slot.key,
            title=title,
            actor=request.user,
        ),
    )
    _placed(request, piece, slot, f"du dossier {dossier.reference}")
    return redirect(reverse("fimacs:dossier", args=[dossier.pk]) + "#pieces-titre")


@require_POST
def dossier_detach(request, pk, attachment_pk):
    dossier = dossier_as_commune(request, pk)
    attachment = DossierDocument.objects.filter(dossier=dossier, pk=attachment_pk).first()
    if attachment is None:
        raise Http404("Pièce introuvable.")
    try:
        services.document_detach(attachment=attachment, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            f"« {attachment.document.title} » retiré du dossier {dossier.reference} "
            "(il reste dans le coffre-fort).",
        )
    return redirect(reverse("fimacs:dossier", args=[dossier.pk]) + "#pieces-titre")


def _reviewed(request, piece, slot, of_what):
    if piece is not None:
        verdict = "acceptée" if piece.status == PieceStatus.ACCEPTED else "à remplacer"
        messages.success(request, f"Pièce « {slot.label} » {of_what} : {verdict}.")


@require_POST
def piece_review(request, pk, piece_pk):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    piece = get_object_or_404(DossierDocument, dossier=dossier, pk=piece_pk)
    slot = _slot(DOSSIER_SLOTS, piece.kind)
    reviewed = web.review(
        request,
        piece=piece,
        change=lambda status, reason: services.piece_review(
            piece=piece, status=status, reason=reason, actor=request.user
        ),
    )
    _reviewed(request, reviewed, slot, f"du dossier {dossier.reference}")
    return redirect(reverse("fimacs:dossier", args=[dossier.pk]) + "#pieces-titre")


# Payment requests


def payment_panel(payment, *, is_member, is_finance):
    submitted = payment.state == PaymentRequest.State.SUBMITTED
    dossier = payment.dossier

    def remove_url(piece):
        if is_member and submitted:
            return reverse("fimacs:payment_piece_remove", args=[dossier.pk, payment.pk, piece.pk])
        return ""

    return web.panel(
        slots=payment_slots(payment),
        pieces=payment.pieces,
        commune=dossier.commune,
        can_fill=lambda slot, row: is_member and submitted,
        can_review=is_finance and submitted,
        fill_url=lambda slot: reverse(
            "fimacs:payment_piece", args=[dossier.pk, payment.pk, slot.key]
        ),
        remove_url=remove_url,
        review_url=lambda piece: reverse(
            "fimacs:payment_piece_review", args=[dossier.pk, payment.pk, piece.pk]
        ),
    )


def _back_to_payment(dossier, payment):
    return redirect(reverse("fimacs:payment", args=[dossier.pk, payment.pk]) + "#justificatifs")


@require_POST
def payment_piece(request, pk, payment_pk, slot):
    dossier = dossier_as_commune(request, pk)
    payment = get_object_or_404(PaymentRequest, dossier=dossier, pk=payment_pk)
    slot = _slot(payment_slots(payment), slot)
    piece = web.fill(
        request,
        slot=slot,
        commune=dossier.commune,
        pieces=payment.pieces,
        attach=lambda document: services.payment_document_attach(
            payment=payment, document=document, kind=slot.key, actor=request.user
        ),
        upload=lambda uploaded_file, title: services.payment_document_upload(
            payment=payment,
            uploaded_file=uploaded_file,
            kind=slot.key,
            title=title,
            actor=request.user,
        ),
    )
    _placed(request, piece, slot, f"de la demande de versement du dossier {dossier.reference}")
    return _back_to_payment(dossier, payment)


@require_POST
def payment_piece_remove(request, pk, payment_pk, piece_pk):
    dossier = dossier_as_commune(request, pk)
    piece = get_object_or_404(
        PaymentDocument, payment__dossier=dossier, payment_id=payment_pk, pk=piece_pk
    )
    try:
        services.payment_document_remove(piece=piece, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            f"« {piece.document.title} » retiré de la demande de versement du dossier "
            f"{dossier.reference}.",
        )
    return _back_to_payment(dossier, piece.payment)


@require_POST
def payment_piece_review(request, pk, payment_pk, piece_pk):
    dossier = dossier_as(request, pk, FINANCE)
    piece = get_object_or_404(
        PaymentDocument, payment__dossier=dossier, payment_id=payment_pk, pk=piece_pk
    )
    slot = _slot(payment_slots(piece.payment), piece.kind)
    reviewed = web.review(
        request,
        piece=piece,
        change=lambda status, reason: services.payment_piece_review(
            piece=piece, status=status, reason=reason, actor=request.user
        ),
    )
    _reviewed(request, reviewed, slot, f"de la demande de versement du dossier {dossier.reference}")
    return _back_to_payment(dossier, piece.payment)
