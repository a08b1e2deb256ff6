"""Background work of the coordination module (huey): referral e-mails, call reminders."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cvv.organisations.selectors import emails_of, people_of_commune, people_of_organisation


@db_task()
def send_referral_email(referral_id, event):
    from cvv.coordination.models import Referral
    from cvv.coordination.notifications import EVENTS

    referral = (
        Referral.objects.select_related("commune", "programme__organisation")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        return 0
    if event == "send":
        organisation = referral.programme.organisation
        if organisation is None:
            return 0
        users = people_of_organisation(organisation, wants_email="notifications")
    else:
        users = people_of_commune(referral.commune, wants_email="notifications")
    recipients = emails_of(users)
    if not recipients:
        return 0
    url = settings.SITE_URL.rstrip("/") + reverse("coordination:referral", args=[referral.pk])
    lines = [
        "Bonjour,",
        "",
        f"{EVENTS[event]} : « {referral.project} » ({referral.commune.nom}), "
        f"programme {referral.programme.name}.",
    ]
    if referral.answer and event in ("accept", "decline"):
        lines += ["", f"Réponse du programme : {referral.answer}"]
    lines += ["", f"L’orientation : {url}", "", "Centres-Villes Vivants — Métropole du Grand Paris"]
    subject = f"[Coordination] {EVENTS[event]} — {referral.commune.nom}"
    return send_mail(subject, "\n".join(lines), None, recipients)


@db_task()
def send_call_reminders(today_iso=None):
    """Remind each commune's people of the calls it may answer that close within 14 days."""
    import datetime

    from cvv.coordination.selectors import due_soon
    from cvv.territories.models import Commune

    today = datetime.date.fromisoformat(today_iso) if today_iso else None
    calls = list(due_soon(today=today).prefetch_related("territoires"))
    if not calls:
        return 0
    sent = 0
    url = settings.SITE_URL.rstrip("/") + reverse("coordination:calendar")
    for commune in Commune.objects.select_related("territoire"):
        open_calls = [call for call in calls if call.eligible(commune)]
        recipients = emails_of(people_of_commune(commune, wants_email="notifications"))
        if not open_calls or not recipients:
            continue
        lines = ["Bonjour,", "", "Appels des programmes métropolitains qui se terminent bientôt :"]
        lines += [
            f"- {call.programme.name} — {call.title} : dépôt jusqu’au {call.closes_on:%d/%m/%Y}"
            for call in open_calls
        ]
        lines += [
            "",
            f"Le calendrier : {url}",
            "",
            "Centres-Villes Vivants — Métropole du Grand Paris",
        ]
        sent += send_mail(
            f"[Coordination] Appels à échéance — {commune.nom}", "\n".join(lines), None, recipients
        )
    return sent


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="15"))
def weekly_call_reminders():
    return send_call_reminders.call_local()
