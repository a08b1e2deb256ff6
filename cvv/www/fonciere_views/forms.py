from django import forms

from cvv.core.forms import AccessibleForm, AmountField, BoundedDateField
from cvv.fonciere.enums import Frequency, Index, LeaseKind, OpportunitySource, RightHolder


class OpportunityForm(AccessibleForm):
    premises = forms.ModelChoiceField(label="Local (registre des locaux)", queryset=None)
    source = forms.ChoiceField(label="Origine", choices=OpportunitySource.choices)
    received_on = BoundedDateField(label="Reçue le")
    price = AmountField(label="Prix demandé (€)", required=False)
    right_holder = forms.ChoiceField(
        label="Titulaire du droit de préemption",
        choices=RightHolder.choices,
        required=False,
        help_text="Laissez vide : le titulaire et la délégation sont pris dans les registres de "
        "la commune à la date de réception.",
    )
    delegation = forms.CharField(label="Délégation (délibération)", max_length=300, required=False)
    business_transferred = forms.BooleanField(label="Fonds de commerce cédé", required=False)
    lease_transferred = forms.BooleanField(label="Bail cédé", required=False)
    note = forms.CharField(label="Commentaire", required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, premises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises"].queryset = premises


class DatedActionForm(AccessibleForm):
    on = BoundedDateField(label="Date")
    reason = forms.CharField(label="Motif", required=False, max_length=500)


class AcquisitionForm(AccessibleForm):
    deed_on = BoundedDateField(label="Date de l’acte")
    price = AmountField(label="Prix (€)")
    costs = AmountField(label="Frais d’acquisition (€)", required=False)
    location_gerance = forms.BooleanField(label="Fonds mis en location-gérance", required=False)


class LeaseForm(AccessibleForm):
    premises = forms.ModelChoiceField(label="Local", queryset=None)
    kind = forms.ChoiceField(label="Type de bail", choices=LeaseKind.choices)
    tenant_name = forms.CharField(label="Preneur", max_length=200)
    tenant_sme = forms.BooleanField(label="Le preneur est une PME", required=False, initial=True)
    tenant_email = forms.EmailField(
        label="Adresse de contact du preneur", required=False, max_length=254,
        help_text="Facultative : les relances d’impayés lui sont aussi envoyées par courriel.",
    )  # fmt: skip
    start = BoundedDateField(label="Prise d’effet")
    years = forms.IntegerField(label="Durée (années, bail commercial)", initial=9, min_value=9,
                               max_value=30, required=False)  # fmt: skip
    end = BoundedDateField(label="Terme (autres baux)", required=False)
    rent = AmountField(label="Loyer annuel HT (€)")
    frequency = forms.ChoiceField(label="Périodicité", choices=Frequency.choices)
    index = forms.ChoiceField(label="Indice", choices=Index.choices)
    reference_quarter = forms.RegexField(
        label="Trimestre de référence", regex=r"^\d{4}-T[1-4]$", help_text="Forme 2024-T3"
    )
    charges_provision = AmountField(label="Provision pour charges par échéance (€)",
                                    required=False)  # fmt: skip
    deposit = AmountField(label="Dépôt de garantie (€)", required=False)
    payable_in_advance = forms.TypedChoiceField(
        label="Paiement du loyer",
        choices=[("1", "D’avance (terme à échoir)"), ("0", "À terme échu")],
        coerce=lambda value: value == "1", initial="1", required=False, empty_value=True,
    )  # fmt: skip
    entry_fee = AmountField(label="Droit d’entrée (€)", required=False)
    guarantees = forms.CharField(
        label="Garanties", required=False, max_length=500,
        help_text="Caution, garantie bancaire à première demande… (nature et montant).",
    )  # fmt: skip
    charges_inventory = forms.CharField(
        label="Inventaire des charges, impôts, taxes et redevances", required=False,
        max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leur répartition entre bailleur et preneur (art. L145-40-2 du code de "
        "commerce).",
    )  # fmt: skip

    def __init__(self, *args, premises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises"].queryset = premises


class TenantContactForm(AccessibleForm):
    tenant_email = forms.EmailField(
        label="Adresse de contact du preneur", required=False, max_length=254,
        help_text="Les relances d’impayés y sont envoyées ; vide : relances imprimées seulement.",
    )  # fmt: skip


class RentCallsForm(AccessibleForm):
    until = BoundedDateField(label="Émettre les appels jusqu’au")


class PaymentForm(AccessibleForm):
    rent_call = forms.IntegerField(widget=forms.HiddenInput)
    paid_on = BoundedDateField(label="Payé le")
    amount = AmountField(label="Montant (€)")


class RentSettingForm(AccessibleForm):
    kind = forms.ChoiceField(label="Nature", choices=[
        ("revision", "Révision triennale (art. L145-38 du code de commerce)"),
        ("renouvellement", "Renouvellement (art. L145-34 du code de commerce)"),
    ])  # fmt: skip
    effective_on = BoundedDateField(label="En vigueur le")
    annual_rent = AmountField(label="Loyer annuel HT fixé (€)")
    reference_quarter = forms.RegexField(
        label="Nouveau trimestre de référence", regex=r"^\d{4}-T[1-4]$", help_text="Forme 2024-T3"
    )
    explanation = forms.CharField(label="Accord, jugement ou calcul retenu", max_length=1000,
                                  required=False)  # fmt: skip
    material_change = forms.BooleanField(
        label="Modification matérielle des facteurs locaux de commercialité (révision au-delà "
        "du plafond ; hausse étalée de 10 % par an)",
        required=False,
    )
