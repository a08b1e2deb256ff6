"""Information for the network: news items, the letter composed in the platform and sent by
e-mail to the members (queued, idempotent, with a signed unsubscribe link)."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.core.once import create_once
from cvv.network.enums import NewsletterState
from cvv.network.models import NewsItem, Newsletter, NewsletterDelivery, NewsletterOptOut
from cvv.network.selectors import ELIGIBLE_ROLES, is_member
from cvv.network.workflows import NEWSLETTER
from cvv.organisations.access import get_access
from cvv.organisations.enums import INSTRUCTION_ROLES, METROPOLE_STAFF_ROLES
from cvv.users.models import User

UNSUBSCRIBE_SALT = "cvv.network.newsletter.unsubscribe"


def may_publish(user) -> bool:
    return get_access(user).has_role(*INSTRUCTION_ROLES)


def _require_publisher(user):
    if not may_publish(user):
        raise PermissionDenied("Réservé aux administrateurs et chargés d’instruction.")


# --- Reads --------------------------------------------------------------------------------


def news_visible_to(user):
    if not is_member(user):
        return NewsItem.objects.none()
    return NewsItem.objects.select_related("created_by")


def newsletters_visible_to(user):
    if not may_publish(user):
        return Newsletter.objects.none()
    return Newsletter.objects.all()


def newsletter_recipients():
    """The members (staff, and eligible people who joined the directory), active, who did
    not unsubscribe."""
    members = Q(memberships__is_active=True, memberships__role__in=METROPOLE_STAFF_ROLES) | Q(
        memberships__is_active=True,
        memberships__role__in=ELIGIBLE_ROLES,
        network_profile__in_directory=True,
    )
    return (
        User.objects.filter(members, is_active=True)
        .exclude(pk__in=NewsletterOptOut.objects.values("user_id"))
        .distinct()
        .order_by("pk")
    )


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def news_publish(*, actor, title, body) -> NewsItem:
    _require_publisher(actor)
    item = NewsItem(title=title, body=body, created_by=actor)
    item.full_clean()
    item.save()
    log_action("network.news.publish", actor=actor, obj=item)
    return item


def body_from_news(items, intro: str = "") -> str:
    """The letter's text composed from news items: the introduction, then each item's title
    (underlined), date and text, in the order given."""
    parts = [intro.strip()] if intro and intro.strip() else []
    for item in items:
        title = item.title.strip()
        day = timezone.localtime(item.created_at).strftime("%d/%m/%Y")
        parts.append(f"{title}\n{'-' * len(title)}\n{day}\n\n{item.body.strip()}")
    return "\n\n".join(parts)


@transaction.atomic
def newsletter_compose(*, actor, subject, body="", news=()) -> Newsletter:
    """A draft letter: its text as written, or composed from news items (the text written
    then serves as the introduction)."""
    _require_publisher(actor)
    news = list(news)
    if news:
        body = body_from_news(news, intro=body)
    letter = Newsletter(subject=subject, body=body, created_by=actor)
    letter.full_clean()
    letter.save()
    log_action("network.newsletter.compose", actor=actor, obj=letter,
               data={"news": [item.pk for item in news]})  # fmt: skip
    return letter


@transaction.atomic
def newsletter_send(*, actor, newsletter) -> Newsletter:
    """Mark the letter sent and queue its delivery (after the commit)."""
    from cvv.network import tasks

    NEWSLETTER.apply(newsletter, "send", actor=actor)
    newsletter_id = newsletter.pk
    transaction.on_commit(lambda: tasks.deliver_newsletter(newsletter_id))
    return newsletter


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_of_token(token):
    try:
        return User.objects.get(pk=signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, User.DoesNotExist):
        raise ValidationError("Ce lien de désabonnement n’est pas valable.") from None


@transaction.atomic
def unsubscribe(*, token) -> User:
    user = user_of_token(token)
    _, created = NewsletterOptOut.objects.get_or_create(user=user)
    if created:
        log_action("network.newsletter.unsubscribe", actor=None, obj=user)
    return user


def newsletter_deliver(newsletter_id) -> int:
    """Send a sent letter to every recipient not yet served; a rerun (a retried task) sends
    to nobody twice. Returns the number of e-mails sent."""
    letter = Newsletter.objects.filter(pk=newsletter_id, state=NewsletterState.SENT).first()
    if letter is None:
        return 0
    served = NewsletterDelivery.objects.filter(newsletter=letter).values("user_id")
    sent = 0
    for user in newsletter_recipients().exclude(pk__in=served):
        if create_once(NewsletterDelivery, newsletter=letter, user=user) is None:
            continue
        link = settings.SITE_URL + reverse(
            "network:unsubscribe", kwargs={"token": unsubscribe_token(user)}
        )
        sent += send_mail(
            f"Réseau des managers : {letter.subject}",
            f"{letter.body}\n\n— L’équipe Centres-Villes Vivants\n\n"
            f"Pour ne plus recevoir cette lettre : {link}",
            None,
            [user.email],
            fail_silently=False,
        )
    return sent


# --- Job offers ---------------------------------------------------------------------------


def jobs_visible_to(user):
    """Open offers for the members (the poster and the staff also see closed ones)."""
    from cvv.network.models import JobOffer

    if not is_member(user):
        return JobOffer.objects.none()
    access = get_access(user)
    offers = JobOffer.objects.select_related("posted_by")
    if access.is_metropole_staff:
        return offers
    today = timezone.localdate()
    return offers.filter(Q(is_closed=False, closes_on__gte=today) | Q(posted_by_id=access.user_id))


@transaction.atomic
def job_post(*, actor, title, employer, place, description, contact, closes_on):
    from cvv.network.models import JobOffer

    if not is_member(actor):
        raise PermissionDenied("Réservé aux membres du réseau.")
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "La date limite de candidature est déjà passée."})
    offer = JobOffer(
        title=title,
        employer=employer,
        place=place,
        description=description,
        contact=contact,
        closes_on=closes_on,
        posted_by=actor,
    )
    offer.full_clean()
    offer.save()
    log_action("network.job.post", actor=actor, obj=offer)
    return offer


def may_close_job(user, offer) -> bool:
    return not offer.is_closed and (
        offer.posted_by_id == user.pk or get_access(user).is_metropole_staff
    )


@transaction.atomic
def job_close(*, actor, offer):
    if offer.posted_by_id != actor.pk and not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Seuls son auteur et la Métropole retirent une offre.")
    if offer.is_closed:
        raise ValidationError(f"L’offre « {offer} » est déjà retirée.")
    offer.is_closed = True
    offer.save(update_fields=["is_closed"])
    log_action("network.job.close", actor=actor, obj=offer)
    return offer
