from django.apps import AppConfig


class PremisesConfig(AppConfig):
    name = "cvv.premises"
    label = "premises"
    verbose_name = "Registre des locaux"
