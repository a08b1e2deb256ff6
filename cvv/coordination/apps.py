from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "cvv.coordination"
    verbose_name = "Coordination avec les autres programmes métropolitains"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cvv.coordination import access

        access.register()
