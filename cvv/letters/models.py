"""Editable templates of generated documents (conventions, letters) and the documents made
from them, with their PDF. Files are private (MEDIA_ROOT or S3), served only by
permission-checked views."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


def template_path(instance, filename):
    return f"letters/templates/{instance.kind.replace('.', '-')}/{uuid.uuid4().hex}.odt"


def generated_path(instance, filename):
    suffix = ".pdf" if filename.endswith(".pdf") else ".odt"
    return f"letters/generated/{instance.kind.replace('.', '-')}/{uuid.uuid4().hex}{suffix}"


class LetterTemplate(models.Model):
    """One version of the template of a kind; the highest version is the one in force."""

    class Origin(models.TextChoices):
        UPLOADED = "uploaded", "Déposé"
        DEFAULT = "default", "Modèle d’origine rétabli"

    kind = models.CharField("nature", max_length=60, db_index=True)
    version = models.PositiveIntegerField("version")
    origin = models.CharField("origine", max_length=10, choices=Origin.choices)
    file = models.FileField("modèle (ODT)", upload_to=template_path, max_length=255)
    original_name = models.CharField("nom du fichier déposé", max_length=255, blank=True)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    fields_used = models.JSONField("champs utilisés", default=list)
    note = models.CharField("motif du changement", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+", verbose_name="déposé par"
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "modèle de document"
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="letter_template_version"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="letter_template_version_gte_1"
            ),
        ]

    def __str__(self):
        return f"{self.kind} v{self.version}"


class GeneratedLetter(models.Model):
    """A document generated from a template for one object (a dossier's convention…)."""

    class PdfStatus(models.TextChoices):
        PENDING = "pending", "PDF en préparation"
        READY = "ready", "PDF prêt"
        FAILED = "failed", "Échec de la conversion en PDF"
        UNAVAILABLE = "unavailable", "PDF indisponible sur ce serveur"

    kind = models.CharField("nature", max_length=60)
    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # Null: made from the template shipped with the code.
    template = models.ForeignKey(
        LetterTemplate, models.PROTECT, null=True, blank=True, related_name="letters"
    )
    odt = models.FileField("document (ODT)", upload_to=generated_path, max_length=255)
    pdf = models.FileField("document (PDF)", upload_to=generated_path, max_length=255, blank=True)
    pdf_status = models.CharField(
        "état du PDF", max_length=12, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    pdf_error = models.CharField("erreur de conversion", max_length=300, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+", verbose_name="généré par"
    )
    generated_at = models.DateTimeField("généré le", auto_now_add=True)

    class Meta:
        verbose_name = "document généré"
        ordering = ["-generated_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self):
        return f"{self.kind} #{self.object_id}"

    @property
    def template_label(self):
        if self.template is None:
            return "modèle d’origine"
        return f"modèle version {self.template.version}"
