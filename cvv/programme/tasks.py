"""Background tasks of the programme (huey). They take ids, never objects, and are queued
on commit by the services."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def send_candidature_email(candidature_id, event):
    from cvv.organisations.selectors import emails_of, people_of_commune
    from cvv.programme.models import Candidature

    candidature = (
        Candidature.objects.select_related("commune", "edition").filter(pk=candidature_id).first()
    )
    if candidature is None:
        return 0
    recipients = set(emails_of(people_of_commune(candidature.commune, wants_email="notifications")))
    if candidature.contact_email:
        recipients.add(candidature.contact_email)
    if not recipients:
        return 0
    context = {"candidature": candidature, "event": event, "site_url": settings.SITE_URL}
    subject = render_to_string("programme/emails/candidature_subject.txt", context).strip()
    body = render_to_string("programme/emails/candidature_body.txt", context)
    return send_mail(subject, body, None, sorted(recipients))


@db_task()
def send_reminder_email(user_id, notification_ids):
    from cvv.programme.models import Notification
    from cvv.users.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    notifications = list(Notification.objects.filter(pk__in=notification_ids, user_id=user_id))
    if user is None or not notifications:
        return 0
    context = {"user": user, "notifications": notifications, "site_url": settings.SITE_URL}
    body = render_to_string("programme/emails/reminders_body.txt", context)
    sent = send_mail(
        f"Centres-Villes Vivants : {len(notifications)} relance(s)", body, None, [user.email]
    )
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed=True)
    return sent


@db_task()
def send_notification_email(notification_id):
    """One e-mail for one in-platform notification (new expertise request, answer…)."""
    from cvv.programme.models import Notification

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.is_active:
        return 0
    link = f"\n\n{settings.SITE_URL}{notification.url}" if notification.url else ""
    sent = send_mail(
        f"Centres-Villes Vivants : {notification.get_kind_display().lower()}",
        f"Bonjour,\n\n{notification.text}{link}\n\n— L’équipe Centres-Villes Vivants",
        None,
        [notification.user.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed=True)
    return sent


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_reminders():
    from cvv.programme.services.reminders import reminders_send

    return reminders_send()
