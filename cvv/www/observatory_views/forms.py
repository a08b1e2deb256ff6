from django import forms

from cvv.core.forms import AccessibleForm, BoundedDateField
from cvv.observatory.models import DataImport, Premise


class ImportForm(AccessibleForm):
    kind = forms.ChoiceField(label="Type de fichier", choices=DataImport.Kind.choices)
    file = forms.FileField(
        label="Fichier",
        help_text="SIRENE : parquet, CSV ou zip officiel (StockEtablissement) ; BPE : CSV ou "
        "parquet ; populations : donnees_communes.csv ; relevés : CSV ou XLSX du modèle.",
    )
    history = forms.FileField(
        label="Historique SIRENE (facultatif)",
        required=False,
        help_text="StockEtablissementHistorique, pour les séries passées.",
    )
    geo = forms.FileField(
        label="Géolocalisation SIRENE (facultatif)",
        required=False,
        help_text="Fichier de géolocalisation des établissements (siret, x_longitude, …).",
    )
    vintage = BoundedDateField(
        label="Millésime (facultatif)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Par défaut : déduit du fichier.",
    )
    confirm_shrink = forms.BooleanField(
        label="Confirmer la réduction",
        required=False,
        help_text="À cocher seulement si l’import doit remplacer les données actuelles alors "
        "qu’il retient beaucoup moins de lignes (moins de la moitié) ou aucune : sinon il "
        "est refusé et les données actuelles restent en place.",
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") != DataImport.Kind.SIRENE and (data.get("history") or data.get("geo")):
            raise forms.ValidationError(
                "L’historique et la géolocalisation ne s’ajoutent qu’à un import SIRENE."
            )
        return data


class ComputeForm(AccessibleForm):
    reference_date = BoundedDateField(
        label="Date de référence",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Par défaut : le millésime du dernier stock SIRENE.",
    )


class SurveyForm(AccessibleForm):
    commune = forms.ChoiceField(label="Commune")
    date = BoundedDateField(label="Date du relevé", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(
        label="Intitulé", required=False, max_length=200, help_text="Par exemple : rue de Paris."
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [(c.code, c.nom) for c in communes]


def _outside(name, low, high):
    message = (
        f"La {name} doit être comprise entre {low} et {high} (Métropole du Grand Paris, "
        "degrés décimaux WGS84)."
    )
    return {"min_value": message, "max_value": message}


class PremiseForm(AccessibleForm):
    """One premises typed on a phone. The page fills `client_id` (a UUID per entry, so a
    replay from the offline queue is recognised), `lon`/`lat` from the phone's GPS, and
    `photo` from the camera."""

    status = forms.ChoiceField(
        label="Statut du local", choices=Premise.Status.choices, widget=forms.RadioSelect
    )
    address = forms.CharField(
        label="Adresse",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    code = forms.ChoiceField(label="Commune ou arrondissement")
    activity = forms.CharField(
        label="Activité observée", required=False, max_length=200, help_text="Si occupé."
    )
    lat = forms.FloatField(
        label="Latitude",
        required=False,
        min_value=48.6,
        max_value=49.1,
        error_messages=_outside("latitude", "48,6", "49,1"),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    lon = forms.FloatField(
        label="Longitude",
        required=False,
        min_value=1.9,
        max_value=2.8,
        error_messages=_outside("longitude", "1,9", "2,8"),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    photo = forms.FileField(
        label="Photo du local",
        required=False,
        help_text="Facultatif : JPEG ou PNG, prise avec l’appareil photo.",
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = codes
        if len(codes) == 1:  # one commune: nothing to choose
            self.fields["code"].widget = forms.HiddenInput()
            self.fields["code"].initial = codes[0][0]

    def clean(self):
        data = super().clean()
        if (data.get("lon") is None) != (data.get("lat") is None):
            raise forms.ValidationError("Position incomplète : reprenez la localisation.")
        if not (data.get("address") or "").strip() and data.get("lon") is None:
            raise forms.ValidationError("Indiquez l’adresse du local ou sa position.")
        return data


class ReviewForm(AccessibleForm):
    reason = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DrawForm(AccessibleForm):
    geometry = forms.CharField(
        label="Périmètre tracé (GeoJSON)",
        widget=forms.HiddenInput,
        error_messages={"required": "Tracez le périmètre sur la carte avant d’enregistrer."},
    )
    comment = forms.CharField(label="Commentaire", required=False, max_length=500)
