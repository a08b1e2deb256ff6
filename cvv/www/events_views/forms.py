"""Forms of the events pages."""

from django import forms

from cvv.core.forms import AccessibleForm, AccessibleModelForm, BoundedDateTimeField
from cvv.events.enums import Category, QuestionKind
from cvv.events.models import Event, Question, Session, Speaker

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegistrationForm(AccessibleForm):
    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(label="Adresse e-mail")
    organisation = forms.CharField(label="Structure (commune, entreprise…)", max_length=200,
                                   required=False)  # fmt: skip
    category = forms.ChoiceField(label="Vous êtes")
    consent = forms.BooleanField(
        label="J’accepte que ces informations servent à organiser l’événement ; elles sont "
        "effacées un an après celui-ci.",
    )

    def __init__(self, *args, event, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["category"].choices = [
            (c.category, c.get_category_display()) for c in event.categories.all()
        ]
        if user is not None and user.is_authenticated:
            for name in ("first_name", "last_name", "email"):
                self.fields[name].initial = getattr(user, name, "")
        for question in event.questions.all():
            name = f"q_{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    choices=[("", "—")] + [(c, c) for c in question.choice_list()]
                )
            elif question.kind == QuestionKind.YESNO:
                field = forms.ChoiceField(choices=[("", "—"), ("oui", "Oui"), ("non", "Non")])
            else:
                field = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
            field.label, field.required = question.label, question.required
            self.fields[name] = field

    def answers(self):
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and value
        }


class CheckInForm(AccessibleForm):
    code = forms.CharField(label="Code d’accueil (scanné ou saisi)", max_length=120)


class ReasonForm(AccessibleForm):
    reason = forms.CharField(label="Motif ou avis", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class NominationForm(AccessibleForm):
    commune = forms.ModelChoiceField(label="Commune candidate", queryset=None)
    project = forms.CharField(label="Projet présenté", max_length=200)
    pitch = forms.CharField(label="Présentation du projet", widget=forms.Textarea)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class EventForm(AccessibleModelForm):
    starts_at = BoundedDateTimeField(label="Début", widget=LOCAL)
    ends_at = BoundedDateTimeField(label="Fin", widget=LOCAL)
    online_url = forms.URLField(label="Lien du webinaire", required=False, assume_scheme="https")
    registration_closes_at = BoundedDateTimeField(label="Clôture des inscriptions",
                                                  widget=LOCAL, required=False)  # fmt: skip

    class Meta:
        model = Event
        fields = ["title", "slug", "kind", "summary", "starts_at", "ends_at", "venue", "address",
                  "online_url", "audience", "registration_closes_at", "training_hours",
                  "organiser_email"]  # fmt: skip


class SessionForm(AccessibleModelForm):
    starts_at = BoundedDateTimeField(label="Début", widget=LOCAL)
    ends_at = BoundedDateTimeField(label="Fin", widget=LOCAL)

    class Meta:
        model = Session
        fields = ["title", "kind", "starts_at", "ends_at", "room", "track", "description",
                  "speakers"]  # fmt: skip
        widgets = {"speakers": forms.CheckboxSelectMultiple}


class SpeakerForm(AccessibleModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "organisation", "bio"]


class QuotaForm(AccessibleForm):
    category = forms.ChoiceField(label="Catégorie", choices=Category.choices)
    quota = forms.IntegerField(label="Places", min_value=0, max_value=100000)


class QuestionForm(AccessibleModelForm):
    class Meta:
        model = Question
        fields = ["label", "kind", "choices", "required", "position"]


SCALE = [(str(n), str(n)) for n in range(1, 6)]


class SurveyForm(AccessibleForm):
    overall = forms.TypedChoiceField(
        label="Satisfaction générale (1 : pas du tout, 5 : très)",
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label="Utilité pour votre travail (1 à 5)",
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="Commentaire (facultatif)", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
