"""External opinions: instructors ask any e-mail address; the person answers through the
signed link, without an account (cvv.funding.services.external)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from cvv.core.forms import attach_errors
from cvv.funding.services import external
from cvv.www.funding_views import forms
from cvv.www.funding_views.common import INSTRUCTORS, dossier_as, flash_errors


@require_POST
def external_opinion_request(request, pk):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    form = forms.ExternalOpinionRequestForm(request.POST, prefix="ext")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("fimacs:dossier", pk=dossier.pk)
    try:
        opinion = external.external_opinion_request(
            dossier=dossier, actor=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            f"Avis sur {dossier.reference} demandé à {opinion.email} : lien sécurisé envoyé, "
            f"valable jusqu’au {opinion.expires_on:%d/%m/%Y}.",
        )
    return redirect("fimacs:dossier", pk=dossier.pk)


@login_not_required
def external_opinion(request, token):
    """The page behind the signed link: the dossier's summary and the answer form."""
    opinion = external.opinion_from_token(token)
    if opinion is None:
        raise Http404("Ce lien n’est pas valable ou a expiré.")
    form = None
    if not opinion.is_given:
        form = forms.ExternalOpinionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                external.external_opinion_give(opinion=opinion, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(
                    request, f"Votre avis sur {opinion.dossier.reference} est transmis."
                )
                return redirect("fimacs_external:opinion", token=token)
    dossier = opinion.dossier
    response = render(
        request,
        "funding/external_opinion.html",
        {"opinion": opinion, "dossier": dossier, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
    # The link is a secret: never sent on as a referrer, never kept by a cache.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


app_name = "fimacs_external"
urlpatterns = [path("<str:token>/", external_opinion, name="opinion")]
