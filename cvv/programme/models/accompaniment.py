"""Accompaniment of a selected commune: team, phases, milestones, deliverables, action plan,
meetings, recommendations, conversation and expertise requests."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from cvv.core.formatting import of_place


class Phase(models.TextChoices):
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    STRATEGY = "strategy", "Stratégie"
    ACTION_PLAN = "action_plan", "Plan d’actions"
    IMPLEMENTATION = "implementation", "Mise en œuvre"
    EVALUATION = "evaluation", "Évaluation"


PHASE_ORDER = [p.value for p in Phase]


class Accompaniment(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "En cours"
        SUSPENDED = "suspended", "Suspendu"
        COMPLETED = "completed", "Terminé"
        ABANDONED = "abandoned", "Abandonné"

    ACTIVE_STATES = (State.ACTIVE,)

    edition = models.ForeignKey("programme.Edition", models.PROTECT, related_name="accompaniments")
    commune = models.ForeignKey(
        "territories.Commune", models.PROTECT, related_name="accompaniments"
    )
    candidature = models.OneToOneField(
        "programme.Candidature",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accompaniment",
    )
    state = models.CharField(
        "état", max_length=20, choices=State.choices, default=State.ACTIVE, db_index=True
    )
    phase = models.CharField(
        "phase", max_length=20, choices=Phase.choices, default=Phase.DIAGNOSTIC
    )
    studies_only = models.BooleanField(
        "études seulement",
        default=False,
        help_text="Retenue pour les études : l’accompagnement s’arrête au plan d’actions.",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referent_accompaniments",
        verbose_name="référent Métropole",
    )
    started_on = models.DateField("début", default=timezone.localdate)
    ended_on = models.DateField("fin", null=True, blank=True)
    summary = models.TextField("objectifs de l’accompagnement", blank=True)
    last_activity_at = models.DateTimeField("dernière activité", default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "accompagnement"
        ordering = ["commune__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "commune"], name="accompaniment_one_per_commune_and_edition"
            )
        ]

    def __str__(self):
        return f"Accompagnement {of_place(self.commune.nom)} — {self.edition}"

    @property
    def is_active(self):
        return self.state in self.ACTIVE_STATES

    @property
    def phase_index(self):
        return PHASE_ORDER.index(self.phase)


class TeamMember(models.Model):
    class Kind(models.TextChoices):
        REFERENT = "referent", "Référent Métropole"
        METROPOLE = "metropole", "Équipe Métropole"
        EXPERT = "expert", "Expert partenaire"
        COMMUNE = "commune", "Équipe communale"

    accompaniment = models.ForeignKey(Accompaniment, models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="accompaniment_memberships"
    )
    kind = models.CharField("rôle dans l’équipe", max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membre de l’équipe"
        ordering = ["kind", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["accompaniment", "user"], name="team_member_unique_per_accompaniment"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_kind_display()})"


class Milestone(models.Model):
    accompaniment = models.ForeignKey(Accompaniment, models.CASCADE, related_name="milestones")
    phase = models.CharField("phase", max_length=20, choices=Phase.choices)
    title = models.CharField("jalon", max_length=200)
    due_on = models.DateField("échéance", null=True, blank=True)
    done_on = models.DateField("atteint le", null=True, blank=True)

    class Meta:
        verbose_name = "jalon"
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class Deliverable(models.Model):
    """A deliverable of a phase; its document lives in the commune's vault, versioned there."""

    accompaniment = models.ForeignKey(Accompaniment, models.CASCADE, related_name="deliverables")
    phase = models.CharField("phase", max_length=20, choices=Phase.choices)
    title = models.CharField("livrable", max_length=200)
    milestone = models.ForeignKey(
        Milestone, models.SET_NULL, null=True, blank=True, related_name="deliverables"
    )
    document = models.ForeignKey("documents.Document", models.PROTECT, related_name="deliverables")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "livrable"
        ordering = ["phase", "title"]

    def __str__(self):
        return self.title


class Meeting(models.Model):
    class Kind(models.TextChoices):
        COPIL = "copil", "Comité de pilotage"
        COTECH = "cotech", "Comité technique"
        WORKSHOP = "workshop", "Atelier"
        VISIT = "visit", "Visite de terrain"
        OTHER = "other", "Autre réunion"

    accompaniment = models.ForeignKey(Accompaniment, models.CASCADE, related_name="meetings")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField("objet", max_length=200)
    held_at = models.DateTimeField("date")
    location = models.CharField("lieu", max_length=200, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="programme_meetings"
    )
    other_participants = models.TextField("autres participants", blank=True)
    minutes = models.TextField("compte rendu", blank=True)
    minutes_document = models.ForeignKey(
        "documents.Document", models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "réunion"
        ordering = ["-held_at"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.title}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="decisions")
    text = models.TextField("décision")
    action = models.OneToOneField(
        "programme.Action",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision",
    )

    class Meta:
        verbose_name = "décision"
        ordering = ["pk"]

    def __str__(self):
        return self.text[:80]


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Prévue"
        IN_PROGRESS = "in_progress", "En cours"
        DONE = "done", "Réalisée"
        CANCELLED = "cancelled", "Abandonnée"

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    accompaniment = models.ForeignKey(Accompaniment, models.CASCADE, related_name="actions")
    title = models.CharField("action", max_length=250)
    description = models.TextField("description", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_actions",
        verbose_name="responsable",
    )
    owner_label = models.CharField("responsable (hors plateforme)", max_length=200, blank=True)
    deadline = models.DateField("échéance", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    budget = models.DecimalField(
        "budget estimé (€)", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    phase = models.CharField("phase", max_length=20, choices=Phase.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_on = models.DateField("réalisée le", null=True, blank=True)

    class Meta:
        verbose_name = "action"
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="action_budget_gte_0")
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return (
            self.status in self.OPEN_STATUSES
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )

    @property
    def owner_name(self):
        return str(self.owner) if self.owner_id else self.owner_label


class Recommendation(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposée"
        IN_PROGRESS = "in_progress", "En cours"
        DONE = "done", "Faite"
        NOT_RELEVANT = "not_relevant", "Non pertinente"

    accompaniment = models.ForeignKey(Accompaniment, models.CASCADE, related_name="recommendations")
    title = models.CharField("recommandation", max_length=250)
    body = models.TextField("détail", blank=True)
    resources = models.ManyToManyField(
        "programme.Resource", blank=True, related_name="recommendations"
    )
    status = models.CharField(
        "statut", max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    commune_comment = models.TextField("commentaire de la commune", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "recommandation"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Message(models.Model):
    """The accompaniment's conversation; `private` notes are for Métropole and partners."""

    accompaniment = models.ForeignKey(Accompaniment, models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    body = models.TextField("message")
    private = models.BooleanField("note privée (Métropole et partenaires)", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "message"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:80]


class ExpertiseRequest(models.Model):
    class Domain(models.TextChoices):
        LEGAL = "legal", "Juridique"
        URBAN_PLANNING = "urban_planning", "Urbanisme"
        LAND = "land", "Foncier"
        COMMERCIAL = "commercial", "Programmation commerciale"
        CRAFTS = "crafts", "Artisanat"
        FINANCING = "financing", "Ingénierie financière"
        FONCIERE = "fonciere", "Intervention de la foncière"

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Envoyée"
        ACCEPTED = "accepted", "Prise en charge"
        ANSWERED = "answered", "Réponse apportée"
        CLOSED = "closed", "Close"
        DECLINED = "declined", "Déclinée"

    OPEN_STATES = (State.SUBMITTED, State.ACCEPTED)

    accompaniment = models.ForeignKey(
        Accompaniment, models.CASCADE, related_name="expertise_requests"
    )
    domain = models.CharField("domaine", max_length=20, choices=Domain.choices)
    subject = models.CharField("objet", max_length=250)
    question = models.TextField("question posée")
    partner = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="expertise_requests",
        verbose_name="partenaire sollicité",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_expertise_requests",
        verbose_name="expert en charge",
    )
    due_on = models.DateField("réponse attendue le")
    state = models.CharField(
        "état", max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    answer = models.TextField("réponse", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "demande d’expertise"
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.subject

    @property
    def is_overdue(self):
        return self.state in self.OPEN_STATES and self.due_on < timezone.localdate()
