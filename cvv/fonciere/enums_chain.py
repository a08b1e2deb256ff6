"""Choices of the foncière's chain beyond the register: safeguard perimeters and
delegations, financial analysis, committee decision."""

from django.db import models


class DelegationScope(models.TextChoices):
    COMMERCE = "commerce", "Droit de préemption commercial (art. L214-1 C. urb.)"
    DPU = "dpu", "Droit de préemption urbain (art. L211-1 et L213-3 C. urb.)"


class RightOwner(models.TextChoices):
    """Who holds a pre-emption right before any delegation."""

    COMMUNE = "commune", "La commune"
    EPT = "ept", "L’établissement public territorial"


class Delegatee(models.TextChoices):
    """To whom a right is delegated (L214-1-1 C. urb.: an EPCI, a public body, a SEM such as
    the foncière, a concession holder)."""

    EPT = "ept", "L’établissement public territorial (délégation)"
    FONCIERE = "fonciere", "La foncière (délégation, art. L214-1-1 C. urb.)"
    OTHER = "autre", "Autre délégataire"


class ActivityKind(models.TextChoices):
    """For the rent-to-turnover ratio's benchmark (taux d'effort)."""

    RETAIL = "commerce", "Commerce de détail (taux d’effort sain 8 à 9 %)"
    FOOD = "alimentaire", "Alimentaire et restauration (taux d’effort sain 5 à 7 %)"


class Opinion(models.TextChoices):
    FAVOURABLE = "favorable", "Favorable"
    RESERVED = "reserve", "Favorable avec réserves"
    UNFAVOURABLE = "defavorable", "Défavorable"


class AnalysisState(models.TextChoices):
    DRAFT = "brouillon", "En préparation"
    COMMUNE = "avis_commune", "En attente de l’avis de la commune"
    COMMITTEE = "comite", "Prête pour le comité"
    DECIDED = "decidee", "Décidée par le comité"


class CommitteeChoice(models.TextChoices):
    ACQUIRE = "acquerir", "Acquérir"
    DECLINE = "renoncer", "Ne pas acquérir"
    PREEMPT_TRANSFER = (
        "preemption_cession",
        ("Acquérir par la préemption de la commune, puis cession à la foncière"),
    )


class WorksState(models.TextChoices):
    PLANNED = "prevus", "Prévus"
    IN_PROGRESS = "en_cours", "En cours"
    DONE = "termines", "Terminés"


class BuyerKind(models.TextChoices):
    TENANT = "preneur", "Le preneur en place (droit de préférence, art. L145-46-1 C. com.)"
    COMMUNE = "commune", "La commune"
    BUYER = "acquereur", "Un autre acquéreur"


class SaleState(models.TextChoices):
    OFFERED = "offerte", "Offre faite"
    ACCEPTED = "acceptee", "Offre acceptée"
    DECLINED = "refusee", "Offre refusée ou expirée"
    SOLD = "vendue", "Vendue (acte signé)"


class ApplicationState(models.TextChoices):
    RECEIVED = "recue", "Reçue"
    CHOSEN = "retenue", "Retenue par le comité"
    NOT_CHOSEN = "non_retenue", "Non retenue"
