"""Edition management by the Métropole's administrators: edition, call, questions, grid."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.organisations.access import admin_required
from cvv.programme.models import CallQuestion, Criterion, Edition
from cvv.programme.services import editions as services
from cvv.www.programme_views.common import attach_errors
from cvv.www.programme_views.forms import CriterionForm, EditionForm, QuestionForm


def _initial(edition):
    if edition is None:
        return {}
    call = getattr(edition, "call", None)
    initial = {
        key: getattr(edition, key)
        for key in (
            "number",
            "name",
            "year",
            "starts_on",
            "ends_on",
            "budget",
            "description",
            "inactivity_days",
            "bonus_small",
            "bonus_fragile",
            "bonus_third_quartile",
        )
    }
    if call is not None:
        initial.update(
            call_title=call.title,
            call_opens_on=call.opens_on,
            call_closes_on=call.closes_on,
            call_description=call.description,
            call_eligibility=call.eligibility,
            required_documents=call.required_documents,
        )
    return initial


@admin_required
def edition_edit(request, number=None):
    edition = get_object_or_404(Edition, number=number) if number else None
    form = EditionForm(request.POST or None, initial=_initial(edition))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.edition_save(
                actor=request.user,
                edition=edition,
                call_data=form.call_data(),
                **form.edition_fields(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{saved.name} enregistrée.")
            return redirect("programme:edition", number=saved.number)
    return render(
        request,
        "programme/edition_form.html",
        {
            "edition": edition,
            "form": form,
            "question_form": QuestionForm() if edition else None,
            "criterion_form": CriterionForm() if edition else None,
            "questions": edition.call.questions.all()
            if edition and hasattr(edition, "call")
            else [],
            "criteria": edition.criteria.all() if edition else [],
        },
        status=400 if form.errors else 200,
    )


def _back(edition):
    return redirect("programme:edition_edit", number=edition.number)


@admin_required
@require_POST
def question_add(request, number):
    edition = get_object_or_404(Edition, number=number)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_add(edition=edition, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Question ajoutée à l’appel.")
    else:
        messages.error(request, "Écrivez la question.")
    return _back(edition)


@admin_required
@require_POST
def question_delete(request, number, pk):
    edition = get_object_or_404(Edition, number=number)
    question = get_object_or_404(CallQuestion, pk=pk, call__edition=edition)
    try:
        services.question_delete(question=question, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Question retirée.")
    return _back(edition)


@admin_required
@require_POST
def criterion_add(request, number):
    edition = get_object_or_404(Edition, number=number)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_add(edition=edition, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Critère ajouté à la grille.")
    else:
        messages.error(request, "Critère incomplet : libellé, pondération et note maximale.")
    return _back(edition)


@admin_required
@require_POST
def criterion_delete(request, number, pk):
    edition = get_object_or_404(Edition, number=number)
    criterion = get_object_or_404(Criterion, pk=pk, edition=edition)
    try:
        services.criterion_delete(criterion=criterion, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Critère retiré.")
    return _back(edition)
