from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEntry(models.Model):
    """One write made through a service: who, what, when, on which object, with data.

    Written by services (never by signals). Workflow transitions are audit entries whose
    data holds `from`, `to` and `reason`.
    """

    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    # RESTRICT: a person who acted cannot be deleted while their trace exists.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.RESTRICT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name="auteur",
    )
    action = models.CharField("action", max_length=120, db_index=True)
    content_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField("objet", max_length=300, blank=True)
    commune_code = models.CharField("commune", max_length=5, blank=True, db_index=True)
    data = models.JSONField("données", default=dict, blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal d’audit"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.label} {self.object_repr}"

    @property
    def is_transition(self):
        return "to" in self.data and "from" in self.data

    @property
    def label(self):
        """The action in French (« Dossier déposé »): see cvv.audit.labels."""
        from cvv.audit.labels import action_label

        return action_label(self.action)

    @property
    def from_label(self):
        from cvv.audit.labels import state_label

        return state_label(self.action, self.data.get("from"))

    @property
    def to_label(self):
        from cvv.audit.labels import state_label

        return state_label(self.action, self.data.get("to"))
