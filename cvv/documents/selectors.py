from django.http import Http404

from cvv.documents.access import granted_by_other_modules
from cvv.documents.models import Document
from cvv.territories.models import Commune


def documents_visible_to(user):
    """Documents of the communes the user may see the private objects of."""
    return Document.objects.filter(commune__in=Commune.objects.visible_to(user)).select_related(
        "commune", "uploaded_by"
    )


def document_for_download(user, pk) -> Document:
    """The document if the user may read it (own scope or a module's grant), else 404."""
    document = Document.objects.select_related("commune").filter(pk=pk).first()
    if document is None:
        raise Http404("Document introuvable.")
    if documents_visible_to(user).filter(pk=pk).exists():
        return document
    if user.is_authenticated and granted_by_other_modules(user, document):
        return document
    raise Http404("Document introuvable.")
