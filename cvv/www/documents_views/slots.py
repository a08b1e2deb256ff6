"""The web side of the slots (`cvv.documents.slots`): the form that fills one slot (a vault
document of its kind, or a new file), the review form, and the panel a page draws with
`documents/includes/slots.html`. The owning module's views give the URLs and who may do
what; the forms and the panel are the same everywhere."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from cvv.core.forms import AccessibleForm
from cvv.documents import slots as mechanism
from cvv.documents.models import PieceStatus
from cvv.documents.validation import ALLOWED_LABEL
from cvv.www.errors import show_errors


class SlotFillForm(AccessibleForm):
    document = forms.ModelChoiceField(
        label="Document du coffre-fort", queryset=None, required=False
    )
    file = forms.FileField(
        label="Ou déposer un nouveau fichier",
        required=False,
        help_text=f"Formats acceptés : {ALLOWED_LABEL}.",
    )
    title = forms.CharField(label="Titre du nouveau fichier", required=False, max_length=200)

    def __init__(self, *args, slot, documents, **kwargs):
        kwargs.setdefault("prefix", f"piece-{slot.key}")
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["document"].help_text = f"Seuls les documents de nature {slot.kinds_label}."
        self.fields["document"].empty_label = "— Choisir —"

    def clean(self):
        data = super().clean()
        if not data.get("document") and not data.get("file"):
            raise forms.ValidationError("Choisissez un document du coffre-fort ou déposez-en un.")
        return data


class PieceReviewForm(AccessibleForm):
    status = forms.ChoiceField(
        label="Examen de la pièce",
        choices=[(PieceStatus.ACCEPTED, "Acceptée"), (PieceStatus.TO_REPLACE, "À remplacer")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Motif (lu par la commune)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour une pièce à remplacer.",
    )

    def __init__(self, *args, piece, **kwargs):
        kwargs.setdefault("prefix", f"examen-{piece.pk}")
        super().__init__(*args, **kwargs)
        self.fields["status"].label = f"Examen de « {piece.document.title} »"


def fill(request, *, slot, commune, pieces, attach, upload):
    """Bind the slot's form and call `attach(document=…)` or `upload(uploaded_file=…,
    title=…)`; report the outcome. Returns the piece, or None."""
    form = SlotFillForm(
        request.POST,
        request.FILES,
        slot=slot,
        documents=mechanism.vault_choices(commune=commune, slot=slot, pieces=pieces),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{slot.label} : {error}")
        return None
    try:
        if form.cleaned_data["document"] is not None:
            return attach(document=form.cleaned_data["document"])
        return upload(uploaded_file=form.cleaned_data["file"], title=form.cleaned_data["title"])
    except ValidationError as exc:
        show_errors(request, exc)
    return None


def review(request, *, piece, change):
    """Bind the review form of `piece` and call `change(status=…, reason=…)`."""
    form = PieceReviewForm(request.POST, piece=piece)
    if not form.is_valid():
        messages.error(request, "Choisissez « acceptée » ou « à remplacer ».")
        return None
    try:
        return change(status=form.cleaned_data["status"], reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        show_errors(request, exc)
    return None


def panel(*, slots, pieces, commune, can_fill, can_review, fill_url, remove_url, review_url):
    """The rows the slots template draws: each slot with its state, its pieces (their remove
    and review actions) and, when the reader may fill it, its form."""
    rows = mechanism.board(slots, pieces)
    for row in rows:
        slot = row["slot"]
        row["state_label"] = mechanism.STATE_LABELS[row["state"]]
        row["form"] = (
            SlotFillForm(
                slot=slot,
                documents=mechanism.vault_choices(commune=commune, slot=slot, pieces=pieces),
            )
            if can_fill(slot, row)
            else None
        )
        row["fill_url"] = fill_url(slot) if row["form"] else ""
        for piece in row["pieces"]:
            piece.remove_url = remove_url(piece)
            piece.review_url = review_url(piece) if can_review else ""
            piece.review_form = PieceReviewForm(piece=piece) if can_review else None
    return rows
