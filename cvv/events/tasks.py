"""Background work of the events module (huey): the e-mails sent to a registered person;
the batches of badges and certificates (and, every 10 minutes, the sweep of the batches whose
worker died);
hourly, the release of places offered from the waiting list and not confirmed in time;
nightly, the anonymisation of old registrations (retention)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

SUBJECTS = {
    "confirmed": "Inscription confirmée",
    "waitlisted": "Inscription en liste d’attente",
    "promoted": "Une place s’est libérée : inscription confirmée",
    "cancelled": "Inscription annulée",
    "offered": "Une place s’est libérée : confirmez-la",
    "released": "Place non confirmée à temps : libérée",
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
    when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y à %H:%M")
    lines = ["Bonjour,", "", f"{SUBJECTS[what]} : « {event.title} », le {when}."]
    if what in ("confirmed", "promoted"):
        lines += ["", f"Votre code d’accueil : {tokens.make(registration, tokens.CHECK_IN)}"]
    if what == "offered":
        until = timezone.localtime(registration.confirm_by).strftime("%d/%m/%Y à %H:%M")
        lines += ["", f"Confirmez votre place avant le {until} par le lien ci-dessous ; "
                      "sans confirmation, elle sera proposée à la personne suivante."]  # fmt: skip
    if what == "released":
        lines += ["", "Le délai pour confirmer la place proposée est passé : elle a été "
                      "proposée à la personne suivante en liste d’attente."]  # fmt: skip
    if what == "waitlisted":
        lines += ["", "Vous serez inscrit automatiquement, dans l’ordre d’arrivée, si une place "
                      "se libère ; nous vous écrirons alors."]  # fmt: skip
    if what not in ("cancelled", "released"):
        lines += ["", f"Consulter ou annuler votre inscription : {manage}"]
    lines += ["", "Centres-Villes Vivants — Métropole du Grand Paris"]
    subject = f"[Événements] {SUBJECTS[what]} — {event.title}"
    return send_mail(subject, "\n".join(lines), None, [registration.email])


@db_periodic_task(crontab(minute="5"))
def release_expired_offers():
    """Every hour: the places offered and not confirmed in time go to the next in line."""
    from cvv.events.offers import offers_release

    return offers_release()


@db_periodic_task(crontab(hour="3", minute="40"))
def anonymise_old_registrations():
    """Every night: registrations of events ended long ago lose their personal data."""
    from cvv.events.retention import registrations_anonymise

    return registrations_anonymise()


@db_task()
def run_batch(job_id):
    """Badges or certificates of a whole event, asked for on the organisers' page."""
    from cvv.events.batches import batch_run

    batch_run(job_id)


@db_periodic_task(crontab(minute="*/10"))
def sweep_stale_batches():
    """Every 10 minutes: batches left "en cours" by a dead worker are marked failed."""
    from cvv.events.batches import sweep_stale_batches as sweep

    return sweep()
