from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "cvv.www"
    label = "www"
    verbose_name = "Interface web"
