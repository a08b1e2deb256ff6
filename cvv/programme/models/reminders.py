"""Reminders: per-person preferences and in-platform notifications."""

from django.conf import settings
from django.db import models


class ReminderKind(models.TextChoices):
    OVERDUE_ACTION = "overdue_action", "Actions en retard"
    OVERDUE_EXPERTISE = "overdue_expertise", "Demandes d’expertise en retard"
    INACTIVE_ACCOMPANIMENT = "inactive_accompaniment", "Accompagnements sans activité"
    CANDIDATURE_DECISION = "candidature_decision", "Décisions sur les candidatures"
    EXPERTISE_UPDATE = "expertise_update", "Demandes d’expertise (nouvelles, réponses)"
    CONVERSATION = "conversation", "Messages des accompagnements"
    FIMACS = "fimacs", "Dossiers FIMACS (dépôts, messages, décisions)"
    HELP = "help", "Demandes d’aide à la Métropole"
    FONCIERE = "fonciere", "Échéances de la foncière"


class ReminderPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="programme_reminders"
    )
    overdue_action = models.BooleanField("actions en retard", default=True)
    overdue_expertise = models.BooleanField("demandes d’expertise en retard", default=True)
    inactive_accompaniment = models.BooleanField("accompagnements sans activité", default=True)
    by_email = models.BooleanField("recevoir aussi les relances par e-mail", default=True)

    class Meta:
        verbose_name = "préférences de relance"

    def __str__(self):
        return f"Relances de {self.user}"

    def wants(self, kind):
        return bool(getattr(self, kind, True))


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="programme_notifications"
    )
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    text = models.CharField(max_length=400)
    url = models.CharField(max_length=300, blank=True)
    # One reminder per object and day: "overdue_action:12:2026-11-26".
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")
        ]

    def __str__(self):
        return self.text
