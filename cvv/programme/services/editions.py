"""Editions, their call for applications, questions and scoring grid (Métropole staff)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.documents.models import DocumentKind
from cvv.programme.models import CallForApplications, CallQuestion, Criterion, Edition, Score

EDITION_FIELDS = (
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
CALL_FIELDS = ("title", "opens_on", "closes_on", "description", "eligibility")


@transaction.atomic
def edition_save(*, actor, edition=None, call_data: dict, **fields) -> Edition:
    created = edition is None
    edition = edition or Edition()
    if not created and edition.state == Edition.State.CLOSED:
        raise ValidationError("Une édition clôturée n’est plus modifiable.")
    for key in EDITION_FIELDS:
        if key in fields:
            setattr(edition, key, fields[key])
    edition.full_clean()
    edition.save()
    call = CallForApplications.objects.filter(edition=edition).first() or CallForApplications(
        edition=edition
    )
    for key in CALL_FIELDS:
        if key in call_data:
            setattr(call, key, call_data[key])
    required = list(call_data.get("required_documents", call.required_documents or []))
    unknown = [kind for kind in required if kind not in DocumentKind.values]
    if unknown:
        raise ValidationError({"required_documents": "Nature de document inconnue."})
    call.required_documents = required
    call.full_clean()
    call.save()
    log_action(
        "programme.edition.created" if created else "programme.edition.updated",
        actor=actor,
        obj=edition,
        data={key: fields.get(key) for key in EDITION_FIELDS if key in fields},
    )
    return edition


@transaction.atomic
def question_add(*, edition, label, help_text="", required=True, actor) -> CallQuestion:
    if edition.state not in (Edition.State.DRAFT, Edition.State.CALL_OPEN):
        raise ValidationError("Les questions ne changent plus après la clôture de l’appel.")
    order = (edition.call.questions.order_by("-order").values_list("order", flat=True).first()) or 0
    question = CallQuestion(
        call=edition.call, order=order + 1, label=label, help_text=help_text, required=required
    )
    question.full_clean()
    question.save()
    log_action("programme.call.question_added", actor=actor, obj=edition, data={"label": label})
    return question


@transaction.atomic
def question_delete(*, question, actor):
    edition = question.call.edition
    if edition.candidatures.exclude(state="draft").exists():
        raise ValidationError(
            "Des candidatures ont déjà été déposées : la question ne peut plus être retirée."
        )
    log_action(
        "programme.call.question_removed", actor=actor, obj=edition, data={"label": question.label}
    )
    question.delete()


@transaction.atomic
def criterion_add(*, edition, label, weight, max_score=5, description="", actor) -> Criterion:
    if Score.objects.filter(criterion__edition=edition).exists():
        raise ValidationError("Des évaluations ont commencé : la grille ne peut plus changer.")
    order = (edition.criteria.order_by("-order").values_list("order", flat=True).first()) or 0
    criterion = Criterion(
        edition=edition,
        order=order + 1,
        label=label,
        weight=weight,
        max_score=max_score,
        description=description,
    )
    criterion.full_clean()
    criterion.save()
    log_action(
        "programme.criterion.added",
        actor=actor,
        obj=edition,
        data={"label": label, "weight": weight, "max_score": max_score},
    )
    return criterion


@transaction.atomic
def criterion_delete(*, criterion, actor):
    if criterion.scores.exists():
        raise ValidationError("Ce critère a déjà été noté : il ne peut plus être retiré.")
    log_action(
        "programme.criterion.removed",
        actor=actor,
        obj=criterion.edition,
        data={"label": criterion.label},
    )
    criterion.delete()
