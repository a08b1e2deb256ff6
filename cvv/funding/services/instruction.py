"""Instruction: opinions, private notes, messages, and the
instructors' transitions (completion request, instruction, ineligibility, committee)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.funding.models import Annotation, Dossier, DossierMessage, Opinion
from cvv.funding.notifications import notify_commune, notify_experts, notify_instructors

# The pieces of a dossier live in their slots (cvv.funding.services.pieces).
from cvv.funding.services.pieces import (  # noqa: F401
    ATTACHABLE_STATES,
    document_attach,
    document_detach,
    document_upload_attach,
)
from cvv.funding.workflows import DOSSIER
from cvv.organisations.access import get_access


@transaction.atomic
def opinion_request(*, dossier, actor, kind, organisation=None, question="", due_on=None):
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state != Dossier.State.UNDER_INSTRUCTION:
        raise ValidationError("Les avis se demandent pendant l’instruction.")
    if kind == Opinion.Kind.PARTNER and organisation is None:
        raise ValidationError({"organisation": "Choisissez le partenaire sollicité."})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": "L’échéance est passée."})
    opinion = Opinion.objects.create(
        dossier=dossier,
        kind=kind,
        organisation=organisation if kind == Opinion.Kind.PARTNER else None,
        question=question,
        due_on=due_on,
        requested_by=actor,
    )
    if opinion.kind == Opinion.Kind.PARTNER:
        notify_experts(opinion)
    log_action(
        "funding.opinion.requested",
        actor=actor,
        obj=dossier,
        data={"opinion": opinion.pk, "kind": kind, "due_on": due_on},
    )
    return opinion


@transaction.atomic
def opinion_give(*, opinion, actor, verdict, text) -> Opinion:
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.is_given:
        raise ValidationError("Cet avis a déjà été rendu.")
    if verdict not in Opinion.Verdict.values:
        raise ValidationError({"verdict": "Choisissez un avis."})
    if not (text or "").strip():
        raise ValidationError({"text": "Motivez l’avis."})
    if opinion.dossier.state not in (
        Dossier.State.UNDER_INSTRUCTION,
        Dossier.State.READY_FOR_COMMITTEE,
    ):
        raise ValidationError("Le dossier n’est plus en instruction.")
    opinion.verdict, opinion.text = verdict, text.strip()
    opinion.given_by, opinion.given_at = actor, timezone.now()
    opinion.save()
    log_action(
        "funding.opinion.given",
        actor=actor,
        obj=opinion.dossier,
        data={"opinion": opinion.pk, "verdict": verdict},
    )
    return opinion


def technical_opinion_given(dossier) -> bool:
    return dossier.opinions.filter(kind=Opinion.Kind.TECHNICAL).exclude(verdict="").exists()


@transaction.atomic
def annotation_add(*, dossier, actor, text) -> Annotation:
    if not (text or "").strip():
        raise ValidationError({"text": "La note est vide."})
    note = Annotation.objects.create(dossier=dossier, author=actor, text=text.strip())
    log_action("funding.dossier.annotated", actor=actor, obj=dossier, data={"note": note.pk})
    return note


@transaction.atomic
def message_post(*, dossier, actor, text) -> DossierMessage:
    if not (text or "").strip():
        raise ValidationError({"text": "Le message est vide."})
    message = DossierMessage.objects.create(dossier=dossier, author=actor, text=text.strip())
    log_action("funding.dossier.message", actor=actor, obj=dossier, data={"message": message.pk})
    # A message reaches the other side: the commune's people, or the dossier's instructors.
    if get_access(actor).is_commune_side(dossier.commune):
        notify_instructors(dossier, "message", message.text)
    else:
        notify_commune(dossier, "message", message.text)
    return message


@transaction.atomic
def dossier_instruct(*, dossier, name, actor, reason="") -> Dossier:
    """An instructor's transition on a dossier (one of the workflow's "instruction" group)."""
    if name not in DOSSIER.group("instruction"):
        raise ValidationError("Action inconnue.")
    DOSSIER.check(dossier, name, actor)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    extra = []
    if name == "mark_ready" and not technical_opinion_given(dossier):
        raise ValidationError("Rendez l’avis technique avant de transmettre au comité.")
    if name == "refuse_ineligible":
        dossier.decision_reasons = reason
        dossier.decided_on = timezone.localdate()
        extra = ["decision_reasons", "decided_on"]
    DOSSIER.apply(dossier, name, actor=actor, reason=reason, extra_update_fields=extra)
    notify_commune(dossier, name, reason)
    return dossier
