"""The action plan, meetings (decisions become actions), recommendations and conversation."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.documents.models import DocumentKind
from cvv.documents.services import document_upload
from cvv.organisations.selectors import people_of_commune
from cvv.programme.models import (
    Action,
    Meeting,
    MeetingDecision,
    Message,
    Recommendation,
    ReminderKind,
)
from cvv.programme.services.accompaniments import touch
from cvv.programme.services.notify import notify_and_email
from cvv.programme.workflows import ACTION, RECOMMENDATION

ACTION_FIELDS = ("title", "description", "owner", "owner_label", "deadline", "budget", "phase")


def _check_active(accompaniment):
    if not accompaniment.is_active:
        raise ValidationError("L’accompagnement n’est pas en cours : il n’est plus modifiable.")


@transaction.atomic
def action_create(*, accompaniment, actor, decision=None, **fields) -> Action:
    _check_active(accompaniment)
    data = {k: v for k, v in fields.items() if k in ACTION_FIELDS}
    data.setdefault("phase", accompaniment.phase)
    if data.get("budget") is None:
        data["budget"] = Decimal("0.00")
    action = Action(accompaniment=accompaniment, created_by=actor, **data)
    action.full_clean()
    action.save()
    if decision is not None:
        decision.action = action
        decision.save(update_fields=["action"])
    log_action(
        "programme.action.created",
        actor=actor,
        obj=action,
        data={**{k: v for k, v in data.items() if k != "owner"}, "owner": action.owner_name},
    )
    touch(accompaniment)
    return action


@transaction.atomic
def action_update(*, action, actor, **fields) -> Action:
    _check_active(action.accompaniment)
    changed = {}
    for key in ACTION_FIELDS:
        if key in fields and getattr(action, key) != fields[key]:
            setattr(action, key, fields[key])
            changed[key] = str(fields[key]) if fields[key] is not None else None
    action.full_clean()
    action.save()
    log_action("programme.action.updated", actor=actor, obj=action, data=changed)
    touch(action.accompaniment)
    return action


@transaction.atomic
def action_transition(*, action, name, actor, reason="") -> Action:
    ACTION.check(action, name, actor)
    _check_active(action.accompaniment)
    action.completed_on = timezone.localdate() if name == "complete" else None
    ACTION.apply(action, name, actor=actor, reason=reason, extra_update_fields=["completed_on"])
    touch(action.accompaniment)
    return action


@transaction.atomic
def meeting_create(
    *, accompaniment, actor, kind, title, held_at, location="", participants=(), **extra
) -> Meeting:
    meeting = Meeting(
        accompaniment=accompaniment,
        kind=kind,
        title=title,
        held_at=held_at,
        location=location,
        other_participants=extra.get("other_participants", ""),
        minutes=extra.get("minutes", ""),
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    meeting.participants.set(participants)
    log_action(
        "programme.meeting.created",
        actor=actor,
        obj=meeting,
        data={"kind": kind, "title": title, "held_at": held_at},
    )
    touch(accompaniment)
    return meeting


@transaction.atomic
def meeting_update_minutes(*, meeting, minutes, actor, minutes_file=None) -> Meeting:
    meeting.minutes = minutes
    if minutes_file is not None:
        meeting.minutes_document = document_upload(
            commune=meeting.accompaniment.commune,
            uploaded_file=minutes_file,
            kind=DocumentKind.COMPTE_RENDU,
            title=f"Compte rendu — {meeting.title}",
            actor=actor,
            replaces=meeting.minutes_document,
        )
    meeting.save(update_fields=["minutes", "minutes_document"])
    log_action("programme.meeting.minutes_updated", actor=actor, obj=meeting)
    touch(meeting.accompaniment)
    return meeting


@transaction.atomic
def meeting_decision_add(
    *, meeting, text, actor, make_action=False, owner=None, deadline=None
) -> MeetingDecision:
    if not text.strip():
        raise ValidationError({"text": "Écrivez la décision."})
    decision = MeetingDecision.objects.create(meeting=meeting, text=text.strip())
    log_action(
        "programme.meeting.decision_added",
        actor=actor,
        obj=meeting,
        data={"decision": decision.pk, "text": text, "make_action": make_action},
    )
    if make_action:
        action_create(
            accompaniment=meeting.accompaniment,
            actor=actor,
            decision=decision,
            title=text.strip()[:250],
            description=f"Décision de la réunion « {meeting.title} » du "
            f"{timezone.localtime(meeting.held_at):%d/%m/%Y}.",
            owner=owner,
            deadline=deadline,
        )
    return decision


@transaction.atomic
def recommendation_create(*, accompaniment, title, body, resources, actor) -> Recommendation:
    _check_active(accompaniment)
    recommendation = Recommendation(
        accompaniment=accompaniment, title=title, body=body, author=actor
    )
    recommendation.full_clean()
    recommendation.save()
    recommendation.resources.set(resources)
    log_action(
        "programme.recommendation.created",
        actor=actor,
        obj=recommendation,
        data={"title": title, "resources": [r.pk for r in resources]},
    )
    touch(accompaniment)
    return recommendation


@transaction.atomic
def recommendation_transition(*, recommendation, name, actor, comment="") -> Recommendation:
    """The commune marks a recommendation in progress / done / not relevant, with a comment."""
    RECOMMENDATION.check(recommendation, name, actor)
    recommendation.commune_comment = comment.strip() or recommendation.commune_comment
    RECOMMENDATION.apply(
        recommendation,
        name,
        actor=actor,
        reason=comment,
        extra_update_fields=["commune_comment"],
    )
    touch(recommendation.accompaniment)
    return recommendation


@transaction.atomic
def message_post(*, accompaniment, body, private, actor, may_write_private) -> Message:
    if not body.strip():
        raise ValidationError({"body": "Le message est vide."})
    if private and not may_write_private:
        raise ValidationError({"private": "Les notes privées sont réservées à la Métropole."})
    message = Message.objects.create(
        accompaniment=accompaniment, author=actor, body=body.strip(), private=private
    )
    log_action(
        "programme.message.posted",
        actor=actor,
        obj=accompaniment,
        data={"message": message.pk, "private": private},
    )
    _notify_message(message)
    touch(accompaniment)
    return message


def _notify_message(message):
    """In-platform notification for the other side (private notes: the other advisors)."""
    accompaniment = message.accompaniment
    advisors = {
        m.user
        for m in accompaniment.members.select_related("user")
        if m.kind in ("referent", "metropole", "expert")
    }
    if accompaniment.referent_id:
        advisors.add(accompaniment.referent)
    if message.private:
        recipients = advisors
    elif message.author in advisors or message.author.pk not in {
        u.pk for u in people_of_commune(accompaniment.commune)
    }:
        recipients = set(people_of_commune(accompaniment.commune)) | advisors
    else:
        recipients = advisors
    url = reverse("programme:accompaniment", args=[accompaniment.pk]) + "#conversation"
    label = "Note privée" if message.private else "Nouveau message"
    # In the platform, and by e-mail with the link for those who accept e-mails.
    notify_and_email(
        [user for user in recipients if user.pk != message.author_id and user.is_active],
        kind=ReminderKind.CONVERSATION,
        text=f"{label} de {message.author} ({accompaniment.commune.nom}) : {message.body[:200]}",
        url=url,
        key=f"message:{message.pk}",
    )
