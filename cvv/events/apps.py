from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cvv.events"
    verbose_name = "Événements : formations, webinaires, visites et Assises"
    default_auto_field = "django.db.models.BigAutoField"
