"""Photos of a published offer's premises, for the public pages: only while the offer is
published, only the premises' « Photos » slot (never its plans, never another document of
the vault), checked here on every request."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cvv.core.downloads import stored_file_response
from cvv.documents.validation import download_name
from cvv.matchmaking import selectors
from cvv.premises.pieces import public_photos


@login_not_required
@require_GET
def offer_photo(request, pk, document_pk):
    offer = get_object_or_404(selectors.published_offers(), pk=pk)
    document = public_photos(offer.premises).filter(pk=document_pk).first()
    if document is None:
        raise Http404("Photo introuvable.")
    return stored_file_response(
        document.file,
        filename=download_name(document.original_name, document.content_type),
        content_type=document.content_type,
        private=True,
        sandbox=True,
    )
