"""Introduction stages after acceptance, messages between the parties, reminders.

- `introduction_accept / introduction_decline(*, actor, introduction, reason="")`: the
  offer's side answers (dated).
- `introduction_visit(*, actor, introduction, on, note="")`: a dated visit (either side).
- `introduction_apply(*, actor, introduction)`: the application is filed (either side); the
  modules offering the `premises_applied` hook record it (the foncière: the candidate
  enters the letting of a premises it holds).
- `introduction_sign(*, actor, introduction, on)`: the lease is signed (who manages the
  premises): the register marks the premises occupied on that date with the new occupant
  and activity (`cvv.premises.services`, which the observatory's surveys link to), the
  offer is withdrawn ("local loué"), and the modules offering the `premises_let` hook
  (`cvv.core.plugins.contributions`: the foncière for its premises) record it.
- `introduction_abandon(*, actor, introduction, reason)`: either side, with a reason.
- `introduction_message(*, actor, introduction, body)`: a message between the parties of
  an accepted introduction (the other side gets an e-mail).
- `remind_unanswered(*, now=None)`: introductions requested more than `REMIND_AFTER_DAYS`
  ago and still unanswered get one e-mail per `REMIND_AFTER_DAYS` to the offer's side.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.selectors import entries_for_object
from cvv.audit.services import log_action
from cvv.core.plugins import contributions
from cvv.matchmaking import tasks
from cvv.matchmaking.enums import IntroductionState, OfferState
from cvv.matchmaking.models import Introduction, IntroductionMessage, IntroductionVisit
from cvv.matchmaking.workflows import (
    INTRODUCTION_WORKFLOW,
    OFFER_WORKFLOW,
    OPEN_STAGES,
    party_of,
)
from cvv.organisations.access import get_access
from cvv.premises.enums import PremisesStatus

REMIND_AFTER_DAYS = 7
MESSAGE_STATES = {*OPEN_STAGES, IntroductionState.SIGNED}


def _notify(introduction, event, occurrence):
    """Queues the e-mail of one occurrence of `event`, named by the id of the row recording
    it (the task sends it once per address and occurrence: `IntroductionEmail`)."""
    pk = introduction.pk
    transaction.on_commit(lambda: tasks.send_introduction_email(pk, event, occurrence))


def _notify_transition(introduction, name, event):
    """`_notify` for a stage change: its occurrence is the audit entry the workflow just
    wrote for transition `name` (the row is locked, so the latest one is this one)."""
    entry = (
        entries_for_object(introduction)
        .filter(action=f"{INTRODUCTION_WORKFLOW.name}.{name}")
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    _notify(introduction, event, entry)


def _not_future(on, field="on"):
    if on is None:
        raise ValidationError({field: "Indiquez la date."})
    if on > dt.date.today():
        raise ValidationError({field: "La date ne peut pas être dans le futur."})


@transaction.atomic
def introduction_accept(*, actor, introduction) -> Introduction:
    introduction.answered_at = timezone.now()
    INTRODUCTION_WORKFLOW.apply(
        introduction, "accept", actor=actor, extra_update_fields=["answered_at"]
    )
    _notify_transition(introduction, "accept", "accepted")
    return introduction


@transaction.atomic
def introduction_decline(*, actor, introduction, reason) -> Introduction:
    introduction.answered_at = timezone.now()
    INTRODUCTION_WORKFLOW.apply(
        introduction, "decline", actor=actor, reason=reason, extra_update_fields=["answered_at"]
    )
    _notify_transition(introduction, "decline", "declined")
    return introduction


@transaction.atomic
def introduction_visit(*, actor, introduction, on, note="") -> IntroductionVisit:
    INTRODUCTION_WORKFLOW.check(introduction, "visit", actor)
    _not_future(on)
    if on < introduction.created_at.date():
        raise ValidationError({"on": "La visite ne peut pas précéder la demande."})
    INTRODUCTION_WORKFLOW.apply(introduction, "visit", actor=actor, data={"on": on.isoformat()})
    visit = IntroductionVisit.objects.create(
        introduction=introduction, on=on, note=(note or "")[:500], created_by=actor
    )
    _notify(introduction, "visit", visit.pk)
    return visit


@transaction.atomic
def introduction_apply(*, actor, introduction) -> Introduction:
    INTRODUCTION_WORKFLOW.apply(introduction, "apply", actor=actor)
    offer, search = introduction.offer, introduction.search
    for premises_applied in contributions("premises_applied"):
        premises_applied(
            premises=offer.premises,
            candidate_name=search.organisation.name,
            on=dt.date.today(),
            actor=actor,
            source=f"mise en relation {introduction.reference}",
            activity=search.get_activity_category_display(),
            annual_rent=offer.monthly_rent * 12 if offer.monthly_rent is not None else None,
        )
    _notify_transition(introduction, "apply", "applied")
    return introduction


@transaction.atomic
def introduction_sign(*, actor, introduction, on) -> Introduction:
    from cvv.premises.services import premises_set_status, premises_update

    INTRODUCTION_WORKFLOW.check(introduction, "sign", actor)
    _not_future(on)
    introduction = Introduction.objects.select_related(
        "offer__premises", "search__organisation"
    ).get(pk=introduction.pk)
    offer, search = introduction.offer, introduction.search
    premises = offer.premises
    if on < introduction.created_at.date():
        raise ValidationError({"on": "La signature ne peut pas précéder la demande."})
    vacant_since = premises.vacant_since if premises.status == PremisesStatus.VACANT else None
    introduction.signed_on = on
    introduction.filled_after_days = (on - vacant_since).days if vacant_since else None
    if vacant_since and on < vacant_since:
        introduction.filled_after_days = 0
    INTRODUCTION_WORKFLOW.apply(
        introduction,
        "sign",
        actor=actor,
        data={"on": on.isoformat()},
        extra_update_fields=["signed_on", "filled_after_days"],
    )
    changes = {"occupant_name": search.organisation.name[:200]}
    if search.naf_code:
        changes["naf_code"] = search.naf_code
    changes["activity_category"] = search.activity_category
    premises_update(actor=actor, premises=premises, **changes)
    premises_set_status(
        actor=actor,
        premises=premises,
        status=PremisesStatus.OCCUPIED,
        on=on,
        note=f"Bail signé — mise en relation {introduction.reference}",
    )
    if offer.state == OfferState.PUBLISHED:
        OFFER_WORKFLOW.apply(
            offer,
            "withdraw",
            actor=actor,
            reason=f"Local loué (mise en relation {introduction.reference})",
        )
    for premises_let in contributions("premises_let"):
        premises_let(
            premises=premises,
            tenant_name=search.organisation.name,
            on=on,
            actor=actor,
            source=f"mise en relation {introduction.reference}",
            activity=search.get_activity_category_display(),
            annual_rent=offer.monthly_rent * 12 if offer.monthly_rent is not None else None,
        )
    _notify_transition(introduction, "sign", "signed")
    return introduction


@transaction.atomic
def introduction_abandon(*, actor, introduction, reason) -> Introduction:
    introduction.outcome_reason = (reason or "").strip()[:300]
    INTRODUCTION_WORKFLOW.apply(
        introduction,
        "abandon",
        actor=actor,
        reason=reason,
        extra_update_fields=["outcome_reason"],
    )
    _notify_transition(introduction, "abandon", "abandoned")
    return introduction


@transaction.atomic
def introduction_message(*, actor, introduction, body) -> IntroductionMessage:
    if not party_of(get_access(actor), introduction):
        raise PermissionDenied("Vous n’êtes pas partie à cette mise en relation.")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Écrivez un message."})
    if len(body) > 3000:
        raise ValidationError({"body": "Le message dépasse 3 000 caractères."})
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.state not in MESSAGE_STATES:
        raise ValidationError("Les messages s’échangent une fois la mise en relation acceptée.")
    message = IntroductionMessage.objects.create(introduction=introduction, author=actor, body=body)
    log_action("matchmaking.introduction.message", actor=actor, obj=introduction)
    access = get_access(actor)
    side = "search" if introduction.search.organisation_id in access.organisation_ids else "offer"
    _notify(introduction, f"message_from_{side}", message.pk)
    return message


def remind_unanswered(*, now=None) -> int:
    """E-mails the offer's side of every introduction left unanswered for
    `REMIND_AFTER_DAYS` (again every `REMIND_AFTER_DAYS`); returns how many."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=REMIND_AFTER_DAYS)
    pending = Introduction.objects.filter(
        state=IntroductionState.REQUESTED, created_at__lte=limit
    ).exclude(reminded_at__gt=limit)
    count = 0
    for introduction in pending:
        with transaction.atomic():
            Introduction.objects.filter(pk=introduction.pk).update(reminded_at=now)
            entry = log_action("matchmaking.introduction.remind", actor=None, obj=introduction)
            _notify(introduction, "reminder", entry.pk)
        count += 1
    return count
