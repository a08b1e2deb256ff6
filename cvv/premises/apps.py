from django.apps import AppConfig


class PremisesConfig(AppConfig):
    name = "cvv.premises"
    label = "premises"
    verbose_name = "Registre des locaux"

    def ready(self):
        from cvv.documents.access import register_access_check
        from cvv.premises.pieces import premises_piece_readable

        register_access_check(premises_piece_readable)
