"""Notifications of the FIMACS fund: the commune's people hear of the steps that concern them
(in the platform, and by e-mail with a link for those who accept e-mails), the instructors of
what the commune files and writes, a partner organisation's experts of the opinions asked of
them. Services call `notify_*` inside their transaction; the in-platform notifications are
written with it and the e-mail tasks queued on commit with ids, never objects."""

import time

from django.db import transaction
from django.urls import reverse

from cvv.organisations.enums import Role
from cvv.organisations.selectors import emails_of, people_of_commune, people_of_organisation
from cvv.users.models import User

EVENTS = {
    "submit": "Dossier déposé : accusé de réception",
    "resubmit": "Dossier complété et redéposé : accusé de réception",
    "message": "Nouveau message de la Métropole",
    "request_completion": "Compléments demandés",
    "refuse_ineligible": "Dossier refusé (inéligible)",
    "grant": "Aide accordée",
    "refuse": "Aide refusée",
    "defer": "Dossier ajourné",
    "lapse": "Aide devenue caduque",
    "payment_validated": "Versement validé",
    "payment_rejected": "Demande de versement rejetée",
    "piece_to_replace": "Pièce à remplacer",
    "payment_piece_to_replace": "Justificatif de versement à remplacer",
}


# What the instructors hear of (in the platform and by e-mail).
INSTRUCTOR_EVENTS = {
    "submit": "Nouveau dossier FIMACS déposé",
    "resubmit": "Dossier FIMACS complété et redéposé",
    "message": "Nouveau message de la commune",
    "piece_replaced": "Pièce remplacée par la commune",
}


def _key(dossier, event):
    # One notification per occurrence: the same event may happen twice on a dossier.
    return f"fimacs:{dossier.pk}:{event}:{time.time_ns()}"


def notify_commune(dossier, event, detail=""):
    """The commune's people: an in-platform notification each, and one e-mail with a link
    to those who accept notification e-mails (queued on commit)."""
    if event not in EVENTS:
        return
    from cvv.funding.tasks import send_dossier_email
    from cvv.programme.models import ReminderKind
    from cvv.programme.services.notify import notify

    text = f"{dossier.reference} — {dossier.title} : {EVENTS[event]}."
    if detail:
        text += f" {detail}"
    url = reverse("fimacs:dossier", args=[dossier.pk])
    key = _key(dossier, event)
    for user in people_of_commune(dossier.commune):
        notify(user, kind=ReminderKind.FIMACS, text=text, url=url, key=key)
    dossier_id = dossier.pk
    transaction.on_commit(lambda: send_dossier_email(dossier_id, event, detail))


def instructors_of(dossier):
    """Who instructs the dossier: its followers, or every active instructor when nobody
    follows it yet (the administrators when the Métropole has no instructor)."""
    followers = User.objects.filter(followed_fimacs_dossiers__dossier=dossier, is_active=True)
    if followers.exists():
        return followers
    for roles in ((Role.INSTRUCTOR,), (Role.METROPOLE_ADMIN,)):
        people = User.objects.filter(
            is_active=True, memberships__is_active=True, memberships__role__in=roles
        ).distinct()
        if people.exists():
            return people
    return User.objects.none()


def notify_instructors(dossier, event, detail=""):
    """In-platform notification and e-mail (for those who accept them) to the instructors."""
    if event not in INSTRUCTOR_EVENTS:
        return
    from cvv.programme.models import ReminderKind
    from cvv.programme.services.notify import notify_and_email

    text = (
        f"{INSTRUCTOR_EVENTS[event]} : {dossier.reference} — {dossier.title} "
        f"({dossier.commune.nom})."
    )
    if detail:
        text += f" {detail[:200]}"
    notify_and_email(
        list(instructors_of(dossier)),
        kind=ReminderKind.FIMACS,
        text=text,
        url=reverse("fimacs:dossier", args=[dossier.pk]),
        key=_key(dossier, event),
    )


def notify_experts(opinion):
    from cvv.funding.tasks import send_opinion_request_email

    opinion_id = opinion.pk
    transaction.on_commit(lambda: send_opinion_request_email(opinion_id))


def commune_recipients(commune):
    """E-mail addresses of the commune's people who accept notification e-mails."""
    return emails_of(people_of_commune(commune, wants_email="notifications"))


def organisation_recipients(organisation):
    """E-mail addresses of the organisation's people who accept notification e-mails."""
    return emails_of(people_of_organisation(organisation, wants_email="notifications"))
