"""Coordination with the Métropole's other programmes (action 5).

- `MetroProgramme`: the catalogue (purpose, who may apply, what a commune can get, contact),
  kept by Métropole staff; `organisation` is the partner organisation whose people answer
  the referrals made to the programme (its officers, given partner accounts).
- `ProgrammeCall`: a call of a programme with its dates, and who may answer (population bounds,
  territories), which the shared calendar filters on.
- `Participation`: a commune's project in another programme (entered or imported).
- `Referral`: a project referred from an accompaniment (or a commune) to another programme,
  with documents from the commune's vault (never uploaded again), followed to its outcome.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class MetroProgramme(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("nom", max_length=200)
    purpose = models.TextField("objet")
    who_may_apply = models.TextField("qui peut candidater")
    what_commune_gets = models.TextField("ce qu’une commune peut obtenir", blank=True)
    rate = models.DecimalField(
        "taux d’aide maximal (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    ceiling = models.DecimalField(
        "plafond d’aide (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    contact_name = models.CharField("contact", max_length=200, blank=True)
    contact_email = models.EmailField("e-mail du contact", blank=True)
    website = models.URLField("page du programme", blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="metro_programmes",
        verbose_name="organisation qui répond aux orientations",
    )
    is_active = models.BooleanField("actif", default=True)
    synthetic = models.BooleanField("données de démonstration", default=False)

    class Meta:
        verbose_name = "programme métropolitain"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gte=0, rate__lte=100),
                name="metroprogramme_rate_percent",
            ),
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(ceiling__gte=0),
                name="metroprogramme_ceiling_non_negative",
            ),
        ]

    def __str__(self):
        return self.name


class ProgrammeCall(models.Model):
    programme = models.ForeignKey(MetroProgramme, models.CASCADE, related_name="calls")
    title = models.CharField("intitulé", max_length=200)
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("date limite de dépôt")
    min_population = models.PositiveIntegerField("population minimale", null=True, blank=True)
    max_population = models.PositiveIntegerField("population maximale", null=True, blank=True)
    territoires = models.ManyToManyField(
        "territories.Territoire",
        blank=True,
        related_name="+",
        verbose_name="territoires éligibles (tous si aucun)",
    )
    url = models.URLField("page de l’appel", blank=True)

    class Meta:
        verbose_name = "appel d’un programme"
        ordering = ["closes_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="programmecall_dates_order"
            ),
        ]

    def __str__(self):
        return f"{self.programme.name} — {self.title}"

    def eligible(self, commune) -> bool:
        """Whether `commune` may answer this call (population bounds and territories)."""
        population = commune.population or 0
        if self.min_population is not None and population < self.min_population:
            return False
        if self.max_population is not None and population > self.max_population:
            return False
        territoires = {t.pk for t in self.territoires.all()}
        return not territoires or commune.territoire_id in territoires


class ParticipationStatus(models.TextChoices):
    PLANNED = "planned", "En projet"
    SUBMITTED = "submitted", "Candidature déposée"
    GRANTED = "granted", "Retenu"
    REFUSED = "refused", "Non retenu"
    COMPLETED = "completed", "Réalisé"


class Participation(models.Model):
    commune = models.ForeignKey(
        "territories.Commune", models.PROTECT, related_name="participations"
    )
    programme = models.ForeignKey(
        MetroProgramme, models.PROTECT, related_name="participations", verbose_name="programme"
    )
    project = models.CharField("projet", max_length=300)
    amount = models.DecimalField(
        "montant (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        "statut", max_length=20, choices=ParticipationStatus.choices, default="planned"
    )
    started_on = models.DateField("début", null=True, blank=True)
    ended_on = models.DateField("fin", null=True, blank=True)
    imported = models.BooleanField("importée d’une liste", default=False)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "participation à un programme"
        ordering = ["commune__nom", "programme__name", "project"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="participation_amount_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="participation_dates_order",
            ),
        ]

    def __str__(self):
        return f"{self.commune.nom} — {self.programme.name} — {self.project}"


class ReferralState(models.TextChoices):
    DRAFT = "draft", "En préparation"
    SENT = "sent", "Transmise au programme"
    IN_REVIEW = "in_review", "En cours d’examen"
    ACCEPTED = "accepted", "Acceptée par le programme"
    DECLINED = "declined", "Déclinée par le programme"
    WITHDRAWN = "withdrawn", "Retirée"


class Referral(models.Model):
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="referrals")
    programme = models.ForeignKey(
        MetroProgramme, models.PROTECT, related_name="referrals", verbose_name="programme"
    )
    accompaniment = models.ForeignKey(
        "programme.Accompaniment",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="accompagnement d’origine",
    )
    project = models.CharField("projet", max_length=300)
    summary = models.TextField("présentation du projet")
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="+", verbose_name="pièces du coffre-fort"
    )
    state = models.CharField(
        "état", max_length=20, choices=ReferralState.choices, default=ReferralState.DRAFT
    )
    answer = models.TextField("réponse du programme", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "orientation vers un programme"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Orientation de « {self.project} » vers {self.programme.name}"
