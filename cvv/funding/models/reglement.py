"""The règlement as data: a dated, versioned set of parameters, each with its source.

A voted (adopted) version is immutable; changes go through a new draft version derived from
it. Dossiers keep the version they were submitted under."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReglementQuerySet(models.QuerySet):
    def adopted(self):
        return self.filter(status=Reglement.Status.ADOPTED)

    def current(self, on=None):
        """The version in force on a date: the latest adopted one already effective."""
        on = on or timezone.localdate()
        return (
            self.adopted()
            .filter(effective_from__lte=on)
            .order_by("-effective_from", models.F("adopted_at").desc(nulls_last=True), "-pk")
            .first()
        )


class Reglement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon (modifiable, simulable)"
        ADOPTED = "adopted", "Voté (en vigueur à sa date d’effet, non modifiable)"

    code = models.SlugField("code de version", max_length=40, unique=True)
    title = models.CharField("intitulé", max_length=200)
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_default = models.BooleanField(
        "paramètres par défaut",
        default=False,
        help_text="Paramètres livrés avec la plateforme, à remplacer par le règlement voté.",
    )
    effective_from = models.DateField("date d’effet")
    deliberation = models.CharField(
        "délibération", max_length=200, blank=True, help_text="Référence du vote."
    )
    notice = models.TextField("avertissement", blank=True)
    source = models.TextField("source", blank=True)
    derived_from = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name="version d’origine",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)

    objects = ReglementQuerySet.as_manager()

    class Meta:
        verbose_name = "version du règlement FIMACS"
        verbose_name_plural = "versions du règlement FIMACS"
        ordering = ["-effective_from", "-pk"]

    def __str__(self):
        label = " (paramètres par défaut)" if self.is_default else ""
        return f"{self.code}{label}"

    def category_label(self, code) -> str:
        """The French label of an expense category code (« Études, diagnostics… »)."""
        if not hasattr(self, "_category_labels"):
            self._category_labels = dict(self.categories.values_list("code", "label"))
        return self._category_labels.get(code, code)

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT


class ReglementParameter(models.Model):
    reglement = models.ForeignKey(Reglement, models.CASCADE, related_name="parameters")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField("clé", max_length=40)
    label = models.CharField("paramètre", max_length=250)
    unit = models.CharField("unité", max_length=20)
    value = models.DecimalField("valeur", max_digits=14, decimal_places=4)
    source = models.TextField("source")

    class Meta:
        ordering = ["reglement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["reglement", "key"], name="fimacs_param_unique_key"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="fimacs_param_gte_0"),
        ]

    def __str__(self):
        return f"{self.key} = {self.value}"


class ReglementCategory(models.Model):
    reglement = models.ForeignKey(Reglement, models.CASCADE, related_name="categories")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    code = models.CharField("code", max_length=30)
    label = models.CharField("catégorie de dépense", max_length=200)
    eligible = models.BooleanField("éligible", default=True)
    base_rate = models.DecimalField(
        "taux de base", max_digits=5, decimal_places=4, null=True, blank=True
    )
    ceiling = models.DecimalField(
        "plafond d’aide par dossier (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.TextField("source")

    class Meta:
        ordering = ["reglement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["reglement", "code"], name="fimacs_cat_unique_code"),
            models.CheckConstraint(
                condition=models.Q(eligible=False)
                | (models.Q(base_rate__gte=0, base_rate__lte=1) & models.Q(ceiling__gte=0)),
                name="fimacs_cat_eligible_has_rate_and_ceiling",
            ),
        ]

    def __str__(self):
        return self.code
