from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "cvv.territories"
    label = "territories"
    verbose_name = "Territoires"
