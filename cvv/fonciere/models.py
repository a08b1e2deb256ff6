"""The foncière's records: index values, opportunities (with their legal deadline),
acquisitions, leases, rent calls and payments. Money in Decimal with database constraints
(no negative price, rent or call; payments positive)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cvv.fonciere.enums import (
    CallKind,
    Frequency,
    Index,
    LeaseKind,
    LeaseState,
    OpportunitySource,
    OpportunityState,
    PaymentSource,
    RightHolder,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class IndexValue(models.Model):
    """A published quarterly value of the ILC or ILAT (imported from INSEE's files; the
    bundled values of reference/index_values.csv complete them)."""

    index = models.CharField("indice", max_length=4, choices=Index.choices)
    year = models.PositiveSmallIntegerField("année")
    quarter = models.PositiveSmallIntegerField("trimestre")
    value = models.DecimalField("valeur", max_digits=8, decimal_places=2)
    source = models.CharField("source", max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "valeur d’indice"
        ordering = ["index", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["index", "year", "quarter"], name="fonciere_index_value_unique"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4) & Q(value__gt=0),
                name="fonciere_index_value_valid",
            ),
        ]

    def __str__(self):
        return f"{self.index} {self.year}-T{self.quarter} = {self.value}"


class Opportunity(models.Model):
    premises = models.ForeignKey(
        "premises.Premises", models.PROTECT, related_name="fonciere_opportunities"
    )
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    source = models.CharField("origine", max_length=20, choices=OpportunitySource.choices)
    received_on = models.DateField("reçue le")
    price = models.DecimalField("prix demandé (€)", **MONEY, null=True, blank=True)
    business_transferred = models.BooleanField("fonds de commerce cédé", default=False)
    lease_transferred = models.BooleanField("bail cédé", default=False)
    right_holder = models.CharField(
        "titulaire du droit de préemption", max_length=10, choices=RightHolder.choices, blank=True
    )
    delegation = models.CharField("délégation (délibération)", max_length=300, blank=True)
    delegation_record = models.ForeignKey(
        "fonciere.PreemptionDelegation", models.SET_NULL, null=True, blank=True,
        related_name="opportunities", verbose_name="délégation enregistrée",
    )  # fmt: skip
    in_safeguard_perimeter = models.BooleanField(
        "dans le périmètre de sauvegarde", null=True, blank=True
    )
    state = models.CharField(
        "état", max_length=20, choices=OpportunityState.choices, default=OpportunityState.RECEIVED
    )
    suspended_on = models.DateField("délai suspendu le", null=True, blank=True)
    resumed_on = models.DateField("délai repris le", null=True, blank=True)
    deadline = models.DateField("date limite de réponse", null=True, blank=True)
    deadline_article = models.CharField("fondement du délai", max_length=120, blank=True)
    decided_on = models.DateField("décidée le", null=True, blank=True)
    note = models.TextField("commentaire", blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "opportunité"
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="fonciere_opportunity_price_not_negative",
            ),
        ]

    def __str__(self):
        return f"Opportunité n° {self.pk} — {self.premises.address}"


class Acquisition(models.Model):
    opportunity = models.OneToOneField(
        Opportunity, models.PROTECT, null=True, blank=True, related_name="acquisition"
    )
    premises = models.ForeignKey(
        "premises.Premises", models.PROTECT, related_name="fonciere_acquisitions"
    )
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    deed_on = models.DateField("date de l’acte")
    price = models.DecimalField("prix (€)", **MONEY)
    costs = models.DecimalField("frais d’acquisition (€)", **MONEY, default=Decimal("0"))
    preempted = models.BooleanField("acquis par préemption", default=False)
    location_gerance = models.BooleanField("fonds mis en location-gérance", default=False)
    retrocession_deadline = models.DateField("rétrocession avant le", null=True, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "acquisition"
        ordering = ["-deed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0) & Q(costs__gte=0),
                name="fonciere_acquisition_amounts_not_negative",
            )
        ]

    def __str__(self):
        return f"Acquisition du {self.deed_on:%d/%m/%Y} — {self.premises.address}"


class Lease(models.Model):
    reference = models.CharField("numéro", max_length=20, unique=True)
    premises = models.ForeignKey("premises.Premises", models.PROTECT, related_name="leases")
    commune = models.ForeignKey("territories.Commune", models.PROTECT, related_name="+")
    kind = models.CharField("type de bail", max_length=20, choices=LeaseKind.choices)
    state = models.CharField(
        "état", max_length=10, choices=LeaseState.choices, default=LeaseState.DRAFT
    )
    tenant_name = models.CharField("preneur", max_length=200)
    tenant_sme = models.BooleanField("le preneur est une PME", default=True)
    # The tenant's contact for the reminders only (shown to the foncière, never published).
    tenant_email = models.EmailField("adresse de contact du preneur (relances)", blank=True)
    start = models.DateField("prise d’effet")
    end = models.DateField("terme")
    rent = models.DecimalField("loyer annuel HT à la prise d’effet (€)", **MONEY)
    frequency = models.CharField(
        "périodicité", max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    index = models.CharField("indice", max_length=4, choices=Index.choices, default=Index.ILC)
    reference_quarter = models.CharField("trimestre de référence", max_length=7)
    charges_provision = models.DecimalField(
        "provision pour charges par échéance (€)", **MONEY, default=Decimal("0")
    )
    deposit = models.DecimalField("dépôt de garantie (€)", **MONEY, default=Decimal("0"))
    payable_in_advance = models.BooleanField(
        "loyer payable d’avance (terme à échoir)",
        default=True,
        help_text="Sinon à terme échu : chaque appel est exigible à la fin de sa période.",
    )
    entry_fee = models.DecimalField("droit d’entrée (€)", **MONEY, default=Decimal("0"))
    guarantees = models.CharField(
        "garanties", max_length=500, blank=True,
        help_text="Caution, garantie bancaire à première demande… (nature et montant).",
    )  # fmt: skip
    charges_inventory = models.TextField(
        "inventaire des charges, impôts, taxes et redevances", blank=True,
        help_text="Leur répartition entre bailleur et preneur "
        "(art. L145-40-2 du code de commerce).",
    )  # fmt: skip
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bail"
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rent__gte=0)
                & Q(deposit__gte=0)
                & Q(charges_provision__gte=0)
                & Q(entry_fee__gte=0),
                name="fonciere_lease_amounts_not_negative",
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="fonciere_lease_dates"),
        ]

    def __str__(self):
        return f"Bail n° {self.reference}"


class RentCall(models.Model):
    lease = models.ForeignKey(Lease, models.PROTECT, related_name="calls")
    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    due_on = models.DateField("échéance")
    rent = models.DecimalField("loyer (€)", **MONEY)
    charges = models.DecimalField("provision pour charges (€)", **MONEY)
    annual_rent = models.DecimalField("loyer annuel indexé appliqué (€)", **MONEY)
    kind = models.CharField(
        "nature", max_length=16, choices=CallKind.choices, default=CallKind.TERM
    )
    explanation = models.TextField("détail du montant", blank=True)
    # A separate line: the regularisation of a rent fixed during the lease (revision or
    # renewal) over the calls issued before it (`RentRegularisation`), billed once.
    regularisation = models.DecimalField(
        "régularisation de loyer (€)", **MONEY, default=Decimal("0")
    )
    regularisation_label = models.CharField("libellé de la régularisation", max_length=300,
                                            blank=True)  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "appel de loyer"
        ordering = ["lease", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["lease", "period_start"],
                condition=Q(kind="terme"),
                name="fonciere_rent_call_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(rent__gte=0)
                & Q(charges__gte=0)
                & Q(annual_rent__gte=0)
                & Q(regularisation__gte=0),
                name="fonciere_rent_call_not_negative",
            ),
        ]

    def __str__(self):
        return f"Appel {self.lease.reference} du {self.period_start:%d/%m/%Y}"

    @property
    def total(self):
        return self.rent + self.charges + self.regularisation

    @property
    def reference(self):
        """Quoted by the tenant on its transfer (bank statement matching)."""
        suffix = "-R" if self.kind == CallKind.REGULARISATION else ""
        return f"{self.lease.reference}-{self.period_start:%Y%m}{suffix}"


class Payment(models.Model):
    rent_call = models.ForeignKey(RentCall, models.PROTECT, related_name="payments")
    paid_on = models.DateField("payé le")
    amount = models.DecimalField("montant (€)", **MONEY)
    source = models.CharField(
        "origine", max_length=10, choices=PaymentSource.choices, default=PaymentSource.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "paiement"
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fonciere_payment_positive")
        ]

    def __str__(self):
        return f"Paiement de {self.amount} € le {self.paid_on:%d/%m/%Y}"


# The chain beyond the first register (safeguard perimeters, delegations, analysis).
from cvv.fonciere.models_chain import (  # noqa: E402, F401
    OpportunityAnalysis,
    PreemptionDelegation,
    SafeguardPerimeter,
)

# Rent collection (franchises and steps, reminders, bank statements, credits, charges
# statements, deposit return): cvv/fonciere/models_collection.py.
from cvv.fonciere.models_collection import *  # noqa: E402, F403
from cvv.fonciere.models_portfolio import (  # noqa: E402, F401
    InsurancePolicy,
    LettingApplication,
    PortfolioTarget,
    PropertyTax,
    Sale,
    Works,
)
