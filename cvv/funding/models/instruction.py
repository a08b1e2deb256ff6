"""Instruction of a dossier: attached documents, opinions, private notes, messages."""

from django.conf import settings
from django.db import models

from cvv.documents.models import SlotPiece


class DossierDocument(SlotPiece):
    """A document of the commune's vault in one slot of a dossier (`cvv.funding.pieces`);
    the vault keeps the file."""

    dossier = models.ForeignKey("funding.Dossier", models.CASCADE, related_name="documents")

    class Meta(SlotPiece.Meta):
        verbose_name = "pièce du dossier"
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "document"], name="fimacs_document_once_per_dossier"
            )
        ]

    def __str__(self):
        return f"{self.kind} : {self.document}"


class Opinion(models.Model):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", "Avis technique (instruction)"
        PARTNER = "partner", "Avis d’expert partenaire"

    class Verdict(models.TextChoices):
        FAVOURABLE = "favourable", "Favorable"
        RESERVED = "reserved", "Favorable avec réserves"
        UNFAVOURABLE = "unfavourable", "Défavorable"

    dossier = models.ForeignKey("funding.Dossier", models.CASCADE, related_name="opinions")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="fimacs_opinions",
        verbose_name="partenaire sollicité",
    )
    question = models.TextField("question posée", blank=True)
    due_on = models.DateField("à rendre le", null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    verdict = models.CharField("avis", max_length=20, choices=Verdict.choices, blank=True)
    text = models.TextField("motivation de l’avis", blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    given_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "avis"
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="partner") | models.Q(organisation__isnull=False),
                name="fimacs_partner_opinion_has_organisation",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.dossier.reference}"

    @property
    def is_given(self):
        return bool(self.verdict)


class Annotation(models.Model):
    """Private note of the instructors (never shown to the commune)."""

    dossier = models.ForeignKey("funding.Dossier", models.CASCADE, related_name="annotations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    text = models.TextField("note")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "note d’instruction"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note sur {self.dossier_id}"


class DossierMessage(models.Model):
    dossier = models.ForeignKey("funding.Dossier", models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    text = models.TextField("message")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "message"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Message sur {self.dossier_id}"
