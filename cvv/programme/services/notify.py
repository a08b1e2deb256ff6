"""Notifications: in-platform entries now, e-mails queued on commit (tasks take ids)."""

from django.db import transaction
from django.urls import reverse

from cvv.core.once import create_once
from cvv.organisations.selectors import people_of_commune, refusing_email
from cvv.programme.models import Notification


def notify(user, *, kind, text, url="", key) -> Notification | None:
    """Create an in-platform notification once per key (None when it already exists)."""
    return create_once(Notification, user=user, kind=kind, text=text[:400], url=url, key=key[:120])


def notify_and_email(users, *, kind, text, url, key):
    """In-platform notification for each person, and an e-mail queued on commit for those
    who accept e-mails."""
    from cvv.programme import tasks

    no_email = set(
        refusing_email("notifications")
        .filter(pk__in=[user.pk for user in users])
        .values_list("pk", flat=True)
    )
    for user in users:
        notification = notify(user, kind=kind, text=text, url=url, key=key)
        if notification is not None and user.pk not in no_email:
            notification_id = notification.pk
            transaction.on_commit(lambda pk=notification_id: tasks.send_notification_email(pk))


def queue_candidature_email(candidature, event):
    """`event`: "completion" or "decision". Sends to the contact and the commune's people."""
    from cvv.programme import tasks

    url = reverse("programme:candidature", args=[candidature.pk])
    text = {
        "completion": f"Des compléments sont demandés pour la candidature de "
        f"{candidature.commune.nom}.",
        "decision": f"Le comité a rendu sa décision sur la candidature de "
        f"{candidature.commune.nom} : {candidature.get_state_display().lower()}.",
    }[event]
    for user in people_of_commune(candidature.commune):
        notify(
            user,
            kind="candidature_decision",
            text=text,
            url=url,
            key=f"candidature:{candidature.pk}:{event}:{candidature.state}",
        )
    candidature_id = candidature.pk
    transaction.on_commit(lambda: tasks.send_candidature_email(candidature_id, event))
