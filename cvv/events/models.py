"""Events of the network: trainings, webinars, field visits and the annual Assises.

- `Event`: one event (kind, dates in UTC, place or link, who may register);
- `Session` and `Speaker`: its programme (rooms, times, parallel tracks, speakers with bios);
- `RegistrationCategory`: who registers (elected officials, agents, managers…) with a quota:
  the event's capacity is the sum of its quotas;
- `Question`: custom questions (accessibility needs, dietary requirements…);
- `Registration`: one person's registration, its state moved by `workflows.REGISTRATION`;
- `AwardCategory` and `Nomination`: the awards of the Assises (communes nominated, jury
  decision, laureates shown publicly).
"""

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from cvv.events.enums import (
    ACTIVE_STATES,
    Audience,
    Category,
    EventKind,
    EventState,
    NominationState,
    QuestionKind,
    RegistrationState,
    SessionKind,
)


class Event(models.Model):
    slug = models.SlugField("adresse courte", max_length=80, unique=True)
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type", max_length=20, choices=EventKind.choices)
    state = models.CharField(
        "état", max_length=20, choices=EventState.choices, default=EventState.DRAFT
    )
    summary = models.TextField("présentation", blank=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    venue = models.CharField("lieu", max_length=200, blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    online_url = models.URLField("lien du webinaire", blank=True)
    audience = models.CharField(
        "inscription", max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    registration_closes_at = models.DateTimeField("clôture des inscriptions", null=True, blank=True)
    training_hours = models.DecimalField(
        "durée de formation (heures)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        help_text="Portée sur les attestations de présence des formations.",
    )
    organiser_email = models.EmailField("contact des organisateurs", blank=True)
    confirm_within_days = models.PositiveSmallIntegerField(
        "délai de confirmation après la liste d’attente (jours)",
        default=0,
        help_text="Une personne à qui une place se libère doit la confirmer dans ce délai, "
        "sinon la place passe à la suivante. 0 : la place est confirmée d’office.",
    )
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "événement"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(training_hours__gte=0),
                                   name="event_training_hours_non_negative"),
        ]  # fmt: skip

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.audience == Audience.PUBLIC

    def registration_open(self, now: dt.datetime) -> bool:
        return (
            self.state == EventState.PUBLISHED
            and now < self.ends_at
            and (self.registration_closes_at is None or now < self.registration_closes_at)
        )


class Speaker(models.Model):
    name = models.CharField("nom", max_length=200)
    organisation = models.CharField("structure", max_length=200, blank=True)
    bio = models.TextField("biographie", blank=True)

    class Meta:
        verbose_name = "intervenant"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Session(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="sessions")
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type", max_length=20, choices=SessionKind.choices)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    room = models.CharField("salle", max_length=100, blank=True)
    track = models.CharField(
        "parcours", max_length=100, blank=True, help_text="Sessions parallèles : une par parcours."
    )
    description = models.TextField("description", blank=True)
    capacity = models.PositiveIntegerField(
        "places de l’atelier",
        null=True,
        blank=True,
        help_text="Pour un atelier : les inscrits le choisissent dans la limite de ces places. "
        "Vide : pas de choix à l’inscription.",
    )
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")

    class Meta:
        verbose_name = "session"
        ordering = ["starts_at", "track", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="session_ends_after_start"),
        ]  # fmt: skip

    def __str__(self):
        return self.title


class RegistrationCategory(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="categories")
    category = models.CharField("catégorie", max_length=20, choices=Category.choices)
    quota = models.PositiveIntegerField("places")

    class Meta:
        verbose_name = "catégorie d’inscription"
        ordering = ["event", "category"]
        constraints = [
            models.UniqueConstraint(fields=["event", "category"], name="one_quota_per_category")
        ]

    def __str__(self):
        return f"{self.get_category_display()} ({self.quota} places)"


class Question(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="questions")
    label = models.CharField("question", max_length=200)
    kind = models.CharField("type", max_length=10, choices=QuestionKind.choices)
    choices = models.TextField("choix proposés (un par ligne)", blank=True)
    required = models.BooleanField("réponse obligatoire", default=False)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "question"
        ordering = ["event", "position", "pk"]

    def __str__(self):
        return self.label

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Registration(models.Model):
    event = models.ForeignKey(Event, models.PROTECT, related_name="registrations")
    category = models.ForeignKey(RegistrationCategory, models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    email = models.EmailField("e-mail")
    organisation = models.CharField("structure", max_length=200, blank=True)
    answers = models.JSONField("réponses", default=dict, blank=True)
    state = models.CharField(
        "état", max_length=20, choices=RegistrationState.choices,
        default=RegistrationState.PENDING,
    )  # fmt: skip
    created_at = models.DateTimeField("inscrit le", auto_now_add=True)
    checked_in_at = models.DateTimeField("arrivée", null=True, blank=True)
    confirm_by = models.DateTimeField("à confirmer avant le", null=True, blank=True)
    workshops = models.ManyToManyField(
        Session, through="WorkshopChoice", blank=True, related_name="registrations"
    )
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)

    class Meta:
        verbose_name = "inscription"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(state__in=[s.value for s in ACTIVE_STATES]),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self):
        return f"Inscription n° {self.pk} — {self.full_name}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class WorkshopChoice(models.Model):
    """A workshop chosen by a registration holding a place; the workshop's places are counted
    under the event's row lock (`workshops.workshops_choose`)."""

    registration = models.ForeignKey(Registration, models.CASCADE, related_name="choices")
    session = models.ForeignKey(Session, models.PROTECT, related_name="choices")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "choix d’atelier"
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"],
                                    name="one_choice_per_workshop")
        ]  # fmt: skip

    def __str__(self):
        return f"{self.registration} — {self.session}"


class AwardCategory(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="award_categories")
    title = models.CharField("prix", max_length=200)
    description = models.TextField("ce que le prix distingue", blank=True)
    nominations_close_at = models.DateTimeField("clôture des candidatures")
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="award_juries", verbose_name="jurés"
    )
    jury_president = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="président(e) du jury",
    )

    class Meta:
        verbose_name = "prix des Assises"
        ordering = ["event", "title"]

    def __str__(self):
        return self.title


class Nomination(models.Model):
    award = models.ForeignKey(AwardCategory, models.PROTECT, related_name="nominations")
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="nominations")
    project = models.CharField("projet présenté", max_length=200)
    pitch = models.TextField("présentation du projet")
    state = models.CharField(
        "état", max_length=20, choices=NominationState.choices,
        default=NominationState.SUBMITTED,
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    jury_opinion = models.TextField("avis du jury", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField("données de démonstration", default=False)

    class Meta:
        verbose_name = "candidature à un prix"
        ordering = ["award", "commune__nom"]
        constraints = [
            models.UniqueConstraint(fields=["award", "commune"], name="one_nomination_per_commune")
        ]

    def __str__(self):
        return f"{self.commune} — {self.award}"


class SurveyAnswer(models.Model):
    """The satisfaction survey after the event: one answer per person present, anonymous in
    the results (averages and comments, never who said what)."""

    registration = models.OneToOneField(Registration, models.CASCADE, related_name="survey")
    overall = models.PositiveSmallIntegerField("satisfaction générale (1 à 5)")
    usefulness = models.PositiveSmallIntegerField("utilité pour votre travail (1 à 5)")
    comment = models.TextField("commentaire", blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "réponse au questionnaire de satisfaction"
        constraints = [
            models.CheckConstraint(condition=Q(overall__gte=1, overall__lte=5),
                                   name="survey_overall_1_to_5"),
            models.CheckConstraint(condition=Q(usefulness__gte=1, usefulness__lte=5),
                                   name="survey_usefulness_1_to_5"),
        ]  # fmt: skip

    def __str__(self):
        return f"Réponse au questionnaire — {self.registration.event}"


class AwardCriterion(models.Model):
    """A criterion of an award's scoring grid (weighted, as the programme's selection grid)."""

    award = models.ForeignKey(AwardCategory, models.CASCADE, related_name="criteria")
    label = models.CharField("critère", max_length=200)
    weight = models.PositiveSmallIntegerField("poids", default=1)
    max_score = models.PositiveSmallIntegerField("note maximale", default=5)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "critère du jury"
        ordering = ["award", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="award_criterion_weight_gt_0"),
            models.CheckConstraint(condition=Q(max_score__gte=1),
                                   name="award_criterion_max_score_gte_1"),
        ]  # fmt: skip

    def __str__(self):
        return self.label


class JuryReview(models.Model):
    """One juror's scoring of one nomination, or their declared conflict of interest (a juror
    who declared a conflict cannot score that nomination)."""

    nomination = models.ForeignKey(Nomination, models.CASCADE, related_name="jury_reviews")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    conflict_declared = models.BooleanField("conflit d’intérêts déclaré", default=False)
    conflict_details = models.TextField("détail du conflit d’intérêts", blank=True)
    comment = models.TextField("commentaire", blank=True, max_length=2000)
    total = models.DecimalField("note sur 100", max_digits=5, decimal_places=2, null=True,
                                blank=True)  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "évaluation du jury"
        ordering = ["nomination", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "juror"], name="one_review_per_juror"),
            models.CheckConstraint(condition=Q(conflict_declared=False) | Q(total__isnull=True),
                                   name="jury_conflict_has_no_total"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.nomination} — {self.juror}"


class JuryScore(models.Model):
    review = models.ForeignKey(JuryReview, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AwardCriterion, models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField("note")

    class Meta:
        verbose_name = "note du jury"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="jury_score_one_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion} : {self.value}"


def batch_path(instance, filename):
    suffix = ".zip" if filename.endswith(".zip") else ".pdf"
    return f"events/lots/{instance.kind}/{uuid.uuid4().hex}{suffix}"


class BatchJob(models.Model):
    """Badges or certificates of a whole event made in the background (huey): the organisers'
    page shows its progress (rows done out of rows total) and, once done, downloads the file
    (one PDF of badges, or a ZIP of one certificate PDF per person present)."""

    class Kind(models.TextChoices):
        BADGES = "badges", "Badges (PDF)"
        CERTIFICATES = "certificates", "Attestations de présence (ZIP de PDF)"

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours"
        SUCCEEDED = "succeeded", "Terminé"
        FAILED = "failed", "Échoué"

    event = models.ForeignKey(Event, models.CASCADE, related_name="batch_jobs")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    category = models.CharField("catégorie", max_length=20, choices=Category.choices, blank=True)
    status = models.CharField("état", max_length=20, choices=Status.choices,
                              default=Status.PENDING)  # fmt: skip
    rows_total = models.PositiveIntegerField("documents à produire", default=0)
    rows_done = models.PositiveIntegerField("documents produits", default=0)
    file = models.FileField("fichier", upload_to=batch_path, max_length=255, blank=True)
    error = models.CharField("erreur", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+",
                                   verbose_name="demandé par")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    progress_at = models.DateTimeField(
        "dernier avancement", null=True, blank=True,
        help_text="Début du travail puis chaque page produite : un lot « en cours » sans "
        "avancement depuis longtemps est déclaré échoué (worker arrêté).",
    )  # fmt: skip
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lot de documents"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rows_done__lte=models.F("rows_total")),
                                   name="batch_job_done_within_total"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.get_kind_display()} — {self.event}"

    @property
    def is_done(self):
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self):
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def filename(self):
        suffix = "zip" if self.kind == self.Kind.CERTIFICATES else "pdf"
        return f"{self.kind}-{self.event.slug}.{suffix}"


def session_document_path(instance, filename):
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"events/sessions/{uuid.uuid4().hex}{suffix}"


class SessionDocument(models.Model):
    """The slides or the minutes of a session, added by the organisers (the file checked by
    the document vault's validation) and shown on the public event page once it has ended."""

    class Kind(models.TextChoices):
        SLIDES = "slides", "Support de présentation"
        MINUTES = "minutes", "Compte rendu"

    session = models.ForeignKey(Session, models.CASCADE, related_name="documents")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    title = models.CharField("titre", max_length=200)
    file = models.FileField("fichier", upload_to=session_document_path, max_length=255)
    original_name = models.CharField("nom du fichier déposé", max_length=255)
    content_type = models.CharField("type de contenu", max_length=120)
    size = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+",
                                    verbose_name="déposé par")  # fmt: skip
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "document d’une session"
        ordering = ["session__starts_at", "kind", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.title}"
