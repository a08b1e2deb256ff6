"""The network's shared vocabularies (French labels)."""

from django.db import models


class Topic(models.TextChoices):
    """The shared list of skills and topics: profiles, needs, questions use the same one."""

    VACANCY = "vacance", "Vacance commerciale"
    MARKETS = "marches", "Marchés"
    EVENTS = "animations", "Animations et événements"
    DIGITAL = "numerique", "Numérique"
    LOGISTICS = "logistique", "Logistique urbaine"
    PREEMPTION = "preemption", "Droit de préemption commercial"
    SHOPFRONTS = "devantures", "Devantures et enseignes (règlement local)"
    ASSOCIATIONS = "unions", "Unions et associations de commerçants"
    FUNDING = "financements", "Financements et subventions"
    PUBLIC_SPACE = "espace_public", "Espace public et terrasses"
    REAL_ESTATE = "immobilier", "Immobilier commercial et foncière"
    OBSERVATION = "observation", "Observation et diagnostic du commerce"


class ContactState(models.TextChoices):
    PENDING = "pending", "En attente de réponse"
    ACCEPTED = "accepted", "Acceptée"
    DECLINED = "declined", "Déclinée"
    CANCELLED = "cancelled", "Annulée"


class NewsletterState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SENT = "sent", "Envoyée"


class AdviceState(models.TextChoices):
    SUBMITTED = "submitted", "Envoyée"
    ANSWERED = "answered", "Réponse apportée"
    DECLINED = "declined", "Déclinée"
    WITHDRAWN = "withdrawn", "Retirée"
