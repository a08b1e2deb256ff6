from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "cvv.funding"
    label = "funding"
    verbose_name = "Fonds FIMACS"

    def ready(self):
        from cvv.documents.access import register_access_check
        from cvv.funding.selectors import dossier_document_visible

        register_access_check(dossier_document_visible)
