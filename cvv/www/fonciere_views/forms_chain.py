"""Forms of the foncière's chain: safeguard perimeter and delegations of a commune,
financial analysis, commune's opinion, committee decision."""

from django import forms

from cvv.core.forms import AccessibleForm, AmountField, BoundedDateField
from cvv.fonciere.enums_chain import (
    ActivityKind,
    BuyerKind,
    CommitteeChoice,
    Delegatee,
    DelegationScope,
    Opinion,
    RightOwner,
)


class SafeguardPerimeterForm(AccessibleForm):
    file = forms.FileField(
        label="Fichier GeoJSON du périmètre de sauvegarde",
        help_text="Un seul polygone (Polygon ou MultiPolygon), en longitude/latitude WGS84 ou en "
        "Lambert-93, 2 Mo au plus. Le périmètre actuel est conservé dans l’historique.",
    )
    deliberation = forms.CharField(label="Délibération du conseil municipal", max_length=200)
    voted_on = BoundedDateField(label="Votée le", required=False)


class SafeguardDrawForm(AccessibleForm):
    geometry = forms.CharField(
        label="Périmètre tracé (GeoJSON)",
        widget=forms.HiddenInput,
        max_length=2_000_000,
        error_messages={"required": "Tracez le périmètre sur la carte avant d’enregistrer."},
    )
    deliberation = forms.CharField(label="Délibération du conseil municipal", max_length=200)
    voted_on = BoundedDateField(label="Votée le", required=False)


class DelegationForm(AccessibleForm):
    scope = forms.ChoiceField(label="Droit délégué", choices=DelegationScope.choices)
    holder = forms.ChoiceField(label="Titulaire du droit", choices=RightOwner.choices)
    delegatee = forms.ChoiceField(label="Délégataire", choices=Delegatee.choices)
    delegatee_name = forms.CharField(label="Nom du délégataire", max_length=200)
    detail = forms.CharField(
        label="Étendue",
        max_length=300,
        required=False,
        help_text="Par exemple : tout le périmètre de sauvegarde, ou une seule déclaration.",
    )
    valid_from = BoundedDateField(label="Du")
    valid_to = BoundedDateField(label="Au (facultatif)", required=False)
    deliberation = forms.CharField(label="Délibération ou décision", max_length=200)


class DelegationEndForm(AccessibleForm):
    delegation = forms.TypedChoiceField(label="Délégation", coerce=int)
    on = BoundedDateField(label="Fin de la délégation le")

    def __init__(self, *args, delegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].choices = [
            (
                d.pk,
                f"{d.delegatee_name} — {d.get_scope_display()} (depuis le {d.valid_from:%d/%m/%Y})",
            )
            for d in delegations
        ]


class AnalysisForm(AccessibleForm):
    price = AmountField(label="Prix d’acquisition (€)")
    notary_fees = AmountField(label="Frais de notaire (€)", required=False)
    works_budget = AmountField(label="Budget de travaux (€)", required=False)
    target_rent = AmountField(label="Loyer annuel HT visé (€)")
    annual_charges = AmountField(
        label="Charges annuelles non récupérables (€)",
        required=False,
        help_text="Assurance, gros travaux de l’article 606, gestion.",
    )
    target_activity = forms.CharField(label="Activité visée", max_length=200, required=False)
    activity_kind = forms.ChoiceField(label="Type d’activité", choices=ActivityKind.choices)
    target_turnover = AmountField(label="Chiffre d’affaires annuel HT attendu (€)", required=False)
    equity = AmountField(label="Fonds propres de la foncière (€)", required=False)
    loan = AmountField(label="Emprunt (€)", required=False)
    loan_rate_percent = AmountField(
        label="Taux annuel de l’emprunt (%)", required=False, max_value=100, decimal_places=3
    )
    loan_years = forms.IntegerField(
        label="Durée de l’emprunt (années)", min_value=1, max_value=40, initial=15
    )
    commune_contribution = AmountField(label="Participation de la commune (€)", required=False)
    fimacs_dossier_id = forms.TypedChoiceField(
        label="Dossier FIMACS (acquisition ou travaux)",
        coerce=int,
        required=False,
        empty_value=None,
    )
    fimacs_amount = AmountField(label="Aide FIMACS (€)", required=False)

    def __init__(self, *args, dossiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fimacs_dossier_id"].choices = [("", "Aucun")] + [
            (row["id"], f"{row['label']} ({row['state']})") for row in dossiers
        ]

    def service_fields(self):
        data = dict(self.cleaned_data)
        rate = data.pop("loan_rate_percent")
        data["loan_rate"] = None if rate is None else rate / 100
        return data


class OpinionForm(AccessibleForm):
    opinion = forms.ChoiceField(label="Avis de la commune", choices=Opinion.choices)
    reasons = forms.CharField(
        label="Motifs", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )


class DecisionForm(AccessibleForm):
    decision = forms.ChoiceField(label="Décision du comité", choices=CommitteeChoice.choices)
    held_on = BoundedDateField(label="Comité du")
    votes_for = forms.IntegerField(label="Voix pour", min_value=0, max_value=200)
    votes_against = forms.IntegerField(label="Voix contre", min_value=0, max_value=200)
    votes_abstention = forms.IntegerField(
        label="Abstentions", min_value=0, max_value=200, initial=0
    )
    reasons = forms.CharField(
        label="Motifs de la décision", max_length=4000, widget=forms.Textarea({"rows": 3})
    )


class ReviseForm(AccessibleForm):
    reason = forms.CharField(label="Motif", max_length=500)


class SubmitForm(AccessibleForm):
    """No field: submitting the analysis to the commune."""


class WorksForm(AccessibleForm):
    title = forms.CharField(label="Travaux", max_length=200)
    contractors = forms.CharField(label="Entreprises", max_length=300, required=False)
    budget = AmountField(label="Budget (€)")


class WorksStepForm(AccessibleForm):
    """Start, progress or acceptance of one works item (the fields each step needs)."""

    works = forms.TypedChoiceField(label="Travaux", coerce=int)
    on = BoundedDateField(label="Date", required=False)
    progress = forms.IntegerField(
        label="Avancement (%)", min_value=0, max_value=100, required=False
    )
    actual_cost = AmountField(label="Coût réel à ce jour (€)", required=False)

    def __init__(self, *args, works=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["works"].choices = [(w.pk, w.title) for w in works]


class InsuranceForm(AccessibleForm):
    insurer = forms.CharField(label="Assureur", max_length=200)
    policy_number = forms.CharField(label="N° de police", max_length=60)
    cover = forms.CharField(
        label="Garanties", max_length=300, help_text="Par exemple : propriétaire non occupant"
    )
    premium = AmountField(label="Prime annuelle (€)")
    starts_on = BoundedDateField(label="Du")
    ends_on = BoundedDateField(label="Au", required=False)


class TaxForm(AccessibleForm):
    year = forms.IntegerField(label="Année", min_value=1900, max_value=2199)
    amount = AmountField(label="Taxe foncière (€)")
    reinvoiced = forms.BooleanField(
        label="Refacturée au preneur (prévue par l’inventaire des charges du bail)",
        required=False,
    )


class SaleOfferForm(AccessibleForm):
    buyer_kind = forms.ChoiceField(label="Acquéreur", choices=BuyerKind.choices)
    buyer_name = forms.CharField(
        label="Nom de l’acquéreur",
        max_length=200,
        required=False,
        help_text="Vide pour le preneur en place : le nom du bail.",
    )
    price = AmountField(label="Prix de vente (€)")
    offered_on = BoundedDateField(label="Offre reçue le")
    loan = forms.BooleanField(label="L’acquéreur emprunte", required=False)


class SaleStepForm(AccessibleForm):
    on = BoundedDateField(label="Date")
    reason = forms.CharField(label="Motif (refus)", max_length=500, required=False)


class ApplicationForm(AccessibleForm):
    candidate_name = forms.CharField(label="Candidat", max_length=200)
    activity = forms.CharField(label="Activité projetée", max_length=200)
    project = forms.CharField(
        label="Projet", required=False, max_length=4000, widget=forms.Textarea({"rows": 3})
    )
    proposed_rent = AmountField(label="Loyer annuel HT proposé (€)")
    received_on = BoundedDateField(label="Reçue le")


class _ApplicationChoiceForm(AccessibleForm):
    application = forms.TypedChoiceField(label="Candidature", coerce=int)

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [
            (a.pk, f"{a.candidate_name} — {a.activity}") for a in applications
        ]


class ApplicationOpinionForm(_ApplicationChoiceForm):
    opinion = forms.ChoiceField(label="Avis de la commune", choices=Opinion.choices)
    reasons = forms.CharField(
        label="Motifs", required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class LettingChoiceForm(_ApplicationChoiceForm):
    held_on = BoundedDateField(label="Comité de location du")
    reasons = forms.CharField(
        label="Motifs du choix", max_length=4000, widget=forms.Textarea({"rows": 3})
    )


class ApplicationLeaseForm(AccessibleForm):
    start = BoundedDateField(label="Prise d’effet du bail commercial")
    rent = AmountField(label="Loyer annuel HT (€)")
    reference_quarter = forms.RegexField(
        label="Trimestre de référence", regex=r"^\d{4}-T[1-4]$", help_text="Forme 2024-T3"
    )


class TargetsForm(AccessibleForm):
    premises = forms.IntegerField(label="Locaux à acquérir", min_value=1, max_value=100_000)
    invested = AmountField(label="Montant à investir (€)")
    area_m2 = AmountField(
        label="Surface de vente visée (m²)",
        max_digits=12,
        required=False,
        help_text="Facultatif : laissée vide, la surface n’a pas d’objectif.",
    )
    start = BoundedDateField(label="Début de la période")
    years = forms.IntegerField(label="Durée (années)", min_value=1, max_value=30)
    reference = forms.CharField(
        label="Référence de la décision",
        max_length=200,
        required=False,
        help_text="Par exemple : délibération du conseil d’administration n° 2026-12.",
    )
