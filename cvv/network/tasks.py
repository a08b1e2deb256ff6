"""E-mails of the network (ids in)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

SUBJECTS = {
    "created": "Centres-Villes Vivants : un membre du réseau souhaite échanger avec vous",
    "accepted": "Centres-Villes Vivants : votre demande de mise en relation est acceptée",
    "declined": "Centres-Villes Vivants : votre demande de mise en relation est déclinée",
}


@db_task()
def send_contact_email(contact_id, event):
    """`event`: "created" (to the peer), "accepted" or "declined" (to the requester)."""
    from cvv.network.models import ContactRequest
    from cvv.organisations.selectors import refusing_email

    contact = (
        ContactRequest.objects.select_related("requester", "peer__user")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None or event not in SUBJECTS:
        return 0
    recipient = contact.peer.user if event == "created" else contact.requester
    if not recipient.is_active or refusing_email("notifications").filter(pk=recipient.pk).exists():
        return 0
    link = settings.SITE_URL + reverse("network:contact", kwargs={"pk": contact.pk})
    if event == "created":
        body = (
            f"{contact.requester.get_full_name()} vous demande un échange sur le thème "
            f"« {contact.get_topic_display()} »."
        )
    elif event == "accepted":
        body = f"{contact.peer} a accepté d’échanger avec vous. Ses coordonnées sont sur la page."
    else:
        body = f"{contact.peer} ne peut pas donner suite à votre demande pour le moment."
    return send_mail(
        SUBJECTS[event],
        f"Bonjour,\n\n{body}\n\n{link}\n\n— L’équipe Centres-Villes Vivants",
        None,
        [recipient.email],
    )


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="30"))
def weekly_digest():
    """Monday morning: the questions of the week to those who follow their topics."""
    from cvv.network.questions import digest_send

    return digest_send()


@db_task()
def deliver_newsletter(newsletter_id):
    from cvv.network.information import newsletter_deliver

    return newsletter_deliver(newsletter_id)


@db_task()
def send_advice_email(advice_id, event):
    """`created`: to the addressed organisation's people; `answer`/`decline`: to the
    requester. Honours the "notifications" e-mail preference."""
    from cvv.network.models import AdviceRequest
    from cvv.organisations.selectors import people_of_organisation, refusing_email

    advice = (
        AdviceRequest.objects.select_related("requester", "organisation")
        .filter(pk=advice_id)
        .first()
    )
    if advice is None:
        return 0
    link = settings.SITE_URL + reverse("network:advice", kwargs={"pk": advice.pk})
    if event == "created":
        recipients = [
            u.email
            for u in people_of_organisation(advice.organisation, wants_email="notifications")
        ]
        subject = f"Centres-Villes Vivants : demande de conseil « {advice.subject} »"
        body = f"{advice.requester.get_full_name()} demande un conseil à {advice.organisation}."
    else:
        requester = advice.requester
        refused = refusing_email("notifications").filter(pk=requester.pk).exists()
        recipients = [] if refused or not requester.is_active else [requester.email]
        verb = "a répondu à" if event == "answer" else "a décliné"
        subject = f"Centres-Villes Vivants : réponse à votre demande « {advice.subject} »"
        body = f"{advice.organisation} {verb} votre demande de conseil."
    if not recipients:
        return 0
    return send_mail(
        subject,
        f"Bonjour,\n\n{body}\n\n{link}\n\n— L’équipe Centres-Villes Vivants",
        None,
        recipients,
    )
