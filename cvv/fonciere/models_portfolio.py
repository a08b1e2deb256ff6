"""The foncière's portfolio after acquisition (imported by `cvv.fonciere.models`): works on
an acquired premises (budget, contractors, progress, actual cost) and its sale (offer to the
sitting tenant with the first-refusal deadlines of L145-46-1 C. com., to the commune or to a
buyer; deed; the premises leaves the portfolio with its result)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cvv.fonciere.enums_chain import (
    ApplicationState,
    BuyerKind,
    Opinion,
    SaleState,
    WorksState,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0")


class Works(models.Model):
    acquisition = models.ForeignKey("fonciere.Acquisition", models.PROTECT, related_name="works")
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    title = models.CharField("travaux", max_length=200)
    contractors = models.CharField("entreprises", max_length=300, blank=True)
    budget = models.DecimalField("budget (€)", **MONEY)
    state = models.CharField(
        "état", max_length=10, choices=WorksState.choices, default=WorksState.PLANNED
    )
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    actual_cost = models.DecimalField("coût réel à ce jour (€)", **MONEY, default=ZERO)
    started_on = models.DateField("commencés le", null=True, blank=True)
    finished_on = models.DateField("terminés le", null=True, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "travaux"
        verbose_name_plural = "travaux"
        ordering = ["acquisition", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(actual_cost__gte=0) & Q(progress__lte=100),
                name="fonciere_works_amounts_valid",
            )
        ]

    def __str__(self):
        return f"Travaux « {self.title} »"


class Sale(models.Model):
    acquisition = models.ForeignKey("fonciere.Acquisition", models.PROTECT, related_name="sales")
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    buyer_kind = models.CharField("acquéreur", max_length=10, choices=BuyerKind.choices)
    buyer_name = models.CharField("nom de l’acquéreur", max_length=200)
    price = models.DecimalField("prix de vente (€)", **MONEY)
    offered_on = models.DateField("offre reçue le")
    loan = models.BooleanField("l’acquéreur emprunte", default=False)
    accept_by = models.DateField("accepter avant le", null=True, blank=True)
    accepted_on = models.DateField("acceptée le", null=True, blank=True)
    complete_by = models.DateField("réaliser la vente avant le", null=True, blank=True)
    state = models.CharField(
        "état", max_length=10, choices=SaleState.choices, default=SaleState.OFFERED
    )
    deed_on = models.DateField("date de l’acte", null=True, blank=True)
    invested = models.DecimalField("coût de revient (€)", **MONEY, null=True, blank=True)
    capital_gain = models.DecimalField("plus-value (€)", **MONEY, null=True, blank=True)
    months_held = models.PositiveIntegerField("durée de détention (mois)", null=True, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vente"
        ordering = ["-offered_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="fonciere_sale_price"),
            # One live offer at a time (a declined one leaves room for the next buyer).
            models.UniqueConstraint(
                fields=["acquisition"],
                condition=~Q(state="refusee"),
                name="fonciere_one_live_sale",
            ),
        ]

    def __str__(self):
        return f"Vente à {self.buyer_name}"


class LettingApplication(models.Model):
    """A candidate for letting a foncière's premises: the commune gives its opinion, the
    letting committee chooses with reasons, the chosen one leads to the lease."""

    acquisition = models.ForeignKey(
        "fonciere.Acquisition", models.PROTECT, related_name="applications"
    )
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    candidate_name = models.CharField("candidat", max_length=200)
    activity = models.CharField("activité projetée", max_length=200)
    project = models.TextField("projet", blank=True)
    proposed_rent = models.DecimalField("loyer annuel HT proposé (€)", **MONEY)
    received_on = models.DateField("reçue le")
    state = models.CharField(
        "état",
        max_length=12,
        choices=ApplicationState.choices,
        default=ApplicationState.RECEIVED,
    )
    commune_opinion = models.CharField(
        "avis de la commune", max_length=12, choices=Opinion.choices, blank=True
    )
    commune_opinion_text = models.TextField("motifs de l’avis", blank=True)
    committee_on = models.DateField("comité du", null=True, blank=True)
    committee_reasons = models.TextField("motifs du comité", blank=True)
    lease = models.OneToOneField(
        "fonciere.Lease", models.SET_NULL, null=True, blank=True, related_name="application"
    )
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "candidature à la location"
        ordering = ["acquisition", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_rent__gte=0), name="fonciere_application_rent"
            ),
            models.UniqueConstraint(
                fields=["acquisition"],
                condition=Q(state="retenue"),
                name="fonciere_one_chosen_application",
            ),
        ]

    def __str__(self):
        return f"Candidature de {self.candidate_name}"


class InsurancePolicy(models.Model):
    """An insurance policy of an acquired premises (the owner's non-occupant cover)."""

    acquisition = models.ForeignKey(
        "fonciere.Acquisition", models.PROTECT, related_name="insurance_policies"
    )
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    insurer = models.CharField("assureur", max_length=200)
    policy_number = models.CharField("n° de police", max_length=60)
    cover = models.CharField("garanties", max_length=300)
    premium = models.DecimalField("prime annuelle (€)", **MONEY)
    starts_on = models.DateField("du")
    ends_on = models.DateField("au", null=True, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "police d’assurance"
        verbose_name_plural = "polices d’assurance"
        ordering = ["acquisition", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(premium__gte=0), name="fonciere_insurance_premium_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="fonciere_insurance_dates",
            ),
        ]

    def __str__(self):
        return f"Police n° {self.policy_number} ({self.insurer})"

    def in_force(self, on) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


class PropertyTax(models.Model):
    """The taxe foncière of an acquired premises for one year, and whether it is re-invoiced
    to the tenant (only when the lease's charges inventory says so, art. L145-40-2 and
    R145-35 C. com.)."""

    acquisition = models.ForeignKey(
        "fonciere.Acquisition", models.PROTECT, related_name="property_taxes"
    )
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    amount = models.DecimalField("taxe foncière (€)", **MONEY)
    reinvoiced = models.BooleanField(
        "refacturée au preneur (inventaire des charges du bail)", default=False
    )
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "taxe foncière"
        verbose_name_plural = "taxes foncières"
        ordering = ["acquisition", "-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="fonciere_property_tax_not_negative"
            ),
            models.UniqueConstraint(
                fields=["acquisition", "year"], name="fonciere_property_tax_one_per_year"
            ),
        ]

    def __str__(self):
        return f"Taxe foncière {self.year}"


class PortfolioTarget(models.Model):
    """The foncière's portfolio targets as decided by its board: the latest row applies (the
    platform's settings, `FONCIERE_TARGETS`, until one is saved); the earlier ones stay as
    the history of the decisions (who set what, when, on which deliberation)."""

    premises = models.PositiveIntegerField("locaux à acquérir")
    invested = models.DecimalField("montant à investir (€)", **MONEY)
    area_m2 = models.DecimalField(
        "surface de vente visée (m²)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    start = models.DateField("début de la période")
    years = models.PositiveSmallIntegerField("durée (années)")
    reference = models.CharField("référence de la décision", max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField("fixés le", auto_now_add=True)

    class Meta:
        verbose_name = "objectifs du portefeuille"
        verbose_name_plural = "objectifs du portefeuille"
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(premises__gt=0)
                & Q(invested__gte=0)
                & Q(years__gte=1)
                & Q(years__lte=30)
                & (Q(area_m2__isnull=True) | Q(area_m2__gt=0)),
                name="fonciere_portfolio_target_valid",
            )
        ]

    def __str__(self):
        return f"Objectifs du portefeuille fixés le {self.set_at:%d/%m/%Y}"
