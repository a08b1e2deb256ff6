"""The photos and plans of a premises (`cvv.premises.pieces`): the panel of its page, the
forms that fill a slot and take a piece out. Who may edit the premises fills them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cvv.documents import slots as mechanism
from cvv.documents.selectors import documents_visible_to
from cvv.organisations.access import role_required
from cvv.premises import pieces as services
from cvv.premises import selectors
from cvv.premises.models import PremisesPiece
from cvv.premises.selectors import REGISTER_ROLES
from cvv.www.documents_views import slots as web
from cvv.www.errors import show_errors

register_required = role_required(*REGISTER_ROLES)


def _choices(user, premises, slot):
    """The vault documents the person may place: the slot's kinds, in a vault they read."""
    return mechanism.vault_choices(
        commune=premises.commune, slot=slot, pieces=premises.pieces
    ).filter(pk__in=documents_visible_to(user).values("pk"))


def panel(premises, user):
    """The premises' slots as `user` may use them (who may edit the premises fills them)."""
    fills = selectors.can_edit(user, premises)
    rows = mechanism.board(services.PREMISES_SLOTS, premises.pieces)
    for row in rows:
        slot = row["slot"]
        row["is_photos"] = slot.key == services.PHOTOS
        row["form"] = None
        if fills:
            row["form"] = web.SlotFillForm(slot=slot, documents=_choices(user, premises, slot))
            row["fill_url"] = reverse("premises:piece", args=[premises.pk, slot.key])
        for piece in row["pieces"]:
            piece.remove_url = (
                reverse("premises:piece_remove", args=[premises.pk, piece.pk]) if fills else ""
            )
    return rows


def _back(premises):
    return redirect(reverse("premises:detail", args=[premises.pk]) + "#photos-plans-titre")


@require_POST
@register_required
def premises_piece(request, pk, slot):
    premises = selectors.premises_for_edit(request.user, pk)
    if slot not in services.PREMISES_SLOTS:
        raise Http404("Pièce inconnue.")
    slot = services.PREMISES_SLOTS.get(slot)
    form = web.SlotFillForm(
        request.POST,
        request.FILES,
        slot=slot,
        documents=_choices(request.user, premises, slot),
    )
    piece = None
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{slot.label} : {error}")
    else:
        try:
            if form.cleaned_data["document"] is not None:
                piece = services.premises_piece_attach(
                    premises=premises,
                    slot_key=slot.key,
                    document=form.cleaned_data["document"],
                    actor=request.user,
                )
            else:
                piece = services.premises_piece_upload(
                    premises=premises,
                    slot_key=slot.key,
                    uploaded_file=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    actor=request.user,
                )
        except ValidationError as exc:
            show_errors(request, exc)
    if piece is not None:
        messages.success(
            request,
            f"« {piece.document.title} » ajouté aux {slot.label.lower()} du local "
            f"{premises.reference}.",
        )
    return _back(premises)


@require_POST
@register_required
def premises_piece_remove(request, pk, piece_pk):
    premises = selectors.premises_for_edit(request.user, pk)
    piece = get_object_or_404(PremisesPiece, premises=premises, pk=piece_pk)
    try:
        services.premises_piece_remove(piece=piece, actor=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(
            request, f"« {piece.document.title} » retiré du local {premises.reference}."
        )
    return _back(premises)
