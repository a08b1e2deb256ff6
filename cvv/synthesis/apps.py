from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    name = "cvv.synthesis"
    verbose_name = "Synthèse par commune"
