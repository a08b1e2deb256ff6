"""Instructors' work queues (as in Démarches Numériques): who follows a dossier, and the
dossiers archived out of the daily queues once handled."""

from django.conf import settings
from django.db import models


class DossierFollower(models.Model):
    """An instructor following a dossier: it leaves « à suivre » for their « suivis »."""

    dossier = models.ForeignKey("funding.Dossier", models.CASCADE, related_name="followers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="followed_fimacs_dossiers"
    )
    followed_at = models.DateTimeField("suivi depuis", auto_now_add=True)

    class Meta:
        verbose_name = "instructeur suivant le dossier"
        verbose_name_plural = "instructeurs suivant le dossier"
        ordering = ["followed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "user"], name="fimacs_follow_once")
        ]

    def __str__(self):
        return f"{self.user} suit {self.dossier}"


class DossierArchive(models.Model):
    """A handled dossier put away from the « traités » queue (one row per archived dossier;
    unarchiving deletes it, the audit trail keeps both moves)."""

    dossier = models.OneToOneField("funding.Dossier", models.CASCADE, related_name="archive")
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    archived_at = models.DateTimeField("archivé le", auto_now_add=True)

    class Meta:
        verbose_name = "dossier archivé"
        verbose_name_plural = "dossiers archivés"

    def __str__(self):
        return f"{self.dossier} (archivé)"
