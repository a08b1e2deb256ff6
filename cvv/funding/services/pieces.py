"""The pieces of a dossier and of a payment request, each in its slot (`cvv.funding.pieces`,
mechanism in `cvv.documents.slots`).

The commune fills the dossier's slots while it prepares it (draft) or completes it
(completion requested); during the instruction, it may replace a piece an instructor marked
« à remplacer ». Instructors mark each piece « acceptée » or « à remplacer » with a reason;
the commune is notified. A payment request's proofs are filled while the request waits for
its validation and are reviewed by the finance officers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.documents import slots
from cvv.funding.models import Dossier, DossierDocument, PaymentDocument, PaymentRequest
from cvv.funding.notifications import notify_commune, notify_instructors
from cvv.funding.pieces import DOSSIER_SLOTS, payment_slots
from cvv.organisations.access import get_access
from cvv.organisations.enums import FINANCE_ROLES, INSTRUCTION_ROLES

S = Dossier.State
ATTACHABLE_STATES = (S.DRAFT, S.COMPLETION_REQUESTED)
REVIEW_STATES = (
    S.SUBMITTED,
    S.COMPLETION_REQUESTED,
    S.RESUBMITTED,
    S.UNDER_INSTRUCTION,
    S.READY_FOR_COMMITTEE,
)


def _lock(dossier):
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _check_fillable(dossier, slot):
    slots.check_fillable(
        state=dossier.state,
        open_states=ATTACHABLE_STATES,
        review_states=REVIEW_STATES,
        pieces=dossier.documents,
        slot=slot,
    )


def _after_fill(dossier, piece, slot):
    # A piece replaced during the instruction: the instructors hear of it.
    if piece.replaced_to_replace and dossier.state not in ATTACHABLE_STATES:
        notify_instructors(dossier, "piece_replaced", slot.label)
    return piece


@transaction.atomic
def document_attach(*, dossier, document, kind, actor) -> DossierDocument:
    """Place a document of the commune's vault in the dossier's slot `kind`."""
    dossier = _lock(dossier)
    slot = DOSSIER_SLOTS.get(kind)
    _check_fillable(dossier, slot)
    piece = slots.piece_place(
        owner=dossier,
        pieces=dossier.documents,
        slot=slot,
        document=document,
        commune=dossier.commune,
        actor=actor,
    )
    return _after_fill(dossier, piece, slot)


@transaction.atomic
def document_upload_attach(*, dossier, uploaded_file, kind, title, actor) -> DossierDocument:
    """Store a new file in the commune's vault (with the slot's kind), then place it."""
    dossier = _lock(dossier)
    slot = DOSSIER_SLOTS.get(kind)
    _check_fillable(dossier, slot)
    piece = slots.piece_upload(
        owner=dossier,
        pieces=dossier.documents,
        slot=slot,
        uploaded_file=uploaded_file,
        title=title,
        commune=dossier.commune,
        actor=actor,
    )
    return _after_fill(dossier, piece, slot)


@transaction.atomic
def document_detach(*, attachment, actor):
    dossier = _lock(attachment.dossier)
    slots.check_fillable(
        state=dossier.state,
        open_states=ATTACHABLE_STATES,
        review_states=REVIEW_STATES,
        piece=attachment,
    )
    slots.piece_remove(owner=dossier, piece=attachment, actor=actor)


@transaction.atomic
def piece_review(*, piece, status, reason, actor) -> DossierDocument:
    """An instructor marks a dossier's piece « acceptée » or « à remplacer »."""
    access = get_access(actor)
    if not access.has_role(*INSTRUCTION_ROLES) or not access.sees_commune(piece.dossier.commune):
        raise PermissionDenied("Seuls les instructeurs examinent les pièces.")
    dossier = _lock(piece.dossier)
    if dossier.state not in REVIEW_STATES:
        raise ValidationError("Les pièces s’examinent entre le dépôt et le comité.")
    slot = DOSSIER_SLOTS.get(piece.kind)
    piece = slots.piece_review(
        owner=dossier, piece=piece, slot=slot, status=status, reason=reason, actor=actor
    )
    if piece.is_to_replace:
        notify_commune(dossier, "piece_to_replace", f"{slot.label} : {piece.review_reason}")
    return piece


def missing_pieces(dossier) -> list[str]:
    return slots.missing(DOSSIER_SLOTS, dossier.documents)


# Payment requests


def _lock_payment(payment):
    payment = PaymentRequest.objects.select_for_update().get(pk=payment.pk)
    if payment.state != PaymentRequest.State.SUBMITTED:
        raise ValidationError("Cette demande a déjà été traitée : ses justificatifs sont figés.")
    return payment


@transaction.atomic
def payment_document_attach(*, payment, document, kind, actor) -> PaymentDocument:
    payment = _lock_payment(payment)
    return slots.piece_place(
        owner=payment.dossier,
        pieces=payment.pieces,
        slot=payment_slots(payment).get(kind),
        document=document,
        commune=payment.dossier.commune,
        actor=actor,
    )


@transaction.atomic
def payment_document_upload(*, payment, uploaded_file, kind, title, actor) -> PaymentDocument:
    payment = _lock_payment(payment)
    return slots.piece_upload(
        owner=payment.dossier,
        pieces=payment.pieces,
        slot=payment_slots(payment).get(kind),
        uploaded_file=uploaded_file,
        title=title,
        commune=payment.dossier.commune,
        actor=actor,
    )


@transaction.atomic
def payment_document_remove(*, piece, actor):
    payment = _lock_payment(piece.payment)
    slots.piece_remove(owner=payment.dossier, piece=piece, actor=actor)


@transaction.atomic
def payment_piece_review(*, piece, status, reason, actor) -> PaymentDocument:
    """A finance officer marks a proof « acceptée » or « à remplacer »."""
    if not get_access(actor).has_role(*FINANCE_ROLES):
        raise PermissionDenied("Seuls les agents des finances examinent les justificatifs.")
    payment = _lock_payment(piece.payment)
    slot = payment_slots(payment).get(piece.kind)
    piece = slots.piece_review(
        owner=payment.dossier, piece=piece, slot=slot, status=status, reason=reason, actor=actor
    )
    if piece.is_to_replace:
        notify_commune(
            payment.dossier, "payment_piece_to_replace", f"{slot.label} : {piece.review_reason}"
        )
    return piece


def payment_missing_pieces(payment) -> list[str]:
    return slots.missing(payment_slots(payment), payment.pieces)
