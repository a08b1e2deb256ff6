from django.apps import AppConfig


class FonciereConfig(AppConfig):
    name = "cvv.fonciere"
    label = "fonciere"
    verbose_name = "Foncière"
