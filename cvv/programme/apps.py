from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "cvv.programme"
    label = "programme"
    verbose_name = "Programme d’accompagnement"

    def ready(self):
        from cvv.programme import access

        access.register()
