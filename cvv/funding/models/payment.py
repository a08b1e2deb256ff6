"""Payment requests (advance, interim, final) and budget envelopes."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cvv.documents.models import SlotPiece

ZERO = Decimal("0.00")


class PaymentRequest(models.Model):
    class Kind(models.TextChoices):
        ADVANCE = "advance", "Avance"
        INTERIM = "interim", "Acompte"
        FINAL = "final", "Solde"

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Demandé"
        VALIDATED = "validated", "Validé (mis en paiement)"
        REJECTED = "rejected", "Rejeté"

    dossier = models.ForeignKey("funding.Dossier", models.PROTECT, related_name="payments")
    kind = models.CharField("nature", max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUBMITTED)
    justified = models.JSONField("dépenses justifiées HT par catégorie", default=dict)
    justified_total = models.DecimalField(
        "dépenses justifiées HT (€)", max_digits=14, decimal_places=2, default=ZERO
    )
    aid_due = models.DecimalField("aide due à ce jour (€)", max_digits=14, decimal_places=2)
    payable = models.DecimalField("montant à verser (€)", max_digits=14, decimal_places=2)
    over_paid = models.DecimalField(
        "trop-perçu à reverser (€)", max_digits=14, decimal_places=2, default=ZERO
    )
    explanation = models.JSONField("calcul", default=list)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField("motif du rejet", blank=True)

    class Meta:
        verbose_name = "demande de versement"
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aid_due__gte=0)
                & Q(payable__gte=0)
                & Q(over_paid__gte=0)
                & Q(justified_total__gte=0),
                name="fimacs_payment_amounts_gte_0",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.payable} € — {self.dossier.reference}"


class PaymentDocument(SlotPiece):
    """A proof of a payment request (an invoice, the statement of expenses) in its slot."""

    payment = models.ForeignKey(PaymentRequest, models.CASCADE, related_name="pieces")

    class Meta(SlotPiece.Meta):
        verbose_name = "justificatif de la demande de versement"
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "document"], name="fimacs_payment_document_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} : {self.document}"


class Envelope(models.Model):
    """The FIMACS budget of an edition for one year: committed (granted), paid, remaining."""

    edition = models.ForeignKey(
        "programme.Edition", models.PROTECT, related_name="fimacs_envelopes"
    )
    year = models.PositiveSmallIntegerField("année")
    amount = models.DecimalField("enveloppe votée (€)", max_digits=14, decimal_places=2)
    committed = models.DecimalField("engagé (€)", max_digits=14, decimal_places=2, default=ZERO)
    paid = models.DecimalField("versé (€)", max_digits=14, decimal_places=2, default=ZERO)
    overridden = models.DecimalField(
        "dépassements autorisés (€)", max_digits=14, decimal_places=2, default=ZERO
    )

    class Meta:
        verbose_name = "enveloppe FIMACS"
        ordering = ["edition", "year"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "year"], name="fimacs_envelope_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & Q(committed__gte=0)
                & Q(paid__gte=0)
                & Q(overridden__gte=0),
                name="fimacs_envelope_amounts_gte_0",
            ),
            # Never silently overcommitted: beyond the amount only by recorded overrides.
            models.CheckConstraint(
                condition=Q(committed__lte=F("amount") + F("overridden")),
                name="fimacs_envelope_committed_lte_amount_and_overrides",
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=F("committed")), name="fimacs_envelope_paid_lte_committed"
            ),
        ]

    def __str__(self):
        return f"Enveloppe {self.year} — {self.edition}"

    @property
    def remaining(self):
        return self.amount - self.committed


class EnvelopeOverride(models.Model):
    """An administrator's written authorisation to grant beyond the envelope."""

    envelope = models.ForeignKey(Envelope, models.PROTECT, related_name="overrides")
    dossier = models.ForeignKey("funding.Dossier", models.PROTECT, related_name="+")
    amount = models.DecimalField("dépassement autorisé (€)", max_digits=14, decimal_places=2)
    reason = models.TextField("motif écrit")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "dépassement d’enveloppe autorisé"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fimacs_override_gt_0")
        ]

    def __str__(self):
        return f"Dépassement de {self.amount} € — {self.envelope}"
