"""Funding applications (dossiers) of communes, with their expense lines."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

ZERO = Decimal("0.00")


class DossierState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Déposé"
    COMPLETION_REQUESTED = "completion_requested", "Compléments demandés"
    RESUBMITTED = "resubmitted", "Complété et redéposé"
    UNDER_INSTRUCTION = "under_instruction", "En instruction"
    READY_FOR_COMMITTEE = "ready_for_committee", "Prêt pour le comité"
    GRANTED = "granted", "Aide accordée"
    REFUSED = "refused", "Refusé"
    DEFERRED = "deferred", "Ajourné"
    CONVENTION_SIGNED = "convention_signed", "Convention signée"
    PAYING = "paying", "Versements en cours"
    CLOSED = "closed", "Soldé et clos"
    WITHDRAWN = "withdrawn", "Retiré"
    LAPSED = "lapsed", "Caduc"


class Dossier(models.Model):
    State = DossierState
    EDITABLE_STATES = (State.DRAFT, State.COMPLETION_REQUESTED)
    COMMITTED_STATES = (State.GRANTED, State.CONVENTION_SIGNED, State.PAYING, State.CLOSED)
    # States whose aid counts (a lapsed aid counts for what was paid: its final amount).
    AID_STATES = (*COMMITTED_STATES, State.LAPSED)
    OPEN_STATES = (
        State.DRAFT,
        State.SUBMITTED,
        State.COMPLETION_REQUESTED,
        State.RESUBMITTED,
        State.UNDER_INSTRUCTION,
        State.READY_FOR_COMMITTEE,
        State.DEFERRED,
    )

    reference = models.CharField("référence", max_length=20, unique=True)
    edition = models.ForeignKey(
        "programme.Edition", models.PROTECT, related_name="fimacs_dossiers", verbose_name="édition"
    )
    commune = models.ForeignKey(
        "territories.Commune", models.PROTECT, related_name="fimacs_dossiers"
    )
    action = models.ForeignKey(
        "programme.Action",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name="action du plan d’actions",
    )
    reglement = models.ForeignKey(
        "funding.Reglement", models.PROTECT, related_name="dossiers", verbose_name="règlement"
    )
    state = models.CharField(
        "état", max_length=30, choices=State.choices, default=State.DRAFT, db_index=True
    )
    title = models.CharField("intitulé du projet", max_length=250)
    description = models.TextField("description du projet", blank=True)
    other_public_aid = models.DecimalField(
        "autres aides publiques (€)", max_digits=14, decimal_places=2, default=ZERO
    )
    other_public_aid_detail = models.TextField("détail des autres aides publiques", blank=True)
    own_funds = models.DecimalField(
        "autofinancement (€)", max_digits=14, decimal_places=2, default=ZERO
    )
    starts_on = models.DateField("début prévu des travaux", null=True, blank=True)
    ends_on = models.DateField("fin prévue", null=True, blank=True)
    schedule = models.TextField("calendrier", blank=True)
    # The engine's answer at the last save (expected aid) and at submission (requested).
    expected_aid = models.DecimalField(
        "aide attendue (€)", max_digits=14, decimal_places=2, default=ZERO
    )
    computation = models.JSONField("calcul détaillé", default=dict, blank=True)
    requested_amount = models.DecimalField(
        "aide demandée (€)", max_digits=14, decimal_places=2, default=ZERO
    )
    granted_amount = models.DecimalField(
        "aide accordée (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    granted_by_category = models.JSONField("aide accordée par catégorie", default=dict, blank=True)
    granted_rates = models.JSONField("taux retenus", default=dict, blank=True)
    final_amount = models.DecimalField(
        "aide définitive au solde (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    envelope = models.ForeignKey(
        "funding.Envelope", models.PROTECT, null=True, blank=True, related_name="dossiers"
    )
    decision_conditions = models.TextField("conditions de l’aide", blank=True)
    decision_reasons = models.TextField("motifs de la décision", blank=True)
    decided_on = models.DateField("date de la décision", null=True, blank=True)
    works_started_on = models.DateField("commencement des travaux", null=True, blank=True)
    paid_total = models.DecimalField(
        "total versé (€)", max_digits=14, decimal_places=2, default=ZERO
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField("déposé le", null=True, blank=True)

    class Meta:
        verbose_name = "dossier FIMACS"
        verbose_name_plural = "dossiers FIMACS"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(other_public_aid__gte=0) & Q(own_funds__gte=0),
                name="fimacs_dossier_financing_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(expected_aid__gte=0) & Q(requested_amount__gte=0),
                name="fimacs_dossier_amounts_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gte=0),
                name="fimacs_dossier_granted_gte_0",
            ),
            # Payments never exceed the aid granted (and nothing is paid without a grant).
            models.CheckConstraint(
                condition=Q(paid_total__gte=0)
                & (
                    Q(paid_total__lte=F("granted_amount"))
                    | (Q(granted_amount__isnull=True) & Q(paid_total=0))
                ),
                name="fimacs_dossier_paid_lte_granted",
            ),
            models.CheckConstraint(
                condition=Q(final_amount__isnull=True)
                | (Q(final_amount__gte=0) & Q(final_amount__lte=F("granted_amount"))),
                name="fimacs_dossier_final_lte_granted",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def is_editable(self):
        return self.state in self.EDITABLE_STATES

    def expense_totals(self):
        ht = sum((line.amount_ht for line in self.expenses.all()), ZERO)
        ttc = sum((line.amount_ttc for line in self.expenses.all()), ZERO)
        return ht, ttc


class ExpenseLine(models.Model):
    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="expenses")
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField("catégorie", max_length=30)
    label = models.CharField("nature de la dépense", max_length=250)
    amount_ht = models.DecimalField("montant HT (€)", max_digits=14, decimal_places=2)
    amount_ttc = models.DecimalField("montant TTC (€)", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "ligne de dépense"
        ordering = ["dossier", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_ht__gte=0) & Q(amount_ttc__gte=F("amount_ht")),
                name="fimacs_expense_ht_gte_0_ttc_gte_ht",
            )
        ]

    def __str__(self):
        return f"{self.category_label} {self.label} {self.amount_ht} € HT"

    @property
    def category_label(self):
        return self.dossier.reglement.category_label(self.category)
