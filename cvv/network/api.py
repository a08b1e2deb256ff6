"""Members' API of the network (token auth): the directory and the questions, for the
network's members only (403 for anyone else), with the fields each member chose to show."""

import datetime

from ninja import Router, Schema
from ninja.errors import HttpError

from cvv.api.auth import token_auth
from cvv.api.schemas import Code, responses
from cvv.network import questions, selectors
from cvv.network.enums import Topic

PREFIX = "/network"
router = Router(tags=["Réseau des managers"], auth=token_auth)


class MemberOut(Schema):
    id: int
    name: str
    communes: list[str]
    territoires: list[str]
    job_title: str
    since: datetime.date | None
    topics: list[str]
    email: str
    phone: str


class QuestionOut(Schema):
    id: int
    title: str
    topic: str
    topic_label: str
    created_at: datetime.datetime
    answers: int
    has_accepted_answer: bool


def _require_member(user):
    if not selectors.is_member(user):
        raise HttpError(403, "Réservé aux membres du réseau.")


@router.get(
    "/members",
    response=responses(list[MemberOut], forbidden=True, params=True),
    summary="Membres du réseau",
)
def network_members(request, topic: Code | None = None, territoire: Code | None = None):
    """Annuaire du réseau : ce que chaque membre a choisi de montrer."""
    _require_member(request.user)
    profiles = selectors.search_profiles(
        request.user,
        topic=topic if topic in Topic.values else "",
        territoire=territoire or "",
    )
    result = []
    for profile in profiles:
        card = selectors.shown(profile, request.user)
        result.append(
            {
                "id": profile.pk,
                "name": card["name"],
                "communes": [c.code for c in card["places"]["communes"]],
                "territoires": [t.code for t in card["places"]["territoires"]],
                "job_title": card["job_title"],
                "since": card["since"],
                "topics": [t.topic for t in profile.topics.all()] if card["topics"] else [],
                "email": card["email"],
                "phone": card["phone"],
            }
        )
    return result


@router.get(
    "/questions",
    response=responses(list[QuestionOut], forbidden=True, params=True),
    summary="Questions du réseau",
)
def network_questions(request, topic: Code | None = None):
    """Questions posées au réseau, les plus récentes d’abord (200 au plus)."""
    _require_member(request.user)
    items = questions.questions_visible_to(request.user).prefetch_related("answers")
    if topic:
        items = items.filter(topic=topic)
    return [
        {
            "id": q.pk,
            "title": q.title,
            "topic": q.topic,
            "topic_label": q.get_topic_display(),
            "created_at": q.created_at,
            "answers": len(q.answers.all()),
            "has_accepted_answer": any(a.is_accepted for a in q.answers.all()),
        }
        for q in items[:200]
    ]
