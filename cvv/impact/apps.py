from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "cvv.impact"
    verbose_name = "Impact mesuré des accompagnements"
