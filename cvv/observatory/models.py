"""The observatory's records. Establishment-level data is NOT stored here: each import
writes columnar parquet files under settings.OBSERVATORY_DATA_DIR (see storage.py), and
`DataImport` records the import. Aggregated indicators (a few thousand rows per reference
date) and field surveys (premises typed in by people) are ordinary tables."""

from django.conf import settings
from django.db import models

from cvv.territories.models import CentraliteVersion, Commune


class DataImport(models.Model):
    class Kind(models.TextChoices):
        SIRENE = "sirene", "SIRENE — stock d’établissements"
        BPE = "bpe", "BPE — base permanente des équipements"
        POPULATION = "population", "Populations légales (INSEE)"
        SURVEY = "survey", "Relevés de terrain des locaux"

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours"
        SUCCEEDED = "succeeded", "Réussi"
        FAILED = "failed", "Échoué"
        REPLACED = "replaced", "Remplacé par un import plus récent du même millésime"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    vintage = models.DateField("millésime", null=True, blank=True)
    file_name = models.CharField("fichier", max_length=255)
    extra_files = models.JSONField("fichiers associés", default=dict, blank=True)
    upload_path = models.CharField(max_length=500, blank=True, editable=False)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)
    data_path = models.CharField(max_length=500, blank=True, editable=False)
    # While the import runs, rows_read and rows_kept count what was read and kept so far
    # (updated by batch, shown live on the import's page); rows_total is the file's size.
    rows_total = models.BigIntegerField("lignes du fichier", default=0)
    rows_read = models.BigIntegerField("lignes lues", default=0)
    rows_kept = models.BigIntegerField("lignes retenues", default=0)
    rows_rejected = models.BigIntegerField("lignes rejetées", default=0)
    rows_outside = models.BigIntegerField("lignes hors Métropole", default=0)
    report = models.JSONField("rapport", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    progress_label = models.CharField(max_length=200, blank=True)
    duration_s = models.FloatField("durée (s)", null=True, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    confirm_shrink = models.BooleanField(
        "réduction confirmée",
        default=False,
        help_text="L’opérateur accepte que l’import retienne beaucoup moins de lignes (ou "
        "aucune) que celui qu’il remplace.",
    )
    # The process running the import ("host:pid:token") and its last sign of life: an
    # import whose process is gone is swept (marked failed) by the worker.
    runner = models.CharField(max_length=200, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import de données"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.vintage or ''} ({self.get_status_display()})"

    @property
    def is_done(self):
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED, self.Status.REPLACED}


class Computation(models.Model):
    """Indicators computed for one reference date (recomputing replaces it)."""

    reference_date = models.DateField("date de référence", unique=True)
    sirene_import = models.ForeignKey(DataImport, models.PROTECT, related_name="+", null=True)
    bpe_import = models.ForeignKey(
        DataImport, models.SET_NULL, related_name="+", null=True, blank=True
    )
    population_import = models.ForeignKey(
        DataImport, models.SET_NULL, related_name="+", null=True, blank=True
    )
    report = models.JSONField(default=dict, blank=True)
    synthetic = models.BooleanField("données de démonstration", default=False)
    duration_s = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "calcul d’indicateurs"
        ordering = ["-reference_date"]

    def __str__(self):
        return f"Indicateurs au {self.reference_date:%d/%m/%Y}"


class IndicatorRow(models.Model):
    class Level(models.TextChoices):
        COMMUNE = "commune", "Commune"
        ARRONDISSEMENT = "arrondissement", "Arrondissement de Paris"
        EPT = "ept", "Territoire (EPT)"
        METROPOLE = "metropole", "Métropole"
        CENTRALITE = "centralite", "Centralité"

    computation = models.ForeignKey(Computation, models.CASCADE, related_name="rows")
    reference_date = models.DateField(db_index=True)
    level = models.CharField(max_length=20, choices=Level.choices)
    code = models.CharField(max_length=20)
    nom = models.CharField(max_length=200)
    commune_code = models.CharField(max_length=5, blank=True)
    centralite_version = models.ForeignKey(
        CentraliteVersion, models.PROTECT, null=True, blank=True, related_name="+"
    )
    values = models.JSONField()

    class Meta:
        verbose_name = "ligne d’indicateurs"
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_date", "level", "code"], name="indicator_row_unique"
            )
        ]

    def __str__(self):
        return f"{self.level} {self.code} {self.reference_date}"


class Survey(models.Model):
    """A field survey of a commune's ground-floor commercial premises (relevé de locaux)."""

    class State(models.TextChoices):
        DRAFT = "draft", "En cours de saisie"
        SUBMITTED = "submitted", "Transmis pour validation"
        VALIDATED = "validated", "Validé"
        REJECTED = "rejected", "Refusé"

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="surveys")
    date = models.DateField("date du relevé")
    title = models.CharField("intitulé", max_length=200, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    data_import = models.ForeignKey(
        DataImport, models.CASCADE, null=True, blank=True, related_name="surveys"
    )
    synthetic = models.BooleanField("données de démonstration", default=False)
    review_comment = models.TextField("commentaire de validation", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "relevé de terrain"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"Relevé {self.commune.nom} du {self.date:%d/%m/%Y}"


class Premise(models.Model):
    class Status(models.TextChoices):
        OCCUPIED = "occupe", "Occupé"
        VACANT = "vacant", "Vacant"
        WORKS = "travaux", "En travaux"

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="premises")
    code = models.CharField("code INSEE (commune ou arrondissement)", max_length=5)
    address = models.CharField("adresse", max_length=300, blank=True)
    lon = models.FloatField("longitude", null=True, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    status = models.CharField("statut", max_length=10, choices=Status.choices)
    activity = models.CharField("activité", max_length=200, blank=True)
    observed_on = models.DateField("date d’observation")
    surveyor = models.CharField("enquêteur", max_length=200, blank=True)
    # Generated by the phone for each entry: an entry queued offline and sent again (or sent
    # twice because the answer was lost) is recognised, never duplicated.
    client_id = models.UUIDField("identifiant de saisie", null=True, blank=True, editable=False)
    # A photo taken on the spot, stored in the commune's document vault (validated there).
    photo = models.ForeignKey(
        "documents.Document",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="photo",
    )

    class Meta:
        verbose_name = "local observé"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "client_id"], name="premise_unique_client_id_in_survey"
            )
        ]

    def __str__(self):
        return f"{self.address or self.code} — {self.get_status_display()}"
