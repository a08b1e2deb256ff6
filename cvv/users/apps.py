from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "cvv.users"
    label = "users"
    verbose_name = "Utilisateurs"
