"""States and kinds of matchmaking (French labels)."""

from django.db import models


class DealKind(models.TextChoices):
    LETTING = "location", "Location (bail commercial)"
    LEASE_ASSIGNMENT = "cession_bail", "Cession de droit au bail"
    BUSINESS_SALE = "cession_fonds", "Cession de fonds de commerce"
    WALLS_SALE = "vente_murs", "Vente des murs"


class OfferState(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    PUBLISHED = "publiee", "Publiée"
    WITHDRAWN = "retiree", "Retirée"


class SearchState(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "close", "Close"


class IntroductionState(models.TextChoices):
    REQUESTED = "demandee", "Demandée"
    ACCEPTED = "acceptee", "Acceptée"
    DECLINED = "refusee", "Refusée"
    VISITING = "visite", "Visites en cours"
    APPLIED = "candidature", "Candidature déposée"
    SIGNED = "bail_signe", "Bail signé"
    ABANDONED = "abandonnee", "Abandonnée"


class ProfileState(models.TextChoices):
    PENDING = "a_valider", "À valider par la Métropole"
    VALIDATED = "validee", "Validée"
    REFUSED = "refusee", "Refusée"


class DismissReason(models.TextChoices):
    ACTIVITY = "activite", "Activité ou local inadapté"
    LOCATION = "emplacement", "Emplacement qui ne convient pas"
    BUDGET = "budget", "Loyer ou prix trop élevé"
    SURFACE = "surface", "Surface ou configuration inadaptée"
    CONDITION = "etat", "État du local (travaux trop lourds)"
    KNOWN = "deja_connu", "Déjà connu ou déjà visité"
    OTHER = "autre", "Autre motif"


class DismissSide(models.TextChoices):
    SEARCH = "recherche", "Écarté par le chercheur de local"
    OFFER = "offre", "Écarté par le gestionnaire du local"
