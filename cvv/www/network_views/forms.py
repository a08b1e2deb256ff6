from django import forms

from cvv.core.forms import BoundedDateField
from cvv.network.enums import Topic
from cvv.network.models import Profile

TOPIC_CHOICES = Topic.choices


class ProfileForm(forms.ModelForm):
    since = BoundedDateField(label="En poste depuis", required=False)
    topics = forms.MultipleChoiceField(
        label="Compétences et thèmes",
        choices=TOPIC_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Profile
        fields = [
            "in_directory",
            "job_title",
            "since",
            "bio",
            "phone",
            "show_job_title",
            "show_since",
            "show_bio",
            "show_topics",
            "show_projects",
            "show_trainings",
            "show_email",
            "show_phone",
        ]


class ProjectForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    topic = forms.ChoiceField(label="Thème", choices=TOPIC_CHOICES)
    year = forms.IntegerField(label="Année", min_value=1990, max_value=2100)
    summary = forms.CharField(
        label="Résumé", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    accompaniment = forms.ModelChoiceField(
        label="Accompagnement du programme lié", queryset=None, required=False
    )
    dossier = forms.ModelChoiceField(label="Dossier FIMACS lié", queryset=None, required=False)

    def __init__(self, *args, accompaniments, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accompaniment"].queryset = accompaniments
        self.fields["dossier"].queryset = dossiers


class SearchForm(forms.Form):
    topic = forms.ChoiceField(label="Thème", choices=[("", "Tous")] + TOPIC_CHOICES, required=False)
    territoire = forms.ChoiceField(label="Territoire", required=False)
    q = forms.CharField(label="Nom ou commune", max_length=100, required=False)

    def __init__(self, *args, territoires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].choices = [("", "Tous")] + [(t.code, str(t)) for t in territoires]


class NeedForm(forms.Form):
    topic = forms.ChoiceField(label="Thème de votre besoin", choices=TOPIC_CHOICES)
    text = forms.CharField(label="Votre besoin en quelques mots", max_length=500, required=False)


class ContactForm(forms.Form):
    topic = forms.ChoiceField(label="Thème", choices=TOPIC_CHOICES)
    message = forms.CharField(
        label="Votre besoin", max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Votre réponse (facultative)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    title = forms.CharField(label="Votre question", max_length=200)
    topic = forms.ChoiceField(label="Thème", choices=TOPIC_CHOICES)
    body = forms.CharField(
        label="Précisions",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AnswerPostForm(forms.Form):
    body = forms.CharField(
        label="Votre réponse", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class NewsForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    body = forms.CharField(
        label="Texte", max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


class NewsletterForm(forms.Form):
    subject = forms.CharField(label="Objet", max_length=200)
    body = forms.CharField(
        label="Texte de la lettre (ou introduction si vous reprenez des actualités)",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    news = forms.ModelMultipleChoiceField(
        label="Reprendre des actualités du réseau",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Chaque actualité cochée est reprise dans la lettre : titre, date et texte.",
    )

    def __init__(self, *args, news, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["news"].queryset = news

    def clean(self):
        data = super().clean()
        if not data.get("body", "").strip() and not data.get("news"):
            raise forms.ValidationError("Écrivez le texte de la lettre ou cochez des actualités.")
        return data


class AdviceForm(forms.Form):
    domain = forms.ChoiceField(label="Domaine", choices=[])
    organisation = forms.ModelChoiceField(
        label="Adressée à",
        queryset=None,
        required=False,
        empty_label="Orientation automatique selon le domaine",
    )
    subject = forms.CharField(label="Objet", max_length=250)
    question = forms.CharField(
        label="Votre question", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, domains, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = domains
        self.fields["organisation"].queryset = targets


class AdviceActionForm(forms.Form):
    text = forms.CharField(
        label="Réponse ou motif",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class JobForm(forms.Form):
    title = forms.CharField(label="Intitulé du poste", max_length=200)
    employer = forms.CharField(label="Employeur", max_length=200)
    place = forms.CharField(label="Lieu", max_length=200)
    description = forms.CharField(
        label="Description", max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    contact = forms.EmailField(label="Adresse de candidature")
    closes_on = BoundedDateField(label="Candidatures jusqu’au")
