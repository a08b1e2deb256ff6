"""The premises register (registre des locaux): one shared record per shop premises,
used by the observatory's field surveys, the foncière and matchmaking.

Public API (other modules build on these, never on the tables directly):

- `Premises`: one premises of a commune. Key fields: `commune`, `address`, `lon`/`lat`,
  `centralite` (the town-centre perimeter it lies in, None outside) and `in_centre`,
  surfaces `sales_area_m2`, `storage_area_m2`, `upper_floors_area_m2`, `frontage_m`,
  `ground_floor`, `erp_category`, `step_free`, `extraction_possible`, `permitted_use`,
  `owner_kind`/`owner_name`, `occupant_name`, `naf_code`, `activity_category` (a category
  of the indicator contract, `cvv.observatory.nomenclature.CATEGORIES`), `status`
  (`PremisesStatus`), `vacant_since`, `fonciere_followed` (the foncière follows it: its
  officers see and edit it), `synthetic` (demonstration data).
  `premises.vacancy_class(on)` / `premises.vacancy_months(on)`: computed, never stored.
- `PremisesStatusChange`: the history of statuses (`premises.status_changes`), newest first.
- `PremisesPiece`: a document of the commune's vault in one slot of a premises (its photos
  and plans, `cvv.premises.pieces`): `premises.pieces`.
- `SurveyLink`: ties an observatory survey line (`cvv.observatory.models.Premise`, one
  observation in one survey) to its register entry: `survey_line.register_link.premises`.

Writes go through `cvv.premises.services`, scoped reads through `cvv.premises.selectors`.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from cvv.documents.models import SlotPiece
from cvv.premises import vacancy
from cvv.premises.enums import (
    ActivityCategory,
    ErpCategory,
    OwnerKind,
    PermittedUse,
    PremisesStatus,
    StatusSource,
    VacancyClass,
)

AREA = {"max_digits": 8, "decimal_places": 1, "null": True, "blank": True}


class Premises(models.Model):
    commune = models.ForeignKey(
        "territories.Commune", models.PROTECT, related_name="premises_register"
    )
    address = models.CharField("adresse", max_length=300)
    lon = models.FloatField("longitude", null=True, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    centralite = models.ForeignKey(
        "territories.Centralite",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="centralité",
        help_text="Périmètre de centre-ville où se trouve le local (calculé depuis la position).",
    )
    in_centre = models.BooleanField(
        "dans un périmètre de centre-ville", null=True, blank=True, editable=False
    )
    sales_area_m2 = models.DecimalField("surface de vente (m²)", **AREA)
    storage_area_m2 = models.DecimalField("surface de réserve (m²)", **AREA)
    upper_floors_area_m2 = models.DecimalField("surface en étages (m²)", **AREA)
    frontage_m = models.DecimalField(
        "linéaire de vitrine (m)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    ground_floor = models.BooleanField("en rez-de-chaussée", default=True)
    erp_category = models.CharField(
        "catégorie ERP", max_length=1, choices=ErpCategory.choices, blank=True
    )
    step_free = models.BooleanField("accès de plain-pied", null=True, blank=True)
    extraction_possible = models.BooleanField("extraction possible", null=True, blank=True)
    permitted_use = models.CharField(
        "destination autorisée", max_length=20, choices=PermittedUse.choices, blank=True
    )
    owner_kind = models.CharField(
        "type de propriétaire", max_length=20, choices=OwnerKind.choices, blank=True
    )
    owner_name = models.CharField("propriétaire", max_length=200, blank=True)
    occupant_name = models.CharField("occupant actuel", max_length=200, blank=True)
    naf_code = models.CharField("code NAF de l’activité", max_length=6, blank=True)
    activity_category = models.CharField(
        "catégorie d’activité", max_length=30, choices=ActivityCategory.choices, blank=True
    )
    activity = models.CharField("activité (libellé)", max_length=200, blank=True)
    status = models.CharField("statut", max_length=10, choices=PremisesStatus.choices)
    vacant_since = models.DateField("vacant depuis", null=True, blank=True)
    fonciere_followed = models.BooleanField("suivi par la foncière", default=False)
    synthetic = models.BooleanField("données de démonstration", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "local"
        verbose_name_plural = "locaux"
        ordering = ["commune__code", "address", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PremisesStatus.VACANT) | Q(vacant_since__isnull=True),
                name="premises_vacant_since_only_when_vacant",
            ),
            models.CheckConstraint(
                condition=(Q(lon__isnull=True) & Q(lat__isnull=True))
                | (Q(lon__isnull=False) & Q(lat__isnull=False)),
                name="premises_position_complete",
            ),
        ]

    def __str__(self):
        return f"Local n° {self.pk} — {self.address}, {self.commune.nom}"

    @property
    def reference(self):
        return f"L-{self.commune.code}-{self.pk:05d}"

    def vacancy_class(self, on: dt.date | None = None) -> str | None:
        if self.status != PremisesStatus.VACANT:
            return None
        return vacancy.vacancy_class(self.vacant_since, on or dt.date.today())

    def vacancy_class_label(self, on: dt.date | None = None) -> str:
        value = self.vacancy_class(on)
        return VacancyClass(value).label if value else ""

    def vacancy_months(self, on: dt.date | None = None) -> int | None:
        if self.status != PremisesStatus.VACANT:
            return None
        return vacancy.vacancy_months(self.vacant_since, on or dt.date.today())


class PremisesStatusChange(models.Model):
    premises = models.ForeignKey(Premises, models.CASCADE, related_name="status_changes")
    status = models.CharField("statut", max_length=10, choices=PremisesStatus.choices)
    on = models.DateField("date")
    source = models.CharField("origine", max_length=10, choices=StatusSource.choices)
    survey_line = models.ForeignKey(
        "observatory.Premise", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField("commentaire", max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "changement de statut d’un local"
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.get_status_display()} le {self.on:%d/%m/%Y}"


class SurveyLink(models.Model):
    survey_line = models.OneToOneField(
        "observatory.Premise", models.CASCADE, related_name="register_link"
    )
    premises = models.ForeignKey(Premises, models.CASCADE, related_name="survey_links")
    created_entry = models.BooleanField("a créé la fiche", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rattachement d’un relevé au registre"

    def __str__(self):
        return f"{self.survey_line} → {self.premises}"


class PremisesPiece(SlotPiece):
    """A document of the commune's vault in one slot of a premises (photos, plans:
    `cvv.premises.pieces`); the vault keeps the file."""

    premises = models.ForeignKey(Premises, models.CASCADE, related_name="pieces")

    class Meta(SlotPiece.Meta):
        verbose_name = "photo ou plan d’un local"
        constraints = [
            models.UniqueConstraint(
                fields=["premises", "document"], name="premises_document_once_per_premises"
            )
        ]

    def __str__(self):
        return f"{self.kind} : {self.document}"
