"""May this reader open that page? One answer per kind of target, computed from the very
selector the target view fetches with, so a page draws a link only when following it cannot
end in a 403 or a 404 (issue 10: partner experts and the foncière were sent to 404s).

Templates ask with the `may_open` tag (`{% may_open "vault" commune as can_open_vault %}`);
views and contributions call `may_open(user, "dossier", pk)`.
"""

from django.http import Http404

from cvv.documents import selectors as documents
from cvv.funding import selectors as funding
from cvv.programme import selectors as programme
from cvv.territories.models import Commune


def _pk(obj):
    return getattr(obj, "pk", obj)


def _document(user, document):
    try:
        documents.document_for_download(user, _pk(document))  # documents:download
    except Http404:
        return False
    return True


TARGETS = {
    # documents:vault uses territories.selectors.commune_for_view
    "vault": lambda user, c: Commune.objects.visible_to(user).filter(pk=_pk(c)).exists(),
    # programme:candidature
    "candidature": lambda user, c: (
        programme.candidatures_visible_to(user).filter(pk=_pk(c)).exists()
    ),
    # programme:accompaniment
    "accompaniment": lambda user, a: (
        programme.accompaniments_visible_to(user).filter(pk=_pk(a)).exists()
    ),
    # fimacs:dossier uses funding.selectors.dossier_for_view
    "dossier": lambda user, d: funding.dossiers_visible_to(user).filter(pk=_pk(d)).exists(),
    "document": _document,
}


def may_open(user, target, obj) -> bool:
    """Whether `user` may open the `target` page of `obj` (an instance or its primary key)."""
    if obj is None or obj == "":
        return False
    return TARGETS[target](user, obj)
