"""Instruction: documents attached from the vault, opinions, private notes, messages, and the
instructors' transitions (completion request, instruction, ineligibility, committee)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.documents.models import Document
from cvv.funding.models import (
    REQUIRED_DOCUMENT_KINDS,
    Annotation,
    Dossier,
    DossierDocument,
    DossierMessage,
    Opinion,
)
from cvv.funding.notifications import notify_commune, notify_experts, notify_instructors
from cvv.funding.workflows import DOSSIER
from cvv.organisations.access import get_access

ATTACHABLE_STATES = (
    Dossier.State.DRAFT,
    Dossier.State.COMPLETION_REQUESTED,
)


@transaction.atomic
def document_attach(*, dossier, document, kind, actor) -> DossierDocument:
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state not in ATTACHABLE_STATES:
        raise ValidationError("Les pièces ne se modifient qu’en brouillon ou sur demande.")
    if kind not in REQUIRED_DOCUMENT_KINDS and kind != "autre":
        raise ValidationError({"kind": "Nature de pièce inconnue."})
    if document.commune_id != dossier.commune_id:
        raise ValidationError({"document": "Ce document n’est pas dans le coffre-fort."})
    if not document.is_current:
        raise ValidationError({"document": "Joignez la version en vigueur du document."})
    attachment, created = DossierDocument.objects.get_or_create(
        dossier=dossier, document=document, defaults={"kind": kind, "attached_by": actor}
    )
    if not created:
        raise ValidationError({"document": "Ce document est déjà joint au dossier."})
    log_action(
        "funding.dossier.document_attached",
        actor=actor,
        obj=dossier,
        data={"document": document.pk, "kind": kind},
    )
    return attachment


@transaction.atomic
def document_upload_attach(*, dossier, uploaded_file, kind, title, actor) -> DossierDocument:
    """Store a new file in the commune's vault, then attach it to the dossier."""
    from cvv.documents.services import document_upload

    if dossier.state not in ATTACHABLE_STATES:
        raise ValidationError("Les pièces ne se modifient qu’en brouillon ou sur demande.")
    document = document_upload(
        commune=dossier.commune,
        uploaded_file=uploaded_file,
        kind=kind,
        title=title,
        actor=actor,
    )
    return document_attach(dossier=dossier, document=document, kind=kind, actor=actor)


@transaction.atomic
def document_detach(*, attachment, actor):
    dossier = attachment.dossier
    if dossier.state not in ATTACHABLE_STATES:
        raise ValidationError("Les pièces ne se modifient qu’en brouillon ou sur demande.")
    log_action(
        "funding.dossier.document_detached",
        actor=actor,
        obj=dossier,
        data={"document": attachment.document_id, "kind": attachment.kind},
    )
    attachment.delete()


def vault_candidates(dossier):
    """Current documents of the commune's vault that could be attached (not yet attached)."""
    attached = dossier.documents.values_list("document_id", flat=True)
    return Document.objects.current().filter(commune=dossier.commune).exclude(pk__in=attached)


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
