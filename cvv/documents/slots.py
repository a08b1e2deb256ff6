"""Documents bound to what they prove: the slots of an owning object.

A module declares the pieces an object needs as `Slot`s (a key, a French label, the vault
kinds that may fill it, whether it is required and whether it holds several documents) and a
table of pieces built on `cvv.documents.models.SlotPiece` with the key to its owner. These
functions are the one mechanism every module uses: fill a slot from the vault or with a new
upload (a document of another kind cannot fill it), take a piece out, review a piece
(« acceptée » or « à remplacer » with a reason the commune sees), and read the board and what
is missing. The module keeps its own rules around them (states, who may review, row locks,
notifications): these functions write the piece and its audit entry on the owner.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.documents.models import Document, DocumentKind, PieceStatus


@dataclass(frozen=True)
class Slot:
    key: str
    label: str
    kinds: tuple[str, ...]
    required: bool = True
    many: bool = False
    help: str = ""

    def accepts(self, document) -> bool:
        return document.kind in self.kinds

    @property
    def kinds_label(self) -> str:
        labels = dict(DocumentKind.choices)
        return ", ".join(f"« {labels[kind]} »" for kind in self.kinds)


class Slots:
    """The ordered slots of one kind of owner."""

    def __init__(self, *slots: Slot):
        self._slots = {slot.key: slot for slot in slots}

    def __iter__(self):
        return iter(self._slots.values())

    def __contains__(self, key):
        return key in self._slots

    def get(self, key) -> Slot:
        if key not in self._slots:
            raise ValidationError({"kind": "Pièce inconnue."})
        return self._slots[key]

    def label(self, key) -> str:
        slot = self._slots.get(key)
        return slot.label if slot else "Autre pièce"

    @property
    def required(self):
        return [slot for slot in self if slot.required]


def may_fill(*, state, open_states, review_states, to_replace) -> bool:
    """The owner's slots open while it is prepared (`open_states`); while it is examined
    (`review_states`) only a slot holding a piece « à remplacer » opens again."""
    return state in open_states or (state in review_states and to_replace)


def check_fillable(*, state, open_states, review_states, pieces=None, slot=None, piece=None):
    """Refuse a change of a slot (`pieces`, `slot`) or of one `piece` when it is closed."""
    if piece is not None:
        to_replace = piece.is_to_replace
    else:
        to_replace = pieces.filter(kind=slot.key, status=PieceStatus.TO_REPLACE).exists()
    if not may_fill(
        state=state, open_states=open_states, review_states=review_states, to_replace=to_replace
    ):
        raise ValidationError(
            "Les pièces ne se modifient qu’en brouillon, sur demande de compléments ou quand "
            "l’instructeur en demande le remplacement."
        )


def vault_choices(*, commune, slot, pieces=None):
    """Current documents of the commune's vault that may fill the slot (its kinds only),
    without those already placed on the owner."""
    documents = Document.objects.current().filter(commune=commune, kind__in=slot.kinds)
    if pieces is not None:
        documents = documents.exclude(pk__in=pieces.values_list("document_id", flat=True))
    return documents.order_by("-uploaded_at", "-pk")


@transaction.atomic
def piece_place(*, owner, pieces, slot, document, commune, actor):
    """Put a vault document in the slot. A single slot keeps one document: the new one takes
    the place of the previous; a slot of several documents drops only the pieces « à
    remplacer ». The caller has locked the owner and checked its state."""
    if document.commune_id != commune.pk:
        raise ValidationError(
            {"document": "Ce document n’est pas dans le coffre-fort de la commune."}
        )
    if not document.is_current:
        raise ValidationError({"document": "Joignez la version en vigueur du document."})
    if not slot.accepts(document):
        raise ValidationError(
            {
                "document": f"« {document.title} » est un document de nature "
                f"« {document.get_kind_display()} » : il ne peut pas remplir la pièce "
                f"« {slot.label} » (nature attendue : {slot.kinds_label})."
            }
        )
    if pieces.filter(document=document).exists():
        raise ValidationError({"document": "Ce document est déjà joint."})
    in_slot = pieces.filter(kind=slot.key)
    if slot.many:
        in_slot = in_slot.filter(status=PieceStatus.TO_REPLACE)
    replaced = [(p.document_id, p.status) for p in in_slot]
    in_slot.delete()
    piece = pieces.create(document=document, kind=slot.key, attached_by=actor)
    log_action(
        "documents.piece.placed",
        actor=actor,
        obj=owner,
        data={
            "slot": slot.key,
            "document": document.pk,
            "replaced": [document_id for document_id, _ in replaced],
        },
    )
    piece.replaced_to_replace = any(s == PieceStatus.TO_REPLACE for _, s in replaced)
    return piece


@transaction.atomic
def piece_upload(*, owner, pieces, slot, uploaded_file, title, commune, actor):
    """Store a new file in the commune's vault with the slot's kind, then place it."""
    from cvv.documents.services import document_upload

    document = document_upload(
        commune=commune,
        uploaded_file=uploaded_file,
        kind=slot.kinds[0],
        title=title or slot.label,
        actor=actor,
    )
    return piece_place(
        owner=owner, pieces=pieces, slot=slot, document=document, commune=commune, actor=actor
    )


@transaction.atomic
def piece_remove(*, owner, piece, actor):
    """Take a piece out of its slot (the document stays in the vault)."""
    log_action(
        "documents.piece.removed",
        actor=actor,
        obj=owner,
        data={"slot": piece.kind, "document": piece.document_id},
    )
    piece.delete()


@transaction.atomic
def piece_review(*, owner, piece, slot, status, reason, actor):
    """Mark a piece « acceptée » or « à remplacer » (a reason is then required: the commune
    reads it)."""
    piece = type(piece).objects.select_for_update().get(pk=piece.pk)
    if status not in (PieceStatus.ACCEPTED, PieceStatus.TO_REPLACE):
        raise ValidationError({"status": "Choisissez « acceptée » ou « à remplacer »."})
    reason = (reason or "").strip()
    if status == PieceStatus.TO_REPLACE and not reason:
        raise ValidationError(
            {"reason": f"Dites à la commune pourquoi la pièce « {slot.label} » est à remplacer."}
        )
    piece.status, piece.review_reason = status, reason
    piece.reviewed_by, piece.reviewed_at = actor, timezone.now()
    piece.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
    log_action(
        "documents.piece.accepted"
        if status == PieceStatus.ACCEPTED
        else "documents.piece.to_replace",
        actor=actor,
        obj=owner,
        data={"slot": slot.key, "document": piece.document_id, "reason": reason},
    )
    return piece


def board(slots: Slots, pieces) -> list[dict]:
    """One row per slot: its pieces (with their document) and its state."""
    by_slot = {}
    for piece in pieces.select_related("document", "reviewed_by"):
        by_slot.setdefault(piece.kind, []).append(piece)
    rows = []
    for slot in slots:
        placed = by_slot.get(slot.key, [])
        rows.append({"slot": slot, "pieces": placed, "state": _state(slot, placed)})
    return rows


STATE_LABELS = {
    "missing": "À fournir",
    "optional": "Facultative",
    "pending": "À examiner",
    "accepted": "Acceptée",
    "to_replace": "À remplacer",
}


def _state(slot, placed):
    if not placed:
        return "missing" if slot.required else "optional"
    statuses = {piece.status for piece in placed}
    if PieceStatus.TO_REPLACE in statuses:
        return "to_replace"
    if statuses == {PieceStatus.ACCEPTED}:
        return "accepted"
    return "pending"


def missing(slots: Slots, pieces) -> list[str]:
    """What the slots still lack (French sentences; empty when complete): a required slot
    without a document, a piece to replace."""
    messages = []
    for row in board(slots, pieces):
        slot = row["slot"]
        if row["state"] == "missing":
            messages.append(f"Pièce obligatoire manquante : {slot.label}.")
        elif row["state"] == "to_replace":
            reasons = " ; ".join(p.review_reason for p in row["pieces"] if p.is_to_replace)
            messages.append(f"Pièce à remplacer : {slot.label} ({reasons}).")
    return messages
