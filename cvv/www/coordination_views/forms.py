from django import forms

from cvv.coordination.models import MetroProgramme, Participation, ProgrammeCall
from cvv.core.forms import AccessibleForm, AccessibleModelForm
from cvv.documents.models import Document


class ProgrammeForm(AccessibleModelForm):
    website = forms.URLField(label="Page du programme", required=False, assume_scheme="https")

    class Meta:
        model = MetroProgramme
        fields = [
            "code",
            "name",
            "purpose",
            "who_may_apply",
            "what_commune_gets",
            "rate",
            "ceiling",
            "contact_name",
            "contact_email",
            "website",
            "organisation",
            "is_active",
        ]
        help_texts = {
            "code": "Identifiant court utilisé dans les fichiers importés (ex. tiers-lieux).",
            "organisation": (
                "Ses membres (comptes partenaires) reçoivent et traitent les orientations."
            ),
        }


class CallForm(AccessibleModelForm):
    url = forms.URLField(label="Page de l’appel", required=False, assume_scheme="https")

    class Meta:
        model = ProgrammeCall
        fields = [
            "title",
            "opens_on",
            "closes_on",
            "min_population",
            "max_population",
            "territoires",
            "url",
        ]
        widgets = {"territoires": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_population"), cleaned.get("max_population")
        if low is not None and high is not None and high < low:
            self.add_error("max_population", "La population maximale précède la minimale.")
        return cleaned


class ParticipationForm(AccessibleModelForm):
    class Meta:
        model = Participation
        fields = ["commune", "programme", "project", "amount", "status", "started_on", "ended_on"]

    def __init__(self, *args, communes, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["programme"].queryset = programmes


class ImportForm(AccessibleForm):
    file = forms.FileField(
        label="Fichier (CSV ou XLSX)",
        help_text=(
            "Colonnes du modèle : code_commune, programme, projet, montant, statut, debut, fin."
        ),
    )


class ReferralForm(AccessibleForm):
    programme = forms.ModelChoiceField(label="Programme", queryset=MetroProgramme.objects.none())
    project = forms.CharField(label="Projet", max_length=300)
    summary = forms.CharField(
        label="Présentation du projet",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce que le projet vise, où il en est, ce que la commune attend du programme.",
    )
    documents = forms.ModelMultipleChoiceField(
        label="Pièces du coffre-fort à joindre",
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les pièces déjà déposées par la commune : rien à téléverser de nouveau.",
    )

    def __init__(self, *args, programmes, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["documents"].queryset = documents
        self.fields["documents"].label_from_instance = lambda d: (
            f"{d.title} ({d.get_kind_display()}, {d.uploaded_at:%d/%m/%Y})"
        )


class AnswerForm(AccessibleForm):
    reason = forms.CharField(
        label="Réponse ou motif",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour accepter ou décliner : la commune la lira.",
    )
