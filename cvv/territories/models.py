"""The Métropole's geography: territories (EPT), communes, Paris arrondissements and
town-centre perimeters (centralités). Geometries are GeoJSON (EPSG:4326) handled with
shapely; no spatial database is required. shapely is imported where a geometry is built
(not when the models load: every command would pay for it)."""

from functools import cached_property

from django.conf import settings
from django.db import models

METROPOLE_CODE = "200054781"
METROPOLE_NAME = "Métropole du Grand Paris"
PARIS_CODE = "75056"


class Territoire(models.Model):
    """An établissement public territorial (T2…T12), or Paris (T1)."""

    code = models.CharField("code", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=120)
    nom_officiel = models.CharField("nom officiel", max_length=200, blank=True)
    siren = models.CharField("SIREN", max_length=9, unique=True)
    rank = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "territoire"
        ordering = ["rank"]

    def __str__(self):
        return f"{self.code} {self.nom}"


class CommuneQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Communes a user may see the private objects of (staff: all)."""
        from cvv.organisations.access import visible

        return visible(self, user, commune="")

    def editable_by(self, user):
        """Communes a user may edit (staff: all; a commune's people: theirs)."""
        from cvv.organisations.access import visible

        return visible(self, user, commune="", own=True)


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField("nom", max_length=120)
    siren = models.CharField("SIREN", max_length=9, unique=True)
    departement = models.CharField("département", max_length=3)
    territoire = models.ForeignKey(Territoire, models.PROTECT, related_name="communes")
    population = models.PositiveIntegerField("population municipale")
    population_millesime = models.CharField("millésime de la population", max_length=250)
    contour = models.JSONField("contour (GeoJSON, WGS84)")
    mairie_lon = models.FloatField("longitude de la mairie")
    mairie_lat = models.FloatField("latitude de la mairie")
    fragile = models.BooleanField(
        "marquée fragile par la Métropole",
        default=False,
        help_text="Fragilité déclarée par les services, en plus de l’indice de besoin calculé.",
    )
    fragile_reason = models.TextField("motif de la fragilité", blank=True)
    need_index = models.FloatField(
        "indice de besoin",
        null=True,
        blank=True,
        help_text="Calculé par l’observatoire (voir la page méthodologie) ; plus il est élevé, "
        "plus la commune a besoin d’aide.",
    )
    need_index_source = models.CharField(
        "origine de l’indice de besoin", max_length=200, blank=True
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"

    @cached_property
    def geometry(self):
        from shapely.geometry import shape

        return shape(self.contour)


class Arrondissement(models.Model):
    """A Paris municipal arrondissement (75101…75120), the level SIRENE and BPE use."""

    code = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField("nom", max_length=120)
    commune = models.ForeignKey(Commune, models.PROTECT, related_name="arrondissements")
    population = models.PositiveIntegerField("population municipale")
    contour = models.JSONField("contour (GeoJSON, WGS84)")
    mairie_lon = models.FloatField(null=True, blank=True)
    mairie_lat = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = "arrondissement"
        ordering = ["code"]

    def __str__(self):
        return self.nom

    @cached_property
    def geometry(self):
        from shapely.geometry import shape

        return shape(self.contour)


class Centralite(models.Model):
    """A town-centre perimeter of a commune. Its geometry is versioned: each change adds
    a CentraliteVersion, and computed figures keep the version they used."""

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="centralites")
    nom = models.CharField("nom", max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "centralité"
        ordering = ["commune__code", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "nom"], name="centralite_unique_name")
        ]

    def __str__(self):
        return f"{self.nom} — {self.commune.nom}"

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class CentraliteVersion(models.Model):
    class Source(models.TextChoices):
        PROVISIONAL = "provisional", "Périmètre provisoire autour de la mairie"
        UPLOAD = "upload", "Fichier GeoJSON importé"
        DRAWN = "drawn", "Tracé sur la carte"

    centralite = models.ForeignKey(Centralite, models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("version")
    geometry = models.JSONField("périmètre (GeoJSON, WGS84)")
    source = models.CharField(max_length=20, choices=Source.choices)
    area_m2 = models.FloatField("surface (m²)")
    comment = models.TextField("commentaire", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.RESTRICT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "version de centralité"
        ordering = ["centralite", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["centralite", "number"], name="centralite_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.centralite} v{self.number}"

    @cached_property
    def shape(self):
        from shapely.geometry import shape

        return shape(self.geometry)

    @property
    def is_provisional(self):
        return self.source == self.Source.PROVISIONAL
