"""The document vault: one per commune, reused by every module (programme deliverables,
funding applications…). Files are private (MEDIA_ROOT, outside the web root; S3 in
production) and only ever served by the permission-checked download view."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models


class DocumentKind(models.TextChoices):
    DELIBERATION = "deliberation", "Délibération"
    DEVIS = "devis", "Devis"
    PLAN_FINANCEMENT = "plan_financement", "Plan de financement"
    RIB = "rib", "RIB"
    FACTURE = "facture", "Facture"
    ETAT_DEPENSES = "etat_depenses", "État récapitulatif des dépenses"
    LIVRABLE = "livrable", "Livrable"
    COMPTE_RENDU = "compte_rendu", "Compte rendu"
    PHOTO = "photo", "Photo"
    PLAN = "plan", "Plan"
    AUTRE = "autre", "Autre"


def document_path(instance, filename):
    """Stored names never reuse the uploaded name (kept in `original_name`)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/{instance.commune.code}/{uuid.uuid4().hex}{suffix}"


class DocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Document(models.Model):
    commune = models.ForeignKey(
        "territories.Commune",
        models.PROTECT,
        related_name="documents",
        verbose_name="commune (coffre-fort)",
    )
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("nature", max_length=30, choices=DocumentKind.choices)
    file = models.FileField("fichier", upload_to=document_path, max_length=255)
    original_name = models.CharField("nom du fichier déposé", max_length=255)
    content_type = models.CharField("type de contenu", max_length=120)
    size = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    version = models.PositiveIntegerField("version", default=1)
    replaces = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="remplace",
    )
    # The first version of the document; all versions share it (itself for version 1).
    family = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    is_current = models.BooleanField("version en vigueur", default=True, db_index=True)
    # RESTRICT: a person who uploaded a document cannot be deleted while it exists.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.RESTRICT,
        related_name="uploaded_documents",
        verbose_name="déposé par",
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "version"], name="document_unique_version_in_family"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="document_version_gte_1"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def versions(self):
        return Document.objects.filter(family_id=self.family_id or self.pk).order_by("-version")

    @property
    def size_label(self):
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} Mo".replace(".", ",")
        return f"{max(1, round(self.size / 1024))} Ko"


class PieceStatus(models.TextChoices):
    PENDING = "pending", "À examiner"
    ACCEPTED = "accepted", "Acceptée"
    TO_REPLACE = "to_replace", "À remplacer"


class SlotPiece(models.Model):
    """A document of the vault placed in one slot of an owning object (a FIMACS dossier, a
    payment request…). Abstract: each module declares its table with the key to its owner
    and reuses `cvv.documents.slots` for every write and read."""

    document = models.ForeignKey(
        Document, models.PROTECT, related_name="%(app_label)s_%(class)s_pieces"
    )
    kind = models.CharField("pièce", max_length=30)
    status = models.CharField(
        "examen", max_length=12, choices=PieceStatus.choices, default=PieceStatus.PENDING
    )
    review_reason = models.TextField("motif donné à la commune", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["kind", "pk"]

    @property
    def is_to_replace(self):
        return self.status == PieceStatus.TO_REPLACE
