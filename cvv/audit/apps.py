from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cvv.audit"
    label = "audit"
    verbose_name = "Journal d’audit"
