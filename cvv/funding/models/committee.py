"""Committee sessions deciding on dossiers, and the conventions that follow a grant."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CommitteeSession(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", "Programmée"
        HELD = "held", "Tenue (procès-verbal arrêté)"

    edition = models.ForeignKey("programme.Edition", models.PROTECT, related_name="fimacs_sessions")
    title = models.CharField("intitulé", max_length=200)
    date = models.DateField("date")
    place = models.CharField("lieu", max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    minutes = models.TextField("procès-verbal (texte libre)", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "séance du comité FIMACS"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"


class AgendaItem(models.Model):
    class Decision(models.TextChoices):
        GRANTED = "granted", "Aide accordée"
        REFUSED = "refused", "Refus"
        DEFERRED = "deferred", "Ajournement"

    session = models.ForeignKey(CommitteeSession, models.CASCADE, related_name="items")
    dossier = models.ForeignKey("funding.Dossier", models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    proposed_amount = models.DecimalField("montant proposé (€)", max_digits=14, decimal_places=2)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_amount = models.DecimalField(
        "montant décidé (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    conditions = models.TextField("conditions", blank=True)
    reasons = models.TextField("motifs", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "point de l’ordre du jour"
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "dossier"], name="fimacs_agenda_dossier_once"
            ),
            models.CheckConstraint(
                condition=Q(proposed_amount__gte=0)
                & (Q(decided_amount__isnull=True) | Q(decided_amount__gte=0)),
                name="fimacs_agenda_amounts_gte_0",
            ),
        ]

    def __str__(self):
        return f"{self.session} — {self.dossier.reference}"


def convention_path(instance, filename):
    return f"fimacs/conventions/{instance.dossier.commune.code}/{instance.number}.odt"


class Convention(models.Model):
    dossier = models.OneToOneField("funding.Dossier", models.PROTECT, related_name="convention")
    number = models.CharField("numéro", max_length=30, unique=True)
    file = models.FileField("convention (ODT)", upload_to=convention_path, max_length=255)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    generated_at = models.DateTimeField(auto_now_add=True)
    signed_on = models.DateField("signée le", null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "convention"

    def __str__(self):
        return self.number
