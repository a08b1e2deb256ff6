"""Edition management by the Métropole's administrators: edition, call, questions, grid."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.organisations.access import admin_required
from cvv.programme.models import CallQuestion, Criterion, Edition
from cvv.programme.services import editions as services
from cvv.www.programme_views.common import attach_errors, report
from cvv.www.programme_views.forms import CriterionForm, EditionForm, QuestionForm


def _initial(edition):
    if edition is None:
        return {}
    call = getattr(edition, "call", None)
    initial = {key: getattr(edition, key) for key in services.EDITION_FIELDS}
    if call is not None:
        initial.update({f"call_{key}": getattr(call, key) for key in services.CALL_FIELDS})
        initial["required_documents"] = call.required_documents
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


def _change(request, edition, change, success):
    """Run a change of the call or grid, say how it went and go back to the edition."""
    report(request, change, success)
    return redirect("programme:edition_edit", number=edition.number)


def _add(request, number, form_class, service, success, invalid):
    edition = get_object_or_404(Edition, number=number)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect("programme:edition_edit", number=edition.number)
    return _change(
        request,
        edition,
        lambda: service(edition=edition, actor=request.user, **form.cleaned_data),
        f"{success} : « {form.cleaned_data['label']} »",
    )


@admin_required
@require_POST
def question_add(request, number):
    return _add(
        request,
        number,
        QuestionForm,
        services.question_add,
        "Question ajoutée à l’appel",
        "Écrivez la question.",
    )


@admin_required
@require_POST
def question_delete(request, number, pk):
    edition = get_object_or_404(Edition, number=number)
    question = get_object_or_404(CallQuestion, pk=pk, call__edition=edition)
    return _change(
        request,
        edition,
        lambda: services.question_delete(question=question, actor=request.user),
        f"Question « {question} » retirée de l’appel.",
    )


@admin_required
@require_POST
def criterion_add(request, number):
    return _add(
        request,
        number,
        CriterionForm,
        services.criterion_add,
        "Critère ajouté à la grille",
        "Critère incomplet : libellé, pondération et note maximale.",
    )


@admin_required
@require_POST
def criterion_delete(request, number, pk):
    edition = get_object_or_404(Edition, number=number)
    criterion = get_object_or_404(Criterion, pk=pk, edition=edition)
    return _change(
        request,
        edition,
        lambda: services.criterion_delete(criterion=criterion, actor=request.user),
        f"Critère « {criterion} » retiré de la grille.",
    )
