from django import forms

from cvv.core.forms import AccessibleForm, AmountField, BoundedDateField
from cvv.premises.enums import (
    ActivityCategory,
    ErpCategory,
    OwnerKind,
    PermittedUse,
    PremisesStatus,
)

YES_NO_UNKNOWN = [("unknown", "Non renseigné"), ("true", "Oui"), ("false", "Non")]


def _area(label):
    return AmountField(label=label, required=False, max_digits=8, decimal_places=1, min_value=0)


class PremisesForm(AccessibleForm):
    address = forms.CharField(label="Adresse", max_length=300)
    lon = forms.FloatField(label="Longitude (WGS84)", required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label="Latitude (WGS84)", required=False, min_value=-90, max_value=90)
    sales_area_m2 = _area("Surface de vente (m²)")
    storage_area_m2 = _area("Surface de réserve (m²)")
    upper_floors_area_m2 = _area("Surface en étages (m²)")
    frontage_m = AmountField(
        label="Linéaire de vitrine (m)", required=False, max_digits=6, decimal_places=2
    )
    ground_floor = forms.BooleanField(label="En rez-de-chaussée", required=False, initial=True)
    erp_category = forms.ChoiceField(
        label="Catégorie ERP", choices=ErpCategory.choices, required=False
    )
    step_free = forms.NullBooleanField(
        label="Accès de plain-pied", widget=forms.Select(choices=YES_NO_UNKNOWN)
    )
    extraction_possible = forms.NullBooleanField(
        label="Extraction possible", widget=forms.Select(choices=YES_NO_UNKNOWN)
    )
    permitted_use = forms.ChoiceField(
        label="Destination autorisée",
        choices=[("", "Non renseignée"), *PermittedUse.choices],
        required=False,
    )
    owner_kind = forms.ChoiceField(
        label="Type de propriétaire", choices=OwnerKind.choices, required=False
    )
    owner_name = forms.CharField(label="Propriétaire", max_length=200, required=False)
    occupant_name = forms.CharField(label="Occupant actuel", max_length=200, required=False)
    naf_code = forms.CharField(
        label="Code NAF de l’activité",
        max_length=6,
        required=False,
        help_text="Forme 47.11B ; la catégorie d’activité en est déduite quand le code est "
        "dans le périmètre du commerce de proximité.",
    )
    activity_category = forms.ChoiceField(
        label="Catégorie d’activité",
        choices=[("", "Non renseignée"), *ActivityCategory.choices],
        required=False,
    )
    activity = forms.CharField(label="Activité (libellé)", max_length=200, required=False)
    fonciere_followed = forms.BooleanField(label="Suivi par la foncière", required=False)


class PremisesCreateForm(PremisesForm):
    commune = forms.ModelChoiceField(label="Commune", queryset=None)
    status = forms.ChoiceField(label="Statut", choices=PremisesStatus.choices)
    on = BoundedDateField(
        label="Date du statut",
        required=False,
        help_text="Début de la vacance pour un local vacant ; aujourd’hui par défaut.",
    )
    field_order = ["commune", "address", "status", "on"]

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class StatusForm(AccessibleForm):
    status = forms.ChoiceField(label="Nouveau statut", choices=PremisesStatus.choices)
    on = BoundedDateField(label="Date")
    note = forms.CharField(label="Commentaire", max_length=300, required=False)
