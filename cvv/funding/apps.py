from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "cvv.funding"
    label = "funding"
    verbose_name = "Fonds FIMACS"
