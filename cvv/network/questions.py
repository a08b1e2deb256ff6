"""Questions and answers of the network: writes, reads, the weekly digest and the step that
turns a best answer into a toolbox resource (through the programme's toolbox service)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.core.once import create_once
from cvv.network.enums import Topic
from cvv.network.models import Answer, DigestSent, Question, TopicFollow
from cvv.network.selectors import is_member
from cvv.organisations.access import get_access
from cvv.organisations.enums import INSTRUCTION_ROLES


def _require_member(user):
    if not is_member(user):
        raise PermissionDenied("Réservé aux membres du réseau.")


# --- Reads --------------------------------------------------------------------------------


def questions_visible_to(user):
    """Every question for a member of the network (questions are network-wide), else none."""
    if not is_member(user):
        return Question.objects.none()
    return Question.objects.select_related("author", "resource")


def followed_topics(user) -> set[str]:
    return set(TopicFollow.objects.filter(user_id=user.pk).values_list("topic", flat=True))


def may_make_resource(user, answer) -> bool:
    return (
        get_access(user).has_role(*INSTRUCTION_ROLES)
        and answer.is_accepted
        and answer.question.resource_id is None
    )


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def question_ask(*, actor, title, topic, body="") -> Question:
    _require_member(actor)
    question = Question(author=actor, title=title, topic=topic, body=body)
    question.full_clean()
    question.save()
    log_action("network.question.create", actor=actor, obj=question, data={"topic": topic})
    return question


@transaction.atomic
def answer_post(*, actor, question, body) -> Answer:
    _require_member(actor)
    answer = Answer(question=question, author=actor, body=body)
    answer.full_clean()
    answer.save()
    log_action("network.answer.create", actor=actor, obj=answer, data={"question": question.pk})
    return answer


@transaction.atomic
def answer_accept(*, actor, answer) -> Answer:
    """The asker retains one answer (a later choice replaces the earlier one)."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if question.author_id != actor.pk:
        raise PermissionDenied("Seul l’auteur de la question retient une réponse.")
    Answer.objects.filter(question=question, is_accepted=True).update(is_accepted=False)
    Answer.objects.filter(pk=answer.pk).update(is_accepted=True)
    answer.is_accepted = True
    log_action("network.answer.accept", actor=actor, obj=answer, data={"question": question.pk})
    return answer


@transaction.atomic
def topic_follow(*, actor, topic, follow: bool) -> bool:
    _require_member(actor)
    if topic not in Topic.values:
        raise ValidationError("Thème inconnu.")
    if follow:
        _, changed = TopicFollow.objects.get_or_create(user=actor, topic=topic)
    else:
        changed = TopicFollow.objects.filter(user=actor, topic=topic).delete()[0] > 0
    if changed:
        log_action(
            "network.topic.follow" if follow else "network.topic.unfollow",
            actor=actor,
            data={"topic": topic},
        )
    return changed


@transaction.atomic
def answer_to_resource(*, actor, answer):
    """Staff turn an accepted answer into a draft toolbox resource (the toolbox's own
    review and publication workflow follows). Once per question."""
    from cvv.programme.models import Resource
    from cvv.programme.services.toolbox import resource_save

    if not get_access(actor).has_role(*INSTRUCTION_ROLES):
        raise PermissionDenied("Réservé aux administrateurs et chargés d’instruction.")
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    answer.refresh_from_db()
    if not answer.is_accepted:
        raise ValidationError("Seule la réponse retenue par l’auteur peut devenir une fiche.")
    if question.resource_id is not None:
        raise ValidationError(f"La question « {question} » a déjà sa fiche.")
    resource = resource_save(
        actor=actor,
        title=question.title[:250],
        category=Resource.Category.ADVICE,
        tags=question.get_topic_display(),
        author=answer.author.get_full_name() or "Réseau des managers",
        summary=(question.body or question.title)[:2000],
        body=answer.body,
    )
    question.resource = resource
    question.save(update_fields=["resource"])
    log_action(
        "network.answer.to_resource", actor=actor, obj=answer, data={"resource": resource.pk}
    )
    return resource


# --- Weekly digest ------------------------------------------------------------------------


def week_key(moment) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def digest_send(*, now=None) -> int:
    """E-mail each member who follows topics the questions asked on them in the 7 days
    before `now`; at most once per person and ISO week (a rerun sends nothing). Returns
    the number of e-mails sent."""
    from cvv.organisations.selectors import refusing_email
    from cvv.users.models import User

    now = now or timezone.now()
    week, since = week_key(now), now - dt.timedelta(days=7)
    recent = list(Question.objects.filter(created_at__gte=since, created_at__lt=now))
    if not recent:
        return 0
    followers = (
        User.objects.filter(is_active=True, network_follows__isnull=False)
        .exclude(pk__in=refusing_email("notifications"))
        .exclude(pk__in=DigestSent.objects.filter(week=week).values("user_id"))
        .distinct()
    )
    sent = 0
    for user in followers:
        if not is_member(user):
            continue
        topics = followed_topics(user)
        mine = [q for q in recent if q.topic in topics and q.author_id != user.pk]
        if not mine:
            continue
        if create_once(DigestSent, user=user, week=week, questions=len(mine)) is None:
            continue  # another run got there first
        lines = [
            f"- {q.title} ({q.get_topic_display()}) : "
            f"{settings.SITE_URL}{reverse('network:question', kwargs={'pk': q.pk})}"
            for q in mine
        ]
        sent += send_mail(
            f"Réseau des managers : {len(mine)} nouvelle(s) question(s) cette semaine",
            "Bonjour,\n\nQuestions posées cette semaine sur les thèmes que vous suivez :\n\n"
            + "\n".join(lines)
            + "\n\nPour changer vos thèmes suivis : "
            + f"{settings.SITE_URL}{reverse('network:topics')}\n\n"
            + "— L’équipe Centres-Villes Vivants",
            None,
            [user.email],
        )
    return sent
