from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "cvv.organisations"
    label = "organisations"
    verbose_name = "Organisations"
