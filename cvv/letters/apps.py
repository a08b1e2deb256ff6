from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "cvv.letters"
    label = "letters"
    verbose_name = "Modèles de documents"
