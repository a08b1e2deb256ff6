from django import forms

from cvv.core.forms import AccessibleForm
from cvv.documents.models import Document, DocumentKind
from cvv.documents.validation import ALLOWED_LABEL


class DocumentUploadForm(AccessibleForm):
    kind = forms.ChoiceField(label="Nature du document", choices=DocumentKind.choices)
    title = forms.CharField(
        label="Titre",
        max_length=200,
        required=False,
        help_text="Laissé vide : le nom du fichier.",
    )
    file = forms.FileField(label="Fichier", help_text=f"Formats acceptés : {ALLOWED_LABEL}.")
    replaces = forms.ModelChoiceField(
        label="Nouvelle version de",
        queryset=Document.objects.none(),
        required=False,
        empty_label="— Nouveau document —",
    )

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaces"].queryset = Document.objects.current().filter(commune=commune)
