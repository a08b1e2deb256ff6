"""The toolbox: advice sheets, templates, legal and land tools, guides, training offers."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Resource.State.PUBLISHED)

    def search(self, text):
        """Resources matching every word of `text`, accents ignored, best first (see
        `cvv.programme.search`: PostgreSQL's text search or SQLite's FTS5)."""
        from cvv.programme.search import ranked_ids

        ids = ranked_ids(self, text)
        if ids is None:
            return self
        if not ids:
            return self.none()
        order = models.Case(
            *(models.When(pk=pk, then=models.Value(i)) for i, pk in enumerate(ids)),
            output_field=models.IntegerField(),
        )
        return self.filter(pk__in=ids).annotate(search_rank=order).order_by("search_rank")


class Resource(models.Model):
    class Category(models.TextChoices):
        ADVICE = "advice", "Fiche conseil"
        TEMPLATE = "template", "Modèle de document"
        LEGAL = "legal", "Outil juridique"
        LAND = "land", "Outil foncier"
        GUIDE = "guide", "Guide"
        TRAINING = "training", "Offre de formation"

    class State(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        IN_REVIEW = "in_review", "En relecture"
        PUBLISHED = "published", "Publiée"
        ARCHIVED = "archived", "Archivée"

    title = models.CharField("titre", max_length=250)
    category = models.CharField("catégorie", max_length=20, choices=Category.choices)
    tags = models.CharField(
        "mots-clés", max_length=300, blank=True, help_text="Séparés par des virgules."
    )
    author = models.CharField("auteur", max_length=200)
    summary = models.TextField("résumé")
    body = models.TextField("contenu", blank=True)
    url = models.URLField("lien externe", blank=True)
    state = models.CharField(
        "publication", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    last_reviewed_on = models.DateField("dernière relecture", null=True, blank=True)
    expires_on = models.DateField(
        "à revoir avant le",
        null=True,
        blank=True,
        help_text="Après cette date, la ressource est signalée comme à relire.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def tag_list(self):
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()


def attachment_path(instance, filename):
    return f"toolbox/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class ResourceAttachment(models.Model):
    resource = models.ForeignKey(Resource, models.CASCADE, related_name="attachments")
    title = models.CharField("titre", max_length=200)
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["title"]

    def __str__(self):
        return self.title


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="toolbox_bookmarks"
    )
    resource = models.ForeignKey(Resource, models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "favori"
        constraints = [models.UniqueConstraint(fields=["user", "resource"], name="bookmark_unique")]

    def __str__(self):
        return f"{self.user} — {self.resource}"
