"""Records of the foncière's chain beyond the first register (imported by
`cvv.fonciere.models`): a commune's safeguard perimeter and its pre-emption delegations;
an opportunity's financial analysis, the commune's opinion and the committee's decision.
Money in Decimal with database constraints (nothing negative)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cvv.fonciere.enums_chain import (
    ActivityKind,
    AnalysisState,
    CommitteeChoice,
    Delegatee,
    DelegationScope,
    Opinion,
    RightOwner,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0")


class SafeguardPerimeter(models.Model):
    """The commune's safeguard perimeter of shops and crafts (L214-1 C. urb.), voted by its
    council. A new upload replaces the current one; the previous ones stay as history."""

    commune = models.ForeignKey(
        "territories.Commune", models.PROTECT, related_name="safeguard_perimeters"
    )
    deliberation = models.CharField("délibération du conseil municipal", max_length=200)
    voted_on = models.DateField("votée le", null=True, blank=True)
    geometry = models.JSONField("périmètre (GeoJSON, WGS84)")
    area_m2 = models.FloatField("surface (m²)")
    current = models.BooleanField("en vigueur", default=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "périmètre de sauvegarde"
        ordering = ["commune", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune"],
                condition=Q(current=True),
                name="fonciere_one_current_safeguard_perimeter",
            )
        ]

    def __str__(self):
        return f"Périmètre de sauvegarde de {self.commune.nom} ({self.deliberation})"

    @property
    def shape(self):
        from shapely.geometry import shape

        return shape(self.geometry)


class PreemptionDelegation(models.Model):
    """A delegation of a pre-emption right by its holder (L214-1-1, L213-3 C. urb.)."""

    commune = models.ForeignKey(
        "territories.Commune", models.PROTECT, related_name="preemption_delegations"
    )
    scope = models.CharField("droit délégué", max_length=10, choices=DelegationScope.choices)
    holder = models.CharField(
        "titulaire du droit",
        max_length=10,
        choices=RightOwner.choices,
        default=RightOwner.COMMUNE,
    )
    delegatee = models.CharField("délégataire", max_length=10, choices=Delegatee.choices)
    delegatee_name = models.CharField("nom du délégataire", max_length=200)
    detail = models.CharField(
        "étendue",
        max_length=300,
        blank=True,
        help_text="Par exemple : tout le périmètre de sauvegarde, ou une seule déclaration.",
    )
    valid_from = models.DateField("du")
    valid_to = models.DateField("au", null=True, blank=True)
    deliberation = models.CharField("délibération ou décision", max_length=200)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "délégation du droit de préemption"
        ordering = ["commune", "-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="fonciere_delegation_dates",
            )
        ]

    def __str__(self):
        return f"Délégation à {self.delegatee_name} ({self.deliberation})"

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class OpportunityAnalysis(models.Model):
    """The financial analysis of an opportunity, the commune's opinion and the foncière's
    committee decision with its vote."""

    opportunity = models.OneToOneField(
        "fonciere.Opportunity", models.CASCADE, related_name="analysis"
    )
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    state = models.CharField(
        "état", max_length=15, choices=AnalysisState.choices, default=AnalysisState.DRAFT
    )
    price = models.DecimalField("prix d’acquisition (€)", **MONEY)
    notary_fees = models.DecimalField("frais de notaire (€)", **MONEY, default=ZERO)
    works_budget = models.DecimalField("budget de travaux (€)", **MONEY, default=ZERO)
    target_rent = models.DecimalField("loyer annuel HT visé (€)", **MONEY)
    annual_charges = models.DecimalField(
        "charges annuelles non récupérables (€)", **MONEY, default=ZERO
    )
    target_activity = models.CharField("activité visée", max_length=200, blank=True)
    activity_kind = models.CharField(
        "type d’activité",
        max_length=12,
        choices=ActivityKind.choices,
        default=ActivityKind.RETAIL,
    )
    target_turnover = models.DecimalField(
        "chiffre d’affaires annuel HT attendu (€)", **MONEY, null=True, blank=True
    )
    equity = models.DecimalField("fonds propres de la foncière (€)", **MONEY, default=ZERO)
    loan = models.DecimalField("emprunt (€)", **MONEY, default=ZERO)
    loan_rate = models.DecimalField(
        "taux annuel de l’emprunt", max_digits=6, decimal_places=5, default=ZERO
    )
    loan_years = models.PositiveSmallIntegerField("durée de l’emprunt (années)", default=15)
    commune_contribution = models.DecimalField(
        "participation de la commune (€)", **MONEY, default=ZERO
    )
    fimacs_dossier_id = models.PositiveIntegerField("dossier FIMACS", null=True, blank=True)
    fimacs_amount = models.DecimalField("aide FIMACS (€)", **MONEY, default=ZERO)
    commune_opinion = models.CharField(
        "avis de la commune", max_length=12, choices=Opinion.choices, blank=True
    )
    commune_opinion_text = models.TextField("motifs de l’avis", blank=True)
    commune_opinion_on = models.DateField("avis donné le", null=True, blank=True)
    committee_on = models.DateField("comité du", null=True, blank=True)
    decision = models.CharField(
        "décision du comité", max_length=20, choices=CommitteeChoice.choices, blank=True
    )
    votes_for = models.PositiveSmallIntegerField("voix pour", default=0)
    votes_against = models.PositiveSmallIntegerField("voix contre", default=0)
    votes_abstention = models.PositiveSmallIntegerField("abstentions", default=0)
    decision_reasons = models.TextField("motifs de la décision", blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "analyse financière"
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0)
                & Q(notary_fees__gte=0)
                & Q(works_budget__gte=0)
                & Q(target_rent__gte=0)
                & Q(annual_charges__gte=0)
                & Q(equity__gte=0)
                & Q(loan__gte=0)
                & Q(loan_rate__gte=0)
                & Q(commune_contribution__gte=0)
                & Q(fimacs_amount__gte=0)
                & (Q(target_turnover__isnull=True) | Q(target_turnover__gt=0)),
                name="fonciere_analysis_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(decision="")
                | Q(decision="renoncer")
                | Q(votes_for__gt=F("votes_against")),
                name="fonciere_analysis_acquire_needs_majority",
            ),
        ]

    def __str__(self):
        return f"Analyse de l’opportunité n° {self.opportunity_id}"

    @property
    def total_cost(self):
        return self.price + self.notary_fees + self.works_budget
