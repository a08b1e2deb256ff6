"""E-mails and scheduled jobs of matchmaking (huey; ids in).

Recipients: the offer's side is the commune's people of the premises' commune (agents and
commerce managers) and whoever created the offer; the search's side is the active members
of the search's organisation. Both only if they accept notification e-mails.

A new search that matches published offers with a good score (`GOOD_SCORE`) is announced to
those offers' side — plus the foncière's officers for the premises the foncière follows or
owns — by one e-mail per person listing their matching offers (`notify_new_search`), once per
person and search however often the task runs (`SearchAnnouncement`).

An introduction's e-mails (`send_introduction_email`) go the same way: once per address and
occurrence of an event (`IntroductionEmail`), recorded before they are sent."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cvv.core.once import create_once

logger = logging.getLogger(__name__)

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


# Of the 95 points a match can reach: the pair fits on most criteria beyond the hard ones.
GOOD_SCORE = 50


def offer_side_people(offer) -> dict[int, str]:
    """Who hears of a good new search for `offer`, as {user id: address}: the commune's
    people and the offer's author (as for introductions), and the foncière's officers when
    the foncière follows or owns the premises; only those who accept notification e-mails."""
    from cvv.organisations.enums import Role
    from cvv.organisations.selectors import people_of_commune, refusing_email
    from cvv.users.models import User

    premises = offer.premises
    people = dict(
        people_of_commune(premises.commune, wants_email="notifications").values_list("pk", "email")
    )
    creator = offer.created_by
    if creator is not None and creator.is_active and creator.email:
        refused = refusing_email("notifications").filter(pk=creator.pk).exists()
        if not refused:
            people[creator.pk] = creator.email
    if premises.fonciere_followed or premises.owner_kind == "fonciere":
        officers = (
            User.objects.filter(
                is_active=True,
                memberships__is_active=True,
                memberships__role=Role.FONCIERE_OFFICER,
            )
            .exclude(pk__in=refusing_email("notifications"))
            .distinct()
        )
        people.update(officers.values_list("pk", "email"))
    return {pk: address for pk, address in people.items() if address}


def _announce(search, user_id, address, offers) -> None:
    """The e-mail itself; `sent_at` is written once the mail backend accepted it."""
    from cvv.matchmaking.models import SearchAnnouncement

    lines = "\n".join(
        f"- {o.reference} ({o.premises.address}, {o.premises.commune.nom}) : "
        f"{score} points — "
        f"{settings.SITE_URL}{reverse('matchmaking:offer', kwargs={'pk': o.pk})}"
        for score, o in offers
    )
    try:
        send_mail(
            f"Centres-Villes Vivants : une nouvelle recherche correspond à vos locaux "
            f"({search.reference})",
            f"Bonjour,\n\n{search.organisation.name} recherche un local ({search.title}). "
            f"Cette recherche correspond à :\n{lines}\n\nLa page de chaque offre explique "
            f"le rapprochement.\n\n— L’équipe Centres-Villes Vivants",
            None,
            [address],
        )
    except Exception:  # the next person still gets theirs; this one is not retried
        logger.exception("Announcement of %s to user %s not sent", search.reference, user_id)
        return
    SearchAnnouncement.objects.filter(search=search, user_id=user_id).update(sent_at=timezone.now())


@db_task()
def notify_new_search(search_id):
    """One e-mail per person on the side of the offers a new search matches with at least
    `GOOD_SCORE` points (demo searches announce nothing), **once per person and search**
    across runs (a retried or twice-delivered task, a later run): each person told gets a
    `SearchAnnouncement` row. Who is told is decided when the task runs (the published
    offers matching then), so a later run tells only the people not told yet — e.g. of an
    offer published since — once.

    At most once, not at least once: the rows are committed first and the e-mails sent on
    commit. A crash (or a failing mail server) between the two leaves a person recorded as
    told who got nothing (their row has no `sent_at`); the reverse order could send the same
    announcement twice, which is what this prevents — and the match stays on the offer's
    page among its best searches, so a missed announcement loses no information. Returns
    the number of people newly recorded as told (their e-mails go when the records are
    committed)."""
    from cvv.matchmaking import selectors
    from cvv.matchmaking.models import Search, SearchAnnouncement

    search = (
        Search.objects.select_related("organisation")
        .prefetch_related("communes", "territoires")
        .filter(pk=search_id, state="active", synthetic=False)
        .first()
    )
    if search is None:
        return 0
    by_person = {}
    for score, offer, _ in selectors.matches_for_search(search):
        if score < GOOD_SCORE:
            continue
        for user_id, address in offer_side_people(offer).items():
            by_person.setdefault((user_id, address), []).append((score, offer))
    told = set(SearchAnnouncement.objects.filter(search=search).values_list("user_id", flat=True))
    # Record first, send on commit (at most once, see above): were the records rolled back,
    # nothing is sent; once they are committed, no later run sends to these people again.
    with transaction.atomic():
        claimed = [
            (user_id, address, offers)
            for (user_id, address), offers in sorted(by_person.items(), key=lambda i: i[0][1])
            if user_id not in told
            and create_once(SearchAnnouncement, search=search, user_id=user_id, offers=len(offers))
        ]
        transaction.on_commit(lambda: [_announce(search, *claim) for claim in claimed])
    return len(claimed)


def _send_introduction_email(introduction, event, occurrence, subject, body, to) -> None:
    """The e-mail itself, to the addresses just recorded; `sent_at` is written once the mail
    backend accepted it."""
    from cvv.matchmaking.models import IntroductionEmail

    try:
        send_mail(subject, body, None, to)
    except Exception:  # recorded, not retried (at most once)
        logger.exception(
            "E-mail %s of %s (occurrence %s) not sent", event, introduction.reference, occurrence
        )
        return
    IntroductionEmail.objects.filter(
        introduction=introduction, event=event, occurrence=occurrence, address__in=to
    ).update(sent_at=timezone.now())


@db_task()
def send_introduction_email(introduction_id, event, occurrence=0):
    """Tells the side(s) of `EVENTS[event]` of one occurrence of `event`, **once per
    address and occurrence** across runs (a retried or twice-delivered task): `occurrence`
    is the id of the row recording what happened (`IntroductionEmail`; `stages._notify`), so
    two visits or two messages are two e-mails, and each address told gets a row.

    At most once, as `notify_new_search`: the rows are committed first and the e-mail sent
    on commit to the addresses newly recorded; a crash or a failing mail server between the
    two leaves them recorded without `sent_at` and unsent (the introduction's page shows
    what happened). Returns the number of addresses newly recorded. A task queued before
    occurrences were named (two arguments, across a deployment) is recorded under
    occurrence 0: still sent, and at most once."""
    from cvv.matchmaking.models import Introduction, IntroductionEmail

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
    told = set(
        IntroductionEmail.objects.filter(
            introduction=introduction, event=event, occurrence=occurrence
        ).values_list("address", flat=True)
    )
    to = [a for a in recipients(introduction, side) if a not in told]
    if not to:
        return 0
    link = settings.SITE_URL + reverse("matchmaking:introduction", kwargs={"pk": introduction.pk})
    text = body.format(
        offer=f"{introduction.offer.reference} ({introduction.offer.premises.commune.nom})",
        search=introduction.search.organisation.name,
    )
    subject = f"Centres-Villes Vivants : {subject} ({introduction.reference})"
    body = f"Bonjour,\n\n{text}\n\n{link}\n\n— L’équipe Centres-Villes Vivants"
    # Record first, send on commit (at most once, see above).
    with transaction.atomic():
        claimed = [
            address
            for address in to
            if create_once(
                IntroductionEmail,
                introduction=introduction,
                event=event,
                occurrence=occurrence,
                address=address,
            )
        ]
        if claimed:
            transaction.on_commit(
                lambda: _send_introduction_email(
                    introduction, event, occurrence, subject, body, claimed
                )
            )
    return len(claimed)


@db_periodic_task(crontab(hour="8", minute="10"))
def remind_unanswered_introductions():
    """Every morning: the introductions left unanswered for a week get a reminder."""
    from cvv.matchmaking.stages import remind_unanswered

    return remind_unanswered()
