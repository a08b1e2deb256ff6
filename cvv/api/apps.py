from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cvv.api"
    label = "api"
    verbose_name = "API"
