"""Editions of the programme, their call for applications, candidatures and selection."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cvv.core.formatting import of_place
from cvv.documents.models import SlotPiece


class Edition(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "En préparation"
        CALL_OPEN = "call_open", "Appel à candidatures ouvert"
        SELECTION = "selection", "Sélection en cours"
        RUNNING = "running", "Accompagnements en cours"
        CLOSED = "closed", "Clôturée"

    number = models.PositiveSmallIntegerField("numéro", unique=True)
    name = models.CharField("nom", max_length=120, help_text="Par exemple « 3e édition ».")
    year = models.PositiveSmallIntegerField("année")
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    budget = models.DecimalField(
        "enveloppe budgétaire (€)", max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.DRAFT)
    description = models.TextField("présentation", blank=True)
    inactivity_days = models.PositiveSmallIntegerField(
        "relance après inactivité (jours)",
        default=30,
        help_text="Un accompagnement sans activité depuis ce nombre de jours est relancé.",
    )
    # The need bonus added to the mean score (over 100) in the ranking: the rebalancing
    # promise, as parameters of the edition.
    bonus_small = models.DecimalField(
        "bonus petite commune (< 20 000 hab.)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
    )
    bonus_fragile = models.DecimalField(
        "bonus commune fragile", max_digits=5, decimal_places=2, default=Decimal("5.00")
    )
    bonus_third_quartile = models.DecimalField(
        "bonus 3e quartile de l’indice de besoin",
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.00"),
        help_text="Pour une commune non fragile dont l’indice de besoin est dans le 3e quartile.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "édition"
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="edition_dates_order"
            ),
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="edition_budget_gte_0"),
            models.CheckConstraint(
                condition=models.Q(bonus_small__gte=0)
                & models.Q(bonus_fragile__gte=0)
                & models.Q(bonus_third_quartile__gte=0),
                name="edition_bonuses_gte_0",
            ),
        ]

    def __str__(self):
        return self.name


class CallForApplications(models.Model):
    edition = models.OneToOneField(Edition, models.CASCADE, related_name="call")
    title = models.CharField("titre", max_length=200)
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("clôture")
    description = models.TextField("présentation de l’appel", blank=True)
    eligibility = models.TextField("conditions d’éligibilité", blank=True)
    required_documents = models.JSONField(
        "pièces obligatoires",
        default=list,
        blank=True,
        help_text="Natures de documents du coffre-fort à joindre (ex. « deliberation »).",
    )

    class Meta:
        verbose_name = "appel à candidatures"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="call_dates_order"
            )
        ]

    def __str__(self):
        return self.title


class CallQuestion(models.Model):
    call = models.ForeignKey(CallForApplications, models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    label = models.CharField("question", max_length=300)
    help_text = models.CharField("aide", max_length=300, blank=True)
    required = models.BooleanField("obligatoire", default=True)

    class Meta:
        verbose_name = "question de l’appel"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class Criterion(models.Model):
    """One line of the weighted scoring grid of an edition."""

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    label = models.CharField("critère", max_length=200)
    description = models.CharField("description", max_length=400, blank=True)
    weight = models.DecimalField("pondération", max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField("note maximale", default=5)

    class Meta:
        verbose_name = "critère de sélection"
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_gt_0"),
            models.CheckConstraint(
                condition=models.Q(max_score__gte=1), name="criterion_max_score_gte_1"
            ),
        ]

    def __str__(self):
        return self.label


class Candidature(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        SUBMITTED = "submitted", "Déposée"
        COMPLETION_REQUESTED = "completion_requested", "Compléments demandés"
        RESUBMITTED = "resubmitted", "Complétée et redéposée"
        UNDER_REVIEW = "under_review", "Éligible, en évaluation"
        INELIGIBLE = "ineligible", "Inéligible"
        ACCEPTED = "accepted", "Retenue"
        ACCEPTED_STUDIES = "accepted_studies", "Retenue pour les études seulement"
        REFUSED = "refused", "Non retenue"
        DEFERRED = "deferred", "Ajournée"
        WITHDRAWN = "withdrawn", "Retirée"

    EDITABLE_STATES = (State.DRAFT, State.COMPLETION_REQUESTED)
    DECIDED_STATES = (State.ACCEPTED, State.ACCEPTED_STUDIES, State.REFUSED, State.DEFERRED)

    edition = models.ForeignKey(Edition, models.PROTECT, related_name="candidatures")
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="candidatures")
    state = models.CharField(
        "état", max_length=30, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # What the platform knows, copied at submission (a commune never types it).
    siren = models.CharField("SIREN", max_length=9, blank=True)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    territoire_code = models.CharField("territoire", max_length=3, blank=True)
    need_small = models.BooleanField("petite commune", default=False)
    need_fragile = models.BooleanField("commune fragile", default=False)
    need_index = models.FloatField("indice de besoin", null=True, blank=True)
    need_reasons = models.JSONField("motifs du besoin", default=list, blank=True)
    need_bonus = models.DecimalField(
        "bonus besoin", max_digits=5, decimal_places=2, default=Decimal("0.00")
    )
    indicators = models.JSONField("indicateurs de l’observatoire", default=dict, blank=True)
    # What the commune writes.
    contact_name = models.CharField("personne à contacter", max_length=200, blank=True)
    contact_email = models.EmailField("e-mail du contact", blank=True)
    contact_phone = models.CharField("téléphone du contact", max_length=30, blank=True)
    centre_name = models.CharField("centralité concernée", max_length=200, blank=True)
    motivation = models.TextField("motivation et enjeux", blank=True)
    existing_actions = models.TextField("actions déjà engagées", blank=True)
    expected_support = models.TextField("accompagnement attendu", blank=True)
    team = models.TextField("équipe projet communale", blank=True)
    answers = models.JSONField("réponses aux questions de l’appel", default=dict, blank=True)
    completion_request = models.TextField("compléments demandés", blank=True)
    eligibility_notes = models.TextField("vérification de l’éligibilité", blank=True)
    decision_reason = models.TextField("motif de la décision", blank=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    submitted_at = models.DateTimeField("déposée le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+", verbose_name="créée par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "candidature"
        ordering = ["commune__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "commune"], name="candidature_one_per_commune_and_edition"
            )
        ]

    def __str__(self):
        return f"Candidature {of_place(self.commune.nom)} — {self.edition}"

    @property
    def is_editable(self):
        return self.state in self.EDITABLE_STATES


class CandidaturePiece(SlotPiece):
    """A vault document in one slot of a candidature (`cvv.programme.pieces`)."""

    candidature = models.ForeignKey(Candidature, models.CASCADE, related_name="pieces")

    class Meta(SlotPiece.Meta):
        verbose_name = "pièce de la candidature"
        constraints = [
            models.UniqueConstraint(
                fields=["candidature", "document"], name="candidature_piece_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} : {self.document}"


class Review(models.Model):
    """One reviewer's scoring of a candidature (grid of weighted criteria)."""

    class State(models.TextChoices):
        DRAFT = "draft", "En cours"
        SUBMITTED = "submitted", "Remise"
        RECUSED = "recused", "Déport (conflit d’intérêts)"

    candidature = models.ForeignKey(Candidature, models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, related_name="programme_reviews"
    )
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.DRAFT)
    conflict_declared = models.BooleanField("conflit d’intérêts déclaré", default=False)
    no_conflict_declared = models.BooleanField(
        "absence de conflit d’intérêts déclarée",
        default=False,
        help_text="Chaque évaluateur déclare ses intérêts avant de remettre sa note.",
    )
    conflict_details = models.TextField("détail du conflit d’intérêts", blank=True)
    same_territory = models.BooleanField(
        "évaluateur du même territoire",
        default=False,
        help_text="L’évaluateur appartient au territoire de la commune candidate.",
    )
    comment = models.TextField("appréciation générale", blank=True)
    total = models.DecimalField(
        "note pondérée (sur 100)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "évaluation"
        ordering = ["candidature", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidature", "reviewer"], name="review_one_per_reviewer"
            )
        ]

    def __str__(self):
        return f"Évaluation de {self.reviewer} — {self.candidature}"


class Score(models.Model):
    review = models.ForeignKey(Review, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(
        "note", validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    comment = models.CharField("commentaire", max_length=500, blank=True)

    class Meta:
        verbose_name = "note"
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion} : {self.value}"
