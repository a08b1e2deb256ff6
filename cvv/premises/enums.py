"""States and kinds of the premises register (French labels)."""

from django.db import models

from cvv.observatory.nomenclature import CATEGORIES


class PremisesStatus(models.TextChoices):
    VACANT = "vacant", "Vacant"
    OCCUPIED = "occupe", "Occupé"
    WORKS = "travaux", "En travaux"


class VacancyClass(models.TextChoices):
    FRICTIONAL = "frictionnelle", "Vacance frictionnelle (moins de 6 mois)"
    CYCLICAL = "conjoncturelle", "Vacance conjoncturelle (6 mois à 2 ans)"
    STRUCTURAL = "structurelle", "Vacance structurelle (plus de 2 ans)"


class ErpCategory(models.TextChoices):
    NONE = "", "Non renseignée"
    CAT1 = "1", "1re catégorie (plus de 1 500 personnes)"
    CAT2 = "2", "2e catégorie (701 à 1 500 personnes)"
    CAT3 = "3", "3e catégorie (301 à 700 personnes)"
    CAT4 = "4", "4e catégorie (jusqu’à 300 personnes)"
    CAT5 = "5", "5e catégorie (petits établissements)"


class PermittedUse(models.TextChoices):
    RETAIL = "commerce", "Commerce de détail"
    CRAFT = "artisanat", "Artisanat"
    RESTAURANT = "restauration", "Restauration (avec extraction)"
    SERVICES = "services", "Services et bureaux"
    MIXED = "mixte", "Usage mixte"


class OwnerKind(models.TextChoices):
    PRIVATE = "prive", "Propriétaire privé"
    COMMUNE = "commune", "Commune"
    FONCIERE = "fonciere", "Foncière Centres-Villes Vivants"
    SOCIAL_LANDLORD = "bailleur_social", "Bailleur social"
    OTHER = "autre", "Autre"
    UNKNOWN = "", "Non renseigné"


class StatusSource(models.TextChoices):
    MANUAL = "saisie", "Saisie sur la fiche"
    SURVEY = "releve", "Relevé de terrain"
    FONCIERE = "fonciere", "Foncière"


ActivityCategory = models.TextChoices(
    "ActivityCategory", [(slug.upper(), (slug, label)) for slug, label in CATEGORIES]
)
