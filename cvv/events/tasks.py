"""Background work of the events module (huey): the e-mails sent to a registered person."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from huey.contrib.djhuey import db_task

SUBJECTS = {
    "confirmed": "Inscription confirmée",
    "waitlisted": "Inscription en liste d’attente",
    "promoted": "Une place s’est libérée : inscription confirmée",
    "cancelled": "Inscription annulée",
}


@db_task()
def send_registration_email(registration_id, what):
    from cvv.events import tokens
    from cvv.events.models import Registration

    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return 0
    event = registration.event
    site = settings.SITE_URL.rstrip("/")
    manage = site + reverse("events:registration", args=[tokens.make(registration, tokens.MANAGE)])
    when = event.starts_at.astimezone().strftime("%d/%m/%Y à %H:%M")
    lines = ["Bonjour,", "", f"{SUBJECTS[what]} : « {event.title} », le {when}."]
    if what in ("confirmed", "promoted"):
        lines += ["", f"Votre code d’accueil : {tokens.make(registration, tokens.CHECK_IN)}"]
    if what == "waitlisted":
        lines += ["", "Vous serez inscrit automatiquement, dans l’ordre d’arrivée, si une place "
                      "se libère ; nous vous écrirons alors."]  # fmt: skip
    if what != "cancelled":
        lines += ["", f"Consulter ou annuler votre inscription : {manage}"]
    lines += ["", "Centres-Villes Vivants — Métropole du Grand Paris"]
    subject = f"[Événements] {SUBJECTS[what]} — {event.title}"
    return send_mail(subject, "\n".join(lines), None, [registration.email])
