"""Forms of the events pages."""

from django import forms
from django.utils import timezone

from cvv.core.forms import AccessibleForm, AccessibleModelForm, BoundedDateTimeField
from cvv.documents.validation import ALLOWED_LABEL
from cvv.events.enums import Category, QuestionKind
from cvv.events.models import AwardCriterion, Event, Question, Session, SessionDocument, Speaker
from cvv.events.workshops import workshops_of

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

        self.workshops = list(workshops_of(event))
        if self.workshops:
            self.fields["workshops"] = workshop_field(
                self.workshops, "Ateliers (retenus si votre place est confirmée)"
            )

    def answers(self):
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and value
        }


def workshop_label(workshop):
    start = timezone.localtime(workshop.starts_at)
    left = max(workshop.capacity - workshop.taken, 0)
    where = f", {workshop.room}" if workshop.room else ""
    places = f"{left} place(s) restante(s)" if left else "complet"
    return (f"{workshop.title} — {start:%H:%M}–{timezone.localtime(workshop.ends_at):%H:%M}"
            f"{where} ({places})")  # fmt: skip


def workshop_field(workshops, label):
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=[(str(w.pk), workshop_label(w)) for w in workshops],
        widget=forms.CheckboxSelectMultiple,
        help_text="Un atelier par créneau ; les places de chaque atelier sont limitées.",
    )


class WorkshopsForm(AccessibleForm):
    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshops"] = workshop_field(workshops, "Vos ateliers")


class CheckInForm(AccessibleForm):
    code = forms.CharField(label="Code d’accueil (scanné, collé ou saisi)", max_length=500)


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
                  "confirm_within_days", "organiser_email"]  # fmt: skip


class SessionForm(AccessibleModelForm):
    starts_at = BoundedDateTimeField(label="Début", widget=LOCAL)
    ends_at = BoundedDateTimeField(label="Fin", widget=LOCAL)

    class Meta:
        model = Session
        fields = ["title", "kind", "starts_at", "ends_at", "room", "track", "capacity",
                  "description", "speakers"]  # fmt: skip
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


class JuryForm(AccessibleForm):
    jurors = forms.ModelMultipleChoiceField(
        label="Jurés", queryset=None, required=False, widget=forms.SelectMultiple
    )
    president = forms.ModelChoiceField(label="Président(e) du jury", queryset=None,
                                       required=False)  # fmt: skip

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurors"].queryset = people
        self.fields["president"].queryset = people
        label = lambda u: u.get_full_name() or u.email  # noqa: E731
        self.fields["jurors"].label_from_instance = label
        self.fields["president"].label_from_instance = label


class CriterionForm(AccessibleModelForm):
    class Meta:
        model = AwardCriterion
        fields = ["label", "weight", "max_score", "position"]


class JuryScoreForm(AccessibleForm):
    comment = forms.CharField(label="Commentaire (facultatif)", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {
            f"score_{c.pk}": forms.IntegerField(
                label=f"{c.label} (0 à {c.max_score}, poids {c.weight})",
                min_value=0,
                max_value=c.max_score,
            )
            for c in self.criteria
        }
        self.fields = {**fields, **self.fields}

    def scores(self):
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ConflictForm(AccessibleForm):
    details = forms.CharField(label="Conflit d’intérêts : décrivez-le", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class SessionDocumentForm(AccessibleForm):
    session = forms.ModelChoiceField(label="Session", queryset=None)
    kind = forms.ChoiceField(label="Nature", choices=SessionDocument.Kind.choices)
    title = forms.CharField(label="Titre (le nom du fichier sinon)", max_length=200,
                            required=False)  # fmt: skip
    file = forms.FileField(label="Fichier", help_text=f"Formats acceptés : {ALLOWED_LABEL}.")

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.all()
