"""The pieces of a candidature, each in its slot: the commune (or its territory's agent)
fills them, the Métropole's reviewers mark them « acceptée » or « à remplacer »."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cvv.documents import slots as mechanism
from cvv.documents.models import PieceStatus
from cvv.organisations.access import get_access
from cvv.programme import selectors
from cvv.programme.models import CandidaturePiece
from cvv.programme.pieces import candidature_slots
from cvv.programme.services import pieces as services
from cvv.www.documents_views import slots as web
from cvv.www.errors import show_errors
from cvv.www.programme_views.common import require


def prepares(user, candidature) -> bool:
    """The commune's people and its territory's agents, not as Métropole staff."""
    return get_access(user).sees_commune(candidature.commune, staff=False)


def is_reviewer(user) -> bool:
    return get_access(user).has_role(*services.REVIEWERS)


def panel(candidature, user):
    """The candidature's slots as `user` may use them."""
    fills = prepares(user, candidature)

    def opens(to_replace):
        return mechanism.may_fill(
            state=candidature.state,
            open_states=services.OPEN_STATES,
            review_states=services.REVIEW_STATES,
            to_replace=to_replace,
        )

    def remove_url(piece):
        if fills and opens(piece.is_to_replace):
            return reverse("programme:candidature_piece_remove", args=[candidature.pk, piece.pk])
        return ""

    return web.panel(
        slots=candidature_slots(candidature),
        pieces=candidature.pieces,
        commune=candidature.commune,
        can_fill=lambda slot, row: fills and opens(row["state"] == "to_replace"),
        can_review=is_reviewer(user) and candidature.state in services.REVIEW_STATES,
        fill_url=lambda slot: reverse(
            "programme:candidature_piece", args=[candidature.pk, slot.key]
        ),
        remove_url=remove_url,
        review_url=lambda piece: reverse(
            "programme:candidature_piece_review", args=[candidature.pk, piece.pk]
        ),
    )


def _back(candidature):
    return redirect(reverse("programme:candidature", args=[candidature.pk]) + "#pieces-title")


@require_POST
def candidature_piece(request, pk, slot):
    candidature = get_object_or_404(selectors.candidatures_visible_to(request.user), pk=pk)
    require(prepares(request.user, candidature), "Seule la commune dépose ses pièces.")
    slots = candidature_slots(candidature)
    if slot not in slots:
        raise Http404("Pièce inconnue.")
    slot = slots.get(slot)
    piece = web.fill(
        request,
        slot=slot,
        commune=candidature.commune,
        pieces=candidature.pieces,
        attach=lambda document: services.candidature_piece_attach(
            candidature=candidature, document=document, kind=slot.key, actor=request.user
        ),
        upload=lambda uploaded_file, title: services.candidature_piece_upload(
            candidature=candidature,
            uploaded_file=uploaded_file,
            kind=slot.key,
            title=title,
            actor=request.user,
        ),
    )
    if piece is not None:
        messages.success(
            request,
            f"« {piece.document.title} » déposé : {slot.label.lower()} de la {candidature}.",
        )
    return _back(candidature)


@require_POST
def candidature_piece_remove(request, pk, piece_pk):
    candidature = get_object_or_404(selectors.candidatures_visible_to(request.user), pk=pk)
    require(prepares(request.user, candidature), "Seule la commune retire ses pièces.")
    piece = get_object_or_404(CandidaturePiece, candidature=candidature, pk=piece_pk)
    try:
        services.candidature_piece_remove(piece=piece, actor=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, f"« {piece.document.title} » retiré — {candidature}.")
    return _back(candidature)


@require_POST
def candidature_piece_review(request, pk, piece_pk):
    candidature = get_object_or_404(selectors.candidatures_visible_to(request.user), pk=pk)
    require(is_reviewer(request.user), "L’examen des pièces est réservé aux instructeurs.")
    piece = get_object_or_404(CandidaturePiece, candidature=candidature, pk=piece_pk)
    reviewed = web.review(
        request,
        piece=piece,
        change=lambda status, reason: services.candidature_piece_review(
            piece=piece, status=status, reason=reason, actor=request.user
        ),
    )
    if reviewed is not None:
        verdict = "acceptée" if reviewed.status == PieceStatus.ACCEPTED else "à remplacer"
        label = candidature_slots(candidature).label(reviewed.kind)
        messages.success(request, f"Pièce « {label} » : {verdict} — {candidature}.")
    return _back(candidature)
