"""E-mails and scheduled jobs of matchmaking (huey; ids in).

Recipients: the offer's side is the commune's people of the premises' commune (agents and
commerce managers) and whoever created the offer; the search's side is the active members
of the search's organisation. Both only if they accept notification e-mails."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

# event → (to which side, subject, body)
EVENTS = {
    "requested": (
        "offer",
        "une demande de mise en relation sur un local",
        "{search} demande à être mis en relation pour le local {offer}.",
    ),
    "reminder": (
        "offer",
        "une demande de mise en relation attend votre réponse",
        "La demande de {search} sur le local {offer} attend votre réponse depuis une semaine.",
    ),
    "accepted": (
        "search",
        "votre demande de mise en relation est acceptée",
        "Votre demande sur le local {offer} est acceptée : les coordonnées sont sur la page.",
    ),
    "declined": (
        "search",
        "votre demande de mise en relation est refusée",
        "Votre demande sur le local {offer} n’a pas été retenue.",
    ),
    "visit": ("both", "une visite est notée", "Une visite du local {offer} est notée."),
    "applied": (
        "both",
        "une candidature est notée",
        "La candidature de {search} sur le local {offer} est notée.",
    ),
    "signed": ("both", "bail signé", "Le bail du local {offer} est signé avec {search}."),
    "abandoned": (
        "both",
        "mise en relation abandonnée",
        "La mise en relation sur le local {offer} est abandonnée.",
    ),
    "message_from_search": (
        "offer",
        "nouveau message",
        "{search} vous a écrit au sujet du local {offer}.",
    ),
    "message_from_offer": (
        "search",
        "nouveau message",
        "Vous avez un nouveau message au sujet du local {offer}.",
    ),
}


def recipients(introduction, side) -> list[str]:
    from cvv.organisations.selectors import emails_of, people_of_commune, people_of_organisation

    addresses = set()
    if side in ("offer", "both"):
        addresses |= set(
            emails_of(
                people_of_commune(introduction.offer.premises.commune, wants_email="notifications")
            )
        )
        creator = introduction.offer.created_by
        if creator is not None and creator.is_active and creator.email:
            addresses.add(creator.email)
    if side in ("search", "both"):
        addresses |= set(
            emails_of(
                people_of_organisation(
                    introduction.search.organisation, wants_email="notifications"
                )
            )
        )
    return sorted(a for a in addresses if a)


@db_task()
def send_introduction_email(introduction_id, event):
    from cvv.matchmaking.models import Introduction

    introduction = (
        Introduction.objects.select_related(
            "offer__premises__commune", "offer__created_by", "search__organisation"
        )
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None or event not in EVENTS:
        return 0
    side, subject, body = EVENTS[event]
    to = recipients(introduction, side)
    if not to:
        return 0
    link = settings.SITE_URL + reverse("matchmaking:introduction", kwargs={"pk": introduction.pk})
    text = body.format(
        offer=f"{introduction.offer.reference} ({introduction.offer.premises.commune.nom})",
        search=introduction.search.organisation.name,
    )
    return send_mail(
        f"Centres-Villes Vivants : {subject} ({introduction.reference})",
        f"Bonjour,\n\n{text}\n\n{link}\n\n— L’équipe Centres-Villes Vivants",
        None,
        to,
    )


@db_periodic_task(crontab(hour="8", minute="10"))
def remind_unanswered_introductions():
    """Every morning: the introductions left unanswered for a week get a reminder."""
    from cvv.matchmaking.stages import remind_unanswered

    return remind_unanswered()
