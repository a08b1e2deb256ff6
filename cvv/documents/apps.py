from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cvv.documents"
    label = "documents"
    verbose_name = "Documents"
