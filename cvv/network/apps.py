from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "cvv.network"
    label = "network"
    verbose_name = "Réseau des managers de commerce"
