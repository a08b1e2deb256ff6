from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "cvv.matchmaking"
    verbose_name = "Mise en relation"
