from django import forms

from cvv.core.formatting import of_place
from cvv.core.forms import AccessibleForm, AmountField, BoundedDateField
from cvv.funding.models import AgendaItem, Opinion, PaymentRequest
from cvv.organisations.enums import OrganisationKind
from cvv.organisations.models import Organisation

EXPENSE_ROWS = 8
TEXTAREA = {"rows": 3}
# ISO value, the only format <input type="date"> understands (never the localised one).
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class DossierCreateForm(AccessibleForm):
    """`communes`: those the person works for that have an active accompaniment; the
    select is preselected when there is only one."""

    commune = forms.ModelChoiceField(
        label="Commune",
        queryset=None,
        help_text="Les communes pour lesquelles vous travaillez et qui sont accompagnées.",
    )
    title = forms.CharField(label="Intitulé du projet", max_length=250)
    action = forms.ModelChoiceField(
        label="Action du plan d’actions concernée",
        queryset=None,
        required=False,
        help_text="Les actions de l’accompagnement de la commune dans l’édition en cours.",
    )

    def __init__(self, *args, communes, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        if len(communes) == 1:
            self.fields["commune"].empty_label = None
            self.fields["commune"].initial = communes[0].pk
            if self.data is not None and not self.data.get("commune"):
                self.data = self.data.copy()
                self.data["commune"] = communes[0].pk
        self.fields["action"].queryset = actions
        if len(communes) > 1:
            self.fields["action"].label_from_instance = lambda a: (
                f"{a.accompaniment.commune.nom} — {a}"
            )

    def clean(self):
        cleaned = super().clean()
        commune, action = cleaned.get("commune"), cleaned.get("action")
        if commune and action and action.accompaniment.commune_id != commune.pk:
            self.add_error("action", f"Cette action n’est pas une action {of_place(commune.nom)}.")
        return cleaned


class DossierForm(AccessibleForm):
    """The project, its financing plan and schedule; expense lines come as rows
    (category_N, label_N, ht_N, ttc_N) read by `expense_rows`."""

    title = forms.CharField(label="Intitulé du projet", max_length=250)
    description = forms.CharField(
        label="Description du projet", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    action = forms.ModelChoiceField(label="Action du plan d’actions", queryset=None, required=False)
    other_public_aid = AmountField(
        label="Autres aides publiques (€)",
        min_value=0,
        decimal_places=2,
        initial=0,
        help_text="État, région, département… : elles comptent dans le plafond de 80 %.",
    )
    other_public_aid_detail = forms.CharField(
        label="Détail des autres aides publiques",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    own_funds = AmountField(
        label="Autofinancement de la commune (€)", min_value=0, decimal_places=2, initial=0
    )
    starts_on = BoundedDateField(
        label="Début prévu des travaux",
        required=False,
        widget=DATE,
    )
    ends_on = BoundedDateField(label="Fin prévue", required=False, widget=DATE)
    schedule = forms.CharField(
        label="Calendrier (étapes)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions


def expense_rows(data, count=EXPENSE_ROWS):
    """Non-empty expense rows of the form: [(category, label, ht, ttc)]."""
    rows = []
    for index in range(count):
        category = (data.get(f"category_{index}") or "").strip()
        label = (data.get(f"label_{index}") or "").strip()
        ht = (data.get(f"ht_{index}") or "").strip()
        ttc = (data.get(f"ttc_{index}") or "").strip()
        if not (category or label or ht or ttc):
            continue
        rows.append((category, label, ht, ttc))
    return rows


class PaymentConfirmForm(AccessibleForm):
    confirm = forms.BooleanField(
        label="J’ai vérifié les montants et les justificatifs : je valide la mise en paiement.",
        required=True,
    )


class ReasonForm(AccessibleForm):
    reason = forms.CharField(label="Motif", required=False, widget=forms.Textarea(attrs=TEXTAREA))


class OpinionRequestForm(AccessibleForm):
    kind = forms.ChoiceField(label="Nature", choices=Opinion.Kind.choices)
    organisation = forms.ModelChoiceField(
        label="Partenaire sollicité",
        queryset=Organisation.objects.filter(
            kind__in=[OrganisationKind.PARTENAIRE, OrganisationKind.FONCIERE]
        ),
        required=False,
    )
    question = forms.CharField(
        label="Question posée", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    due_on = BoundedDateField(label="À rendre le", required=False, widget=DATE)


class ExternalOpinionRequestForm(AccessibleForm):
    email = forms.EmailField(label="Adresse e-mail de la personne sollicitée")
    question = forms.CharField(label="Question posée", widget=forms.Textarea(attrs=TEXTAREA))
    days = forms.IntegerField(
        label="Délai de réponse (jours)",
        min_value=1,
        max_value=60,
        initial=21,
        help_text="Le lien sécurisé expire à la fin de ce délai (60 jours au plus).",
    )


class ExternalOpinionForm(AccessibleForm):
    verdict = forms.ChoiceField(
        label="Votre avis", choices=[("", "— Choisir —"), *Opinion.Verdict.choices]
    )
    text = forms.CharField(label="Motivation", widget=forms.Textarea(attrs=TEXTAREA))
    author_name = forms.CharField(label="Vos nom et qualité", max_length=200)


class OpinionForm(AccessibleForm):
    verdict = forms.ChoiceField(label="Avis", choices=Opinion.Verdict.choices)
    text = forms.CharField(label="Motivation", widget=forms.Textarea(attrs=TEXTAREA))


class TextForm(AccessibleForm):
    text = forms.CharField(label="Texte", widget=forms.Textarea(attrs=TEXTAREA))


class DateForm(AccessibleForm):
    date = BoundedDateField(label="Date", widget=DATE)


class PaymentRequestForm(AccessibleForm):
    kind = forms.ChoiceField(label="Nature de la demande", choices=PaymentRequest.Kind.choices)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        for code in categories:
            self.fields[f"justified_{code}"] = AmountField(
                label=f"Dépenses justifiées HT — {code} (€)",
                required=False,
                min_value=0,
                decimal_places=2,
            )

    def justified(self):
        return {
            name.removeprefix("justified_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("justified_") and value is not None
        }


class SessionForm(AccessibleForm):
    title = forms.CharField(label="Intitulé", max_length=200)
    date = BoundedDateField(label="Date", widget=DATE)
    place = forms.CharField(label="Lieu", required=False, max_length=200)


class DecisionForm(AccessibleForm):
    """The committee's decision on one agenda item. It starts empty: the secretary picks the
    decision and, for a grant, types the amount voted (the proposed amount is only a hint)."""

    decision = forms.ChoiceField(
        label="Décision", choices=[("", "— Choisir la décision —"), *AgendaItem.Decision.choices]
    )
    amount = AmountField(
        label="Montant accordé (€)", required=False, max_digits=12, decimal_places=0
    )
    conditions = forms.CharField(
        label="Conditions", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reasons = forms.CharField(
        label="Motifs (refus, ajournement)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override_reason = forms.CharField(
        label="Dépassement de l’enveloppe : motif écrit (administrateur)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == AgendaItem.Decision.GRANTED and data.get("amount") is None:
            self.add_error("amount", "Indiquez le montant accordé par le comité.")
        return data


class EnvelopeForm(AccessibleForm):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    amount = AmountField(label="Montant voté (€)", min_value=0, decimal_places=2)


class ReglementDraftForm(AccessibleForm):
    code = forms.SlugField(label="Code de la nouvelle version", max_length=40)
    title = forms.CharField(label="Intitulé", max_length=200)
    effective_from = BoundedDateField(label="Date d’effet", widget=DATE)
