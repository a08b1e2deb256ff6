"""The pieces of a candidature in their slots (`cvv.programme.pieces`, mechanism in
`cvv.documents.slots`): the commune fills them while it prepares or completes its
candidature, and during the examination replaces a piece marked « à remplacer »; the
Métropole's reviewers mark each piece « acceptée » or « à remplacer » with a reason the
commune reads and is notified of."""

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from cvv.documents import slots
from cvv.organisations.access import get_access
from cvv.organisations.enums import Role
from cvv.organisations.selectors import people_of_commune
from cvv.programme.models import Candidature, CandidaturePiece, ReminderKind
from cvv.programme.pieces import candidature_slots
from cvv.programme.services.notify import notify_and_email

S = Candidature.State
OPEN_STATES = Candidature.EDITABLE_STATES
REVIEW_STATES = (S.SUBMITTED, S.COMPLETION_REQUESTED, S.RESUBMITTED, S.UNDER_REVIEW)
REVIEWERS = (Role.METROPOLE_ADMIN, Role.INSTRUCTOR)


def _lock(candidature):
    return Candidature.objects.select_for_update().get(pk=candidature.pk)


def _check(candidature, *, slot=None, piece=None):
    slots.check_fillable(
        state=candidature.state,
        open_states=OPEN_STATES,
        review_states=REVIEW_STATES,
        pieces=candidature.pieces,
        slot=slot,
        piece=piece,
    )


@transaction.atomic
def candidature_piece_attach(*, candidature, document, kind, actor) -> CandidaturePiece:
    candidature = _lock(candidature)
    slot = candidature_slots(candidature).get(kind)
    _check(candidature, slot=slot)
    return slots.piece_place(
        owner=candidature,
        pieces=candidature.pieces,
        slot=slot,
        document=document,
        commune=candidature.commune,
        actor=actor,
    )


@transaction.atomic
def candidature_piece_upload(*, candidature, uploaded_file, kind, title, actor):
    candidature = _lock(candidature)
    slot = candidature_slots(candidature).get(kind)
    _check(candidature, slot=slot)
    return slots.piece_upload(
        owner=candidature,
        pieces=candidature.pieces,
        slot=slot,
        uploaded_file=uploaded_file,
        title=title,
        commune=candidature.commune,
        actor=actor,
    )


@transaction.atomic
def candidature_piece_remove(*, piece, actor):
    candidature = _lock(piece.candidature)
    _check(candidature, piece=piece)
    slots.piece_remove(owner=candidature, piece=piece, actor=actor)


@transaction.atomic
def candidature_piece_review(*, piece, status, reason, actor) -> CandidaturePiece:
    if not get_access(actor).has_role(*REVIEWERS):
        raise PermissionDenied("Seuls les instructeurs examinent les pièces.")
    candidature = _lock(piece.candidature)
    if candidature.state not in REVIEW_STATES:
        raise ValidationError("Les pièces s’examinent entre le dépôt et la décision.")
    slot = candidature_slots(candidature).get(piece.kind)
    piece = slots.piece_review(
        owner=candidature, piece=piece, slot=slot, status=status, reason=reason, actor=actor
    )
    if piece.is_to_replace:
        notify_and_email(
            list(people_of_commune(candidature.commune)),
            kind=ReminderKind.CANDIDATURE_DECISION,
            text=f"Pièce à remplacer dans la candidature de {candidature.commune.nom} : "
            f"{slot.label} ({piece.review_reason}).",
            url=reverse("programme:candidature", args=[candidature.pk]),
            key=f"candidature:{candidature.pk}:piece:{time.time_ns()}",
        )
    return piece


def candidature_missing_pieces(candidature) -> list[str]:
    return slots.missing(candidature_slots(candidature), candidature.pieces)
