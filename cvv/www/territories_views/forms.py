from django import forms

from cvv.core.forms import AccessibleForm


class PerimeterUploadForm(AccessibleForm):
    file = forms.FileField(
        label="Fichier GeoJSON du périmètre",
        help_text="Un seul polygone (Polygon ou MultiPolygon) en longitude/latitude WGS84, "
        "2 Mo au plus. La version actuelle est conservée dans l’historique.",
    )
    comment = forms.CharField(
        label="Commentaire (source, délibération…)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CentraliteCreateForm(PerimeterUploadForm):
    nom = forms.CharField(label="Nom de la centralité", max_length=150)
    field_order = ["nom", "file", "comment"]


class FragilityForm(AccessibleForm):
    fragile = forms.BooleanField(label="Commune fragile", required=False)
    reason = forms.CharField(
        label="Motif",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour marquer la commune fragile (ex. : quartier prioritaire, "
        "fermeture d’une locomotive commerciale).",
    )
