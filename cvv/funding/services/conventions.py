"""Conventions and decision letters filled from the editable templates in force (cvv.letters:
ODT, then PDF in the background) with the dossier's data."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.funding.engine import euros, percent
from cvv.funding.letters import CONVENTION, DECISION_LETTER
from cvv.funding.models import Convention, Dossier
from cvv.funding.rules import rules_of
from cvv.funding.services.lapse import deadlines
from cvv.funding.workflows import DOSSIER
from cvv.letters import odt
from cvv.letters.services import letter_generate, template_bytes
from cvv.organisations.access import get_access
from cvv.organisations.enums import INSTRUCTION_ROLES


def _common(dossier):
    return {
        "commune": dossier.commune.nom,
        "code": dossier.commune.code,
        "title": dossier.title,
        "reference": dossier.reference,
        "edition": str(dossier.edition),
        "reglement": dossier.reglement.code,
        "decided_on": (dossier.decided_on or timezone.localdate()).strftime("%d/%m/%Y"),
        "granted": euros(dossier.granted_amount or 0),
        "conditions": dossier.decision_conditions or "Aucune condition particulière.",
        "today": timezone.localdate().strftime("%d/%m/%Y"),
    }


def _context(dossier, number):
    rules = rules_of(dossier.reglement)
    decided = dossier.decided_on or timezone.localdate()
    start_deadline, final_deadline = deadlines(rules, decided)
    return {
        **_common(dossier),
        "number": number,
        "advance": percent(rules.value("advance_cap")),
        "interim": percent(rules.value("interim_cap")),
        "start_deadline": start_deadline.strftime("%d/%m/%Y"),
        "final_deadline": final_deadline.strftime("%d/%m/%Y"),
        "categories": [
            f"{_category_label(rules, code)} : {euros(amount)} "
            f"(taux {percent(dossier.granted_rates.get(code, '0'))})"
            for code, amount in dossier.granted_by_category.items()
        ],
    }


def _category_label(rules, code):
    category = rules.category(code)
    return category.label if category is not None else code


DECISIONS = {
    Dossier.State.REFUSED: "ne retient pas la demande",
    Dossier.State.DEFERRED: "ajourne l’examen de la demande à une prochaine séance",
}


def _decision_context(dossier):
    if dossier.state in Dossier.COMMITTED_STATES:
        decision = f"accorde une aide de {euros(dossier.granted_amount or 0)}"
    else:
        decision = DECISIONS[dossier.state]
    return {
        **_common(dossier),
        "decision": decision,
        "reasons": dossier.decision_reasons or "—",
        "conditions": dossier.decision_conditions or "Aucune condition particulière.",
    }


def render_convention(dossier, number) -> bytes:
    """The convention filled from the template in force (ODT bytes), without storing it."""
    content, _template = template_bytes(CONVENTION.code)
    return odt.render(content, _context(dossier, number))


@transaction.atomic
def convention_generate(*, dossier, actor) -> Convention:
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state != Dossier.State.GRANTED:
        raise ValidationError("La convention se prépare après l’octroi, avant la signature.")
    number = f"CONV-{dossier.reference}"
    letter = letter_generate(
        kind=CONVENTION.code, subject=dossier, context=_context(dossier, number), actor=actor
    )
    with letter.odt.open("rb") as handle:
        content = handle.read()
    convention = Convention.objects.filter(dossier=dossier).first()
    if convention is None:
        convention = Convention(dossier=dossier, number=number, generated_by=actor)
    else:
        convention.generated_by = actor
        # The previous file goes only once the new one is committed: a rollback keeps it.
        storage, old_name = convention.file.storage, convention.file.name
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
    convention.file.save(f"{number}.odt", ContentFile(content), save=False)
    convention.save()
    log_action(
        "funding.convention.generated",
        actor=actor,
        obj=dossier,
        data={"number": number, "template": letter.template_label},
    )
    return convention


DECISION_STATES = (*Dossier.COMMITTED_STATES, Dossier.State.REFUSED, Dossier.State.DEFERRED)


@transaction.atomic
def decision_letter_generate(*, dossier, actor):
    """The letter notifying the committee's decision to the commune (ODT, then PDF)."""
    if not get_access(actor).has_role(*INSTRUCTION_ROLES):
        raise PermissionDenied("Seule l’instruction prépare les lettres de notification.")
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state not in DECISION_STATES:
        raise ValidationError("La lettre de notification se prépare après la décision du comité.")
    letter = letter_generate(
        kind=DECISION_LETTER.code, subject=dossier, context=_decision_context(dossier), actor=actor
    )
    log_action(
        "funding.decision_letter.generated",
        actor=actor,
        obj=dossier,
        data={"template": letter.template_label},
    )
    return letter


@transaction.atomic
def convention_sign(*, dossier, signed_on, actor) -> Dossier:
    DOSSIER.check(dossier, "sign_convention", actor)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    convention = Convention.objects.filter(dossier=dossier).first()
    if convention is None:
        raise ValidationError("Générez d’abord la convention.")
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "La date de signature est dans le futur."})
    if dossier.decided_on and signed_on < dossier.decided_on:
        raise ValidationError({"signed_on": "La signature précède la décision."})
    convention.signed_on, convention.signed_recorded_by = signed_on, actor
    convention.save(update_fields=["signed_on", "signed_recorded_by"])
    DOSSIER.apply(dossier, "sign_convention", actor=actor, data={"signed_on": signed_on})
    return dossier
