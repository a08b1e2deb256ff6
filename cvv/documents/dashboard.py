from django.urls import reverse

from cvv.core.dashboard import Card
from cvv.documents.models import Document
from cvv.organisations.access import own_communes


def cards(request, access):
    result = []
    for commune in own_communes(access):
        documents = Document.objects.current().filter(commune=commune)
        result.append(
            Card(
                title=f"Documents de {commune.nom}",
                order=25,
                lines=[("Documents en vigueur", documents.count(), "")],
                links=[
                    ("Coffre-fort documentaire", reverse("documents:vault", args=[commune.code]))
                ],
            )
        )
    return result
