from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cvv.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        from cvv.core import checks  # noqa: F401  (registers the deployment checks)
