from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "cvv.observatory"
    label = "observatory"
    verbose_name = "Observatoire"
