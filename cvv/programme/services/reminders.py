"""Reminders for overdue actions, overdue expertise requests and inactive accompaniments.

Each run creates in-platform notifications (at most one per object, person and ISO week)
and queues one e-mail per person who wants e-mails. Preferences: ReminderPreference."""

from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.core.formatting import of_place
from cvv.programme.models import (
    Accompaniment,
    Action,
    ExpertiseRequest,
    ReminderKind,
    ReminderPreference,
    TeamMember,
)
from cvv.programme.services.notify import notify
from cvv.users.models import User


def preferences_of(user) -> ReminderPreference:
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


@transaction.atomic
def preferences_update(*, user, actor, **values) -> ReminderPreference:
    preference, _ = ReminderPreference.objects.get_or_create(user=user)
    for key in ("overdue_action", "overdue_expertise", "inactive_accompaniment", "by_email"):
        if key in values:
            setattr(preference, key, bool(values[key]))
    preference.save()
    log_action("programme.reminders.preferences_updated", actor=actor, obj=preference, data=values)
    return preference


def _referents(accompaniment):
    users = {m.user for m in accompaniment.members.all() if m.kind == TeamMember.Kind.REFERENT}
    if accompaniment.referent_id:
        users.add(accompaniment.referent)
    return users


def due_reminders(today=None):
    """[(user, kind, key, text, url)] of everything overdue or inactive today."""
    today = today or timezone.localdate()
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    result = []
    active = Accompaniment.objects.filter(state__in=Accompaniment.ACTIVE_STATES)
    actions = (
        Action.objects.filter(
            accompaniment__in=active, status__in=Action.OPEN_STATUSES, deadline__lt=today
        )
        .select_related("accompaniment__commune", "accompaniment__referent", "owner")
        .prefetch_related("accompaniment__members__user")
    )
    for action in actions:
        url = reverse("programme:accompaniment", args=[action.accompaniment_id]) + "#plan"
        text = (
            f"Action en retard ({action.accompaniment.commune.nom}) : « {action.title} », "
            f"échéance {action.deadline:%d/%m/%Y}."
        )
        recipients = _referents(action.accompaniment)
        if action.owner_id:
            recipients.add(action.owner)
        for user in recipients:
            result.append(
                (user, ReminderKind.OVERDUE_ACTION, f"action:{action.pk}:{week}", text, url)
            )
    requests = ExpertiseRequest.objects.filter(
        accompaniment__in=active, state__in=ExpertiseRequest.OPEN_STATES, due_on__lt=today
    ).select_related("accompaniment__commune", "assigned_to", "requested_by", "partner")
    for request in requests:
        url = reverse("programme:expertise", args=[request.pk])
        text = (
            f"Demande d’expertise en retard ({request.accompaniment.commune.nom}, "
            f"{request.partner}) : « {request.subject} », attendue le {request.due_on:%d/%m/%Y}."
        )
        recipients = {request.requested_by}
        if request.assigned_to_id:
            recipients.add(request.assigned_to)
        else:
            recipients |= set(
                User.objects.filter(
                    is_active=True,
                    memberships__organisation=request.partner,
                    memberships__is_active=True,
                )
            )
        for user in recipients:
            result.append(
                (user, ReminderKind.OVERDUE_EXPERTISE, f"expertise:{request.pk}:{week}", text, url)
            )
    now = timezone.now()
    for accompaniment in active.select_related("edition", "commune", "referent").prefetch_related(
        "members__user"
    ):
        limit = now - timedelta(days=accompaniment.edition.inactivity_days)
        if accompaniment.last_activity_at >= limit:
            continue
        days = (now - accompaniment.last_activity_at).days
        url = reverse("programme:accompaniment", args=[accompaniment.pk])
        place = of_place(accompaniment.commune.nom)
        text = f"Accompagnement {place} sans activité depuis {days} jours."
        for user in _referents(accompaniment):
            result.append(
                (
                    user,
                    ReminderKind.INACTIVE_ACCOMPANIMENT,
                    f"inactive:{accompaniment.pk}:{week}",
                    text,
                    url,
                )
            )
    return result


def reminders_send(today=None) -> dict:
    """Create the notifications due and queue the e-mails; returns counts."""
    from cvv.programme import tasks

    created = defaultdict(list)
    skipped = 0
    with transaction.atomic():
        due = due_reminders(today)
        # Everyone's preferences in one query (a person absent here has the defaults).
        stored = ReminderPreference.objects.filter(user__in={user.pk for user, *_ in due})
        preferences = {preference.user_id: preference for preference in stored}
        for user, kind, key, text, url in due:
            preference = preferences.setdefault(user.pk, ReminderPreference(user=user))
            if not user.is_active or not preference.wants(kind):
                skipped += 1
                continue
            notification = notify(user, kind=kind, text=text, url=url, key=key)
            if notification is not None:
                created[user.pk].append(notification.pk)
        emailed = 0
        for user_id, ids in created.items():
            if preferences[user_id].by_email:
                emailed += 1
                transaction.on_commit(
                    lambda user_id=user_id, ids=ids: tasks.send_reminder_email(user_id, ids)
                )
        counts = {
            "notifications": sum(len(ids) for ids in created.values()),
            "people": len(created),
            "emails": emailed,
            "skipped_by_preference": skipped,
        }
        log_action("programme.reminders.sent", actor=None, data=counts)
    return counts


@transaction.atomic
def notifications_mark_read(*, user, ids=None) -> int:
    qs = user.programme_notifications.filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
