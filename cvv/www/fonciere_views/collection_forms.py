from django import forms

from cvv.core.forms import AccessibleForm, AmountField, BoundedDateField
from cvv.fonciere.enums import AdjustmentKind
from cvv.fonciere.templatetags.fonciere_format import euros


class AdjustmentForm(AccessibleForm):
    kind = forms.ChoiceField(label="Nature", choices=AdjustmentKind.choices)
    start = BoundedDateField(label="Du")
    end = BoundedDateField(label="Au (inclus)")
    annual_rent = AmountField(label="Loyer annuel HT du palier (€)", required=False,
                              help_text="Palier seulement ; une franchise n’en a pas.")  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("kind") == "palier" and data.get("annual_rent") is None:
            self.add_error("annual_rent", "Indiquez le loyer annuel du palier.")
        return data


class ReminderForm(AccessibleForm):
    on = BoundedDateField(label="Relance envoyée le")


class ChargesStatementForm(AccessibleForm):
    year = forms.IntegerField(label="Année des charges", min_value=1990, max_value=2200)
    actual_charges = AmountField(label="Charges réelles imputables au preneur (€)")
    sent_on = BoundedDateField(label="Décompte adressé le")
    detail = forms.CharField(label="Inventaire et répartition", required=False, max_length=4000,
                             widget=forms.Textarea({"rows": 3}))  # fmt: skip


class DepositReturnForm(AccessibleForm):
    on = BoundedDateField(label="Date de sortie")


class RevisionForm(AccessibleForm):
    rental_value = AmountField(label="Valeur locative estimée (€ par an)", required=False)
    material_change = forms.BooleanField(
        label="Modification matérielle des facteurs locaux de commercialité (plus de 10 %)",
        required=False,
    )


class BankStatementForm(AccessibleForm):
    file = forms.FileField(
        label="Relevé bancaire (CSV ou XLSX, 2 Mo au plus)",
        help_text="Colonnes : date (JJ/MM/AAAA), libellé, montant (1 234,56 ; négatif = débit, "
        "ignoré).",
    )


class LineAssignForm(AccessibleForm):
    rent_call = forms.TypedChoiceField(label="Appel de loyer encore dû", coerce=int)

    def __init__(self, *args, calls=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rent_call"].choices = [("", "Choisissez un appel")] + [
            (call.pk, f"{call.reference} — {call.lease.tenant_name} — reste dû {euros(due)}")
            for call, due in calls
        ]
