from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cvv.core"
    label = "core"
    verbose_name = "Socle"
