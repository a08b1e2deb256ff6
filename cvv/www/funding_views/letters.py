"""The FIMACS documents made from editable templates: the convention's PDF and the letter
notifying the committee's decision (ODT and PDF), for the instruction and the commune."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cvv.core.downloads import stored_file_response
from cvv.funding import selectors
from cvv.funding.letters import CONVENTION, DECISION_LETTER
from cvv.funding.services import conventions
from cvv.letters.models import GeneratedLetter
from cvv.letters.services import latest_letter
from cvv.www.funding_views.common import INSTRUCTORS, dossier_as, flash_errors

ODT = "application/vnd.oasis.opendocument.text"
PDF = "application/pdf"


def letters_context(dossier):
    """What the dossier page shows of its generated documents."""
    return {
        "convention_letter": latest_letter(dossier, CONVENTION.code),
        "decision_letter": latest_letter(dossier, DECISION_LETTER.code),
        "decision_states": [state.value for state in conventions.DECISION_STATES],
    }


@require_POST
def decision_letter_generate(request, pk):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    try:
        letter = conventions.decision_letter_generate(dossier=dossier, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            f"Lettre de notification du dossier {dossier.reference} générée "
            f"({letter.template_label}).",
        )
    return redirect("fimacs:dossier", pk=dossier.pk)


def _letter(request, pk, kind):
    dossier = selectors.dossier_for_view(request.user, pk)
    letter = latest_letter(dossier, kind)
    if letter is None:
        raise Http404("Ce document n’a pas encore été généré.")
    return dossier, letter


def decision_letter_download(request, pk, fmt):
    dossier, letter = _letter(request, pk, DECISION_LETTER.code)
    return _serve(letter, f"notification-{dossier.reference}", fmt)


def convention_pdf(request, pk):
    dossier, letter = _letter(request, pk, CONVENTION.code)
    return _serve(letter, f"CONV-{dossier.reference}", "pdf")


def _serve(letter, name, fmt):
    if fmt == "pdf":
        if letter.pdf_status != GeneratedLetter.PdfStatus.READY:
            raise Http404(letter.get_pdf_status_display())
        return stored_file_response(
            letter.pdf, filename=f"{name}.pdf", content_type=PDF, private=True
        )
    return stored_file_response(letter.odt, filename=f"{name}.odt", content_type=ODT, private=True)
