"""Questions and answers, followed topics, the weekly digest, answers turned into resources."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from cvv.network import questions as qa
from cvv.network import services
from cvv.network.models import DigestSent, Question
from cvv.programme.models import Resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(users):
    for name in ("commerce_manager", "other_commune_agent"):
        services.profile_save(actor=users[name], topics=["marches"], in_directory=True)
    return users


def test_only_members_ask_and_answer(members):
    with pytest.raises(PermissionDenied):
        qa.question_ask(actor=members["partner_expert"], title="?", topic="marches")
    with pytest.raises(PermissionDenied):  # eligible, but not joined
        qa.question_ask(actor=members["commune_agent"], title="?", topic="marches")
    question = qa.question_ask(actor=members["commerce_manager"], title="Marché ?", topic="marches")
    with pytest.raises(PermissionDenied):
        qa.answer_post(actor=members["territory_agent"], question=question, body="Oui")
    assert list(qa.questions_visible_to(members["territory_agent"])) == []
    assert list(qa.questions_visible_to(members["instructor"])) == [question]


def test_the_asker_retains_one_answer(members):
    question = qa.question_ask(actor=members["commerce_manager"], title="Halle ?", topic="marches")
    first = qa.answer_post(actor=members["other_commune_agent"], question=question, body="A")
    second = qa.answer_post(actor=members["instructor"], question=question, body="B")
    with pytest.raises(PermissionDenied):
        qa.answer_accept(actor=members["other_commune_agent"], answer=first)
    qa.answer_accept(actor=members["commerce_manager"], answer=first)
    qa.answer_accept(actor=members["commerce_manager"], answer=second)
    assert list(question.answers.filter(is_accepted=True)) == [second]


def test_an_accepted_answer_becomes_a_draft_resource_once(members):
    question = qa.question_ask(
        actor=members["commerce_manager"],
        title="Relancer un marché",
        topic="marches",
        body="Comment ?",
    )
    answer = qa.answer_post(actor=members["other_commune_agent"], question=question, body="Ainsi.")
    with pytest.raises(ValidationError):  # not retained yet
        qa.answer_to_resource(actor=members["instructor"], answer=answer)
    qa.answer_accept(actor=members["commerce_manager"], answer=answer)
    with pytest.raises(PermissionDenied):  # the toolbox belongs to the instruction team
        qa.answer_to_resource(actor=members["commerce_manager"], answer=answer)
    resource = qa.answer_to_resource(actor=members["instructor"], answer=answer)
    assert (resource.state, resource.category, resource.body) == (
        Resource.State.DRAFT,
        Resource.Category.ADVICE,
        "Ainsi.",
    )
    assert Question.objects.get(pk=question.pk).resource == resource
    with pytest.raises(ValidationError):
        qa.answer_to_resource(actor=members["instructor"], answer=answer)


def test_weekly_digest_goes_once_a_week_to_followers(members):
    manager, montreuil = members["commerce_manager"], members["other_commune_agent"]
    qa.topic_follow(actor=montreuil, topic="marches", follow=True)
    qa.topic_follow(actor=manager, topic="marches", follow=True)
    qa.topic_follow(actor=members["instructor"], topic="numerique", follow=True)
    question = qa.question_ask(actor=manager, title="Nocturnes ?", topic="marches")
    old = qa.question_ask(actor=manager, title="Ancienne", topic="marches")
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=9))
    mail.outbox.clear()
    assert qa.digest_send() == 1
    (message,) = mail.outbox
    # To Montreuil only: the asker does not get their own question, the instructor follows
    # another topic; last week's question is not repeated.
    assert message.to == [montreuil.email]
    assert question.title in message.body and "Ancienne" not in message.body
    assert qa.digest_send() == 0  # idempotent within the week
    out = io.StringIO()
    call_command("network", "send-digest", stdout=out)
    assert out.getvalue().startswith("0 lettre")
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get(user=montreuil).week == qa.week_key(timezone.now())
    # The next week, a new question goes out again.
    later = timezone.now() + dt.timedelta(days=7)
    Question.objects.filter(pk=question.pk).update(created_at=later - dt.timedelta(days=1))
    assert qa.digest_send(now=later) == 1


def test_week_key():
    assert qa.week_key(dt.date(2026, 12, 4)) == "2026-W49"
    assert qa.week_key(dt.date(2027, 1, 1)) == "2026-W53"
