from django import forms

from cvv.core.forms import AccessibleForm, AccessibleModelForm, AmountField, BoundedDateField
from cvv.documents.models import Document
from cvv.programme.models import (
    Action,
    Candidature,
    ExpertiseRequest,
    HelpRequest,
    Meeting,
    Phase,
    Resource,
    TeamMember,
)
from cvv.programme.services.candidatures import EDITABLE_FIELDS
from cvv.programme.services.editions import CALL_FIELDS, EDITION_FIELDS
from cvv.programme.services.toolbox import RESOURCE_FIELDS
from cvv.users.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CandidatureForm(AccessibleModelForm):
    class Meta:
        model = Candidature
        fields = list(EDITABLE_FIELDS)
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in fields[4:]}

    def __init__(self, *args, questions=(), documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        candidature = self.instance
        for question in questions:
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=question.label,
                help_text=question.help_text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=candidature.answers.get(str(question.pk), ""),
            )
        self.fields["documents"] = forms.ModelMultipleChoiceField(
            label="Pièces jointes (coffre-fort de la commune)",
            queryset=documents if documents is not None else Document.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[d.pk for d in candidature.documents.all()] if candidature.pk else [],
            help_text="Déposez d’abord les pièces dans le coffre-fort documentaire de la commune.",
        )

    def answers(self):
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and isinstance(value, str)
        }


class ReasonForm(AccessibleForm):
    reason = forms.CharField(
        label="Motif / commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(AccessibleForm):
    decision = forms.ChoiceField(
        label="Décision du comité",
        choices=[
            ("accept", "Retenue"),
            ("accept_studies", "Retenue pour les études seulement"),
            ("refuse", "Non retenue"),
            ("defer", "Ajournée"),
        ],
    )
    reason = forms.CharField(label="Motif de la décision", widget=forms.Textarea(attrs={"rows": 3}))
    referent = forms.ModelChoiceField(
        label="Référent Métropole (si retenue)",
        queryset=User.objects.none(),
        required=False,
    )

    def __init__(self, *args, referents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if referents is not None:
            self.fields["referent"].queryset = referents


class ReviewForm(AccessibleForm):
    interests = forms.ChoiceField(
        label="Déclaration d’intérêts",
        choices=[
            ("none", "Je déclare n’avoir aucun conflit d’intérêts avec cette commune"),
            ("conflict", "Je déclare un conflit d’intérêts avec cette commune (je me déporte)"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    conflict_details = forms.CharField(
        label="Nature du conflit d’intérêts",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        label="Appréciation générale", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria=(), review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        existing = {s.criterion_id: s for s in review.scores.all()} if review else {}
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.label} (pondération {criterion.weight:g}, note sur "
                f"{criterion.max_score})",
                help_text=criterion.description,
                min_value=0,
                max_value=criterion.max_score,
                required=False,
                initial=score.value if score else None,
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=f"Commentaire — {criterion.label}",
                required=False,
                max_length=500,
                initial=score.comment if score else "",
            )
        if review is not None:
            self.fields["comment"].initial = review.comment
            if review.no_conflict_declared:
                self.fields["interests"].initial = "none"

    def scores(self):
        return {
            c.pk: (
                self.cleaned_data.get(f"score_{c.pk}"),
                self.cleaned_data.get(f"note_{c.pk}", ""),
            )
            for c in self.criteria
        }


class TeamMemberForm(AccessibleForm):
    email = forms.EmailField(label="E-mail de la personne (compte existant)")
    kind = forms.ChoiceField(label="Rôle dans l’équipe", choices=TeamMember.Kind.choices)


class MilestoneForm(AccessibleForm):
    phase = forms.ChoiceField(label="Phase", choices=Phase.choices)
    title = forms.CharField(label="Jalon", max_length=200)
    due_on = BoundedDateField(label="Échéance", required=False, widget=DATE)


class DeliverableForm(AccessibleForm):
    phase = forms.ChoiceField(label="Phase", choices=Phase.choices)
    title = forms.CharField(label="Titre du livrable", max_length=200)
    file = forms.FileField(label="Fichier")


class DeliverableVersionForm(AccessibleForm):
    file = forms.FileField(label="Nouvelle version")


class ActionForm(AccessibleModelForm):
    class Meta:
        model = Action
        fields = ["title", "description", "owner", "owner_label", "deadline", "budget", "phase"]
        widgets = {"deadline": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people if people is not None else User.objects.none()
        self.fields["owner"].required = False


class MeetingForm(AccessibleModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "held_at", "location", "participants", "other_participants"]
        widgets = {
            "held_at": DATETIME,
            "participants": forms.CheckboxSelectMultiple,
            "other_participants": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people if people is not None else User.objects.none()
        self.fields["participants"].required = False


class MinutesForm(AccessibleForm):
    minutes = forms.CharField(
        label="Compte rendu", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    minutes_file = forms.FileField(label="Compte rendu signé (fichier)", required=False)


class DecisionItemForm(AccessibleForm):
    text = forms.CharField(label="Décision", widget=forms.Textarea(attrs={"rows": 2}))
    make_action = forms.BooleanField(label="Ajouter au plan d’actions", required=False)
    owner = forms.ModelChoiceField(
        label="Responsable", queryset=User.objects.none(), required=False
    )
    deadline = BoundedDateField(label="Échéance", required=False, widget=DATE)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["owner"].queryset = people


class RecommendationForm(AccessibleForm):
    title = forms.CharField(label="Recommandation", max_length=250)
    body = forms.CharField(label="Détail", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    resources = forms.ModelMultipleChoiceField(
        label="Ressources de la boîte à outils",
        queryset=Resource.objects.published(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MessageForm(AccessibleForm):
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 3}))
    private = forms.BooleanField(
        label="Note privée (visible de la Métropole et des partenaires seulement)", required=False
    )


class ExpertiseRequestForm(AccessibleModelForm):
    class Meta:
        model = ExpertiseRequest
        fields = ["domain", "subject", "question", "due_on", "partner"]
        widgets = {"due_on": DATE, "question": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "partner": "Laissé vide : la demande est orientée vers le partenaire du domaine."
        }

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].required = False
        if partners is not None:
            self.fields["partner"].queryset = partners


class ExpertiseActionForm(AccessibleForm):
    text = forms.CharField(
        label="Réponse ou motif", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ResourceForm(AccessibleModelForm):
    url = forms.URLField(label="Lien externe", required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = list(RESOURCE_FIELDS)
        widgets = {
            "last_reviewed_on": DATE,
            "expires_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
        }


class AttachmentForm(AccessibleForm):
    title = forms.CharField(label="Titre", max_length=200, required=False)
    file = forms.FileField(label="Fichier")


class ResourceReviewedForm(AccessibleForm):
    expires_on = BoundedDateField(label="Prochaine revue avant le", required=False, widget=DATE)


class PreferencesForm(AccessibleForm):
    overdue_action = forms.BooleanField(label="Actions en retard", required=False)
    overdue_expertise = forms.BooleanField(label="Demandes d’expertise en retard", required=False)
    inactive_accompaniment = forms.BooleanField(
        label="Accompagnements sans activité", required=False
    )
    by_email = forms.BooleanField(
        label="Recevoir aussi par e-mail les relances et les notifications "
        "(programme et fonds FIMACS)",
        required=False,
    )


class EditionForm(AccessibleForm):
    number = forms.IntegerField(label="Numéro de l’édition", min_value=1)
    name = forms.CharField(label="Nom", max_length=120, help_text="Par exemple « 4e édition ».")
    year = forms.IntegerField(label="Année", min_value=2020, max_value=2100)
    starts_on = BoundedDateField(label="Début", widget=DATE)
    ends_on = BoundedDateField(label="Fin", widget=DATE)
    budget = AmountField(label="Enveloppe (€)", min_value=0, decimal_places=2)
    inactivity_days = forms.IntegerField(
        label="Relance après inactivité (jours)", min_value=1, max_value=365, initial=30
    )
    description = forms.CharField(
        label="Présentation", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bonus_small = AmountField(
        max_digits=5,
        label="Bonus besoin : petite commune (points sur 100)",
        min_value=0,
        max_value=50,
        decimal_places=2,
        initial=5,
    )
    bonus_fragile = AmountField(
        max_digits=5,
        label="Bonus besoin : commune fragile (points sur 100)",
        min_value=0,
        max_value=50,
        decimal_places=2,
        initial=5,
    )
    bonus_third_quartile = AmountField(
        max_digits=5,
        label="Bonus besoin : 3e quartile de l’indice de besoin (points sur 100)",
        min_value=0,
        max_value=50,
        decimal_places=2,
        initial=2,
    )
    call_title = forms.CharField(label="Titre de l’appel à candidatures", max_length=200)
    call_opens_on = BoundedDateField(label="Ouverture de l’appel", widget=DATE)
    call_closes_on = BoundedDateField(label="Clôture de l’appel", widget=DATE)
    call_description = forms.CharField(
        label="Présentation de l’appel", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    call_eligibility = forms.CharField(
        label="Conditions d’éligibilité", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    required_documents = forms.MultipleChoiceField(
        label="Pièces obligatoires",
        choices=Document._meta.get_field("kind").choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def edition_fields(self):
        return {key: self.cleaned_data[key] for key in EDITION_FIELDS}

    def call_data(self):
        data = self.cleaned_data
        return {
            **{key: data[f"call_{key}"] for key in CALL_FIELDS},
            "required_documents": data["required_documents"],
        }


class QuestionForm(AccessibleForm):
    label = forms.CharField(label="Question", max_length=300)
    help_text = forms.CharField(label="Aide", max_length=300, required=False)
    required = forms.BooleanField(label="Réponse obligatoire", required=False, initial=True)


class CriterionForm(AccessibleForm):
    label = forms.CharField(label="Critère", max_length=200)
    description = forms.CharField(label="Description", max_length=400, required=False)
    weight = AmountField(label="Pondération", min_value="0.01", max_digits=5)
    max_score = forms.IntegerField(label="Note maximale", min_value=1, max_value=20, initial=5)


class HelpRequestForm(AccessibleForm):
    """Ask the Métropole for help; the commune is chosen only by someone working for several."""

    commune = forms.ModelChoiceField(label="Commune", queryset=None, empty_label=None)
    topic = forms.ChoiceField(label="Sujet", choices=HelpRequest.Topic.choices)
    subject = forms.CharField(label="Objet", max_length=200)
    body = forms.CharField(
        label="Votre demande",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Décrivez la situation et ce que vous attendez de la Métropole.",
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        if communes.count() == 1:
            self.fields["commune"].initial = communes.get()
            self.fields["commune"].widget = forms.HiddenInput()


class HelpMessageForm(AccessibleForm):
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 4}))
