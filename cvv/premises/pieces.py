"""The photos and plans of a premises, each a slot (`cvv.documents.slots`) filled from the
commune's document vault.

- `PREMISES_SLOTS`: « Photos » (kind photo, several) and « Plans » (kind plan, several; a
  PDF or an image).
- `premises_piece_attach(*, premises, slot_key, document, actor)`: place a vault document.
- `premises_piece_upload(*, premises, slot_key, uploaded_file, title, actor)`: store a new
  file in the commune's vault with the slot's kind, then place it.
- `premises_piece_remove(*, piece, actor)`: take it out (the document stays in the vault).
- `public_photos(premises)`: its photo documents (images only) a public page may show, for
  a premises the caller has checked is on a published offer; plans are never public.
- `premises_piece_readable(user, document)`: the vault's grant (registered by the app): who
  may read a premises may read its photos and plans (the foncière's officers the premises it
  follows, whose commune's vault they cannot otherwise see).

Who may edit the premises (`cvv.premises.selectors.can_edit`) fills its slots; every write
goes through the slots' functions, which write the audit entry on the premises.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.documents import slots
from cvv.documents.models import DocumentKind as K
from cvv.documents.slots import Slot, Slots
from cvv.documents.validation import read_upload
from cvv.premises import selectors
from cvv.premises.models import Premises, PremisesPiece

PHOTOS = "photos"
PLANS = "plans"

PREMISES_SLOTS = Slots(
    Slot(
        PHOTOS,
        "Photos",
        (K.PHOTO,),
        required=False,
        many=True,
        help="Photos de la vitrine et de l’intérieur (JPEG ou PNG).",
    ),
    Slot(
        PLANS,
        "Plans",
        (K.PLAN,),
        required=False,
        many=True,
        help="Plans du local (PDF ou image). Jamais publiés.",
    ),
)

IMAGE_TYPES = ("image/jpeg", "image/png")
ACCEPTED_TYPES = {PHOTOS: IMAGE_TYPES, PLANS: (*IMAGE_TYPES, "application/pdf")}
TYPE_ERRORS = {
    PHOTOS: "Une photo se dépose en JPEG ou en PNG.",
    PLANS: "Un plan se dépose en PDF, JPEG ou PNG.",
}


def _lock(premises, actor):
    if not selectors.can_edit(actor, premises):
        raise PermissionDenied("Vous ne pouvez pas modifier ce local.")
    return (
        Premises.objects.select_related("commune")
        .select_for_update(of=("self",))
        .get(pk=premises.pk)
    )


@transaction.atomic
def premises_piece_attach(*, premises, slot_key, document, actor) -> PremisesPiece:
    premises = _lock(premises, actor)
    from cvv.documents.selectors import documents_visible_to

    if not documents_visible_to(actor).filter(pk=document.pk).exists():
        raise ValidationError(
            {"document": "Ce document n’est pas dans un coffre-fort que vous consultez."}
        )
    return slots.piece_place(
        owner=premises,
        pieces=premises.pieces,
        slot=PREMISES_SLOTS.get(slot_key),
        document=document,
        commune=premises.commune,
        actor=actor,
    )


@transaction.atomic
def premises_piece_upload(*, premises, slot_key, uploaded_file, title, actor) -> PremisesPiece:
    premises = _lock(premises, actor)
    slot = PREMISES_SLOTS.get(slot_key)
    content_type = read_upload(uploaded_file).content_type
    if content_type not in ACCEPTED_TYPES[slot.key]:
        raise ValidationError({"file": TYPE_ERRORS[slot.key]})
    return slots.piece_upload(
        owner=premises,
        pieces=premises.pieces,
        slot=slot,
        uploaded_file=uploaded_file,
        title=title,
        commune=premises.commune,
        actor=actor,
    )


@transaction.atomic
def premises_piece_remove(*, piece, actor):
    premises = _lock(piece.premises, actor)
    slots.piece_remove(owner=premises, piece=piece, actor=actor)


def premises_piece_readable(user, document) -> bool:
    return selectors.premises_visible_to(user).filter(pieces__document=document).exists()


def public_photos(premises):
    """The premises' photos (JPEG/PNG content only); the caller decides they are public."""
    from cvv.documents.models import Document

    return Document.objects.filter(
        premises_premisespiece_pieces__premises=premises,
        premises_premisespiece_pieces__kind=PHOTOS,
        content_type__in=IMAGE_TYPES,
    ).order_by("premises_premisespiece_pieces__pk")
