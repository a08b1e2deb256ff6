"""The pieces of a candidature, each its own slot (`cvv.documents.slots`): one per kind the
call for applications requires (« délibération »…), and optional other pieces."""

from cvv.documents.models import DocumentKind
from cvv.documents.slots import Slot, Slots

OTHER = Slot(
    "autre",
    "Autres pièces",
    tuple(DocumentKind.values),
    required=False,
    many=True,
    help="Toute pièce utile à l’examen de la candidature (facultatif).",
)


def candidature_slots(candidature) -> Slots:
    labels = dict(DocumentKind.choices)
    call = getattr(candidature.edition, "call", None)
    required = [
        Slot(kind, labels[kind], (kind,), help="Pièce demandée par l’appel à candidatures.")
        for kind in (call.required_documents if call else [])
        if kind in labels and kind != OTHER.key
    ]
    return Slots(*required, OTHER)
