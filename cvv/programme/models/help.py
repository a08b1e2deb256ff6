"""A commune asks the Métropole for help at any time, accompanied or not (as in Recoco): a
conversation between the commune's people and the programme's staff."""

from django.conf import settings
from django.db import models


class HelpRequest(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Ouverte"
        CLOSED = "closed", "Close"

    class Topic(models.TextChoices):
        PROGRAMME = "programme", "Le programme Centres-Villes Vivants et ses candidatures"
        FUNDING = "funding", "Financements (FIMACS, subventions)"
        COMMERCIAL = "commercial", "Programmation commerciale, vacance des locaux"
        LAND = "land", "Foncier, intervention de la foncière"
        LEGAL = "legal", "Question juridique"
        PLATFORM = "platform", "Utilisation de la plateforme"
        OTHER = "other", "Autre sujet"

    class Awaiting(models.TextChoices):
        METROPOLE = "metropole", "En attente de la Métropole"
        COMMUNE = "commune", "En attente de la commune"

    commune = models.ForeignKey(
        "territories.Commune", models.PROTECT, related_name="help_requests", verbose_name="commune"
    )
    topic = models.CharField("sujet", max_length=20, choices=Topic.choices)
    subject = models.CharField("objet", max_length=200)
    state = models.CharField(
        "état", max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    # Whose turn it is: the side that did not write the last message.
    awaiting = models.CharField(
        "en attente de", max_length=10, choices=Awaiting.choices, default=Awaiting.METROPOLE
    )
    # The staff member who answered first (or took it): the one notified afterwards.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_help_requests",
        verbose_name="suivie par",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField("dernier message", null=True, blank=True)

    class Meta:
        verbose_name = "demande d’aide à la Métropole"
        verbose_name_plural = "demandes d’aide à la Métropole"
        ordering = ["-last_message_at", "-pk"]

    def __str__(self):
        return self.subject


class HelpMessage(models.Model):
    request = models.ForeignKey(HelpRequest, models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    body = models.TextField("message")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "message d’une demande d’aide"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:80]
