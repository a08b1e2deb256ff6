"""The network of managers: profiles for members only, requests to talk for the two people.

Members: the Métropole's staff, and the commune's people / territory agents who joined (here
the commerce manager of Aulnay and the agent of Montreuil). The commune agent of Aulnay and
the territory agent are eligible but have not joined; partners, the foncière and economic
actors are not in the network."""

import datetime as dt

from cvv.network import advice, information, questions, services
from cvv.network.models import (
    AdviceRequest,
    Answer,
    ContactRequest,
    JobOffer,
    NewsItem,
    Newsletter,
    NewsletterOptOut,
    Profile,
    Question,
    TopicFollow,
)
from cvv.organisations.models import Organisation
from tests.permission_matrix.base import (
    PUBLIC,
    STAFF,
    Rule,
    anchor,
    api_only,
    expect,
    item,
    link,
    logged_in,
    only,
)

MEMBERS = (*STAFF, "commerce_manager", "other_commune_agent")
ELIGIBLE = (*MEMBERS, "commune_agent", "territory_agent")


def objects(ctx):
    """Built lazily, by these rules only."""
    if getattr(ctx, "aulnay_profile", None) is not None:
        return ctx
    manager, montreuil = ctx.users["commerce_manager"], ctx.users["other_commune_agent"]
    ctx.aulnay_profile = services.profile_save(
        actor=manager, topics=["marches"], in_directory=True, job_title="Manager"
    )
    ctx.montreuil_profile = services.profile_save(
        actor=montreuil, topics=["marches", "vacance"], in_directory=True
    )
    # A profile without consent: nobody else finds it.
    ctx.hidden_profile = services.profile_save(
        actor=ctx.users["commune_agent"], topics=["marches"], in_directory=False
    )
    ctx.project = services.project_add(actor=manager, title="Halle", topic="marches", year=2024)
    ctx.contact = services.contact_request_create(
        requester=montreuil, peer=ctx.aulnay_profile, topic="marches", message="Un échange ?"
    )
    ctx.question = questions.question_ask(actor=manager, title="Halle ?", topic="marches")
    ctx.answer = questions.answer_post(actor=montreuil, question=ctx.question, body="Oui.")
    questions.answer_accept(actor=manager, answer=ctx.answer)
    instructor = ctx.users["instructor"]
    ctx.news = information.news_publish(actor=instructor, title="Appel à projets", body="…")
    ctx.letter = information.newsletter_compose(actor=instructor, subject="Lettre", body="…")
    ctx.token = information.unsubscribe_token(manager)
    ctx.job = information.job_post(
        actor=manager,
        title="Manager de centre-ville",
        employer="Aulnay-sous-Bois",
        place="Aulnay-sous-Bois",
        description="…",
        contact="rh@example.org",
        closes_on=dt.date.today() + dt.timedelta(days=30),
    )
    cci = Organisation.objects.get(name="CCI Paris Île-de-France")
    ctx.advice = advice.advice_request_create(
        actor=manager, domain="commercial", subject="Programmation", question="?", organisation=cci
    )
    return ctx


def built(ctx):
    """The kwargs of a URL without any: builds the fixture (members exist only then)."""
    objects(ctx)
    return {}


def profile_links(ctx):
    objects(ctx)
    return {
        "aulnay": link("network:profile", pk=ctx.aulnay_profile.pk),
        "montreuil": link("network:profile", pk=ctx.montreuil_profile.pk),
        "hidden": link("network:profile", pk=ctx.hidden_profile.pk),
    }


def contact_links(ctx):
    return {"contact": link("network:contact", pk=objects(ctx).contact.pk)}


NOT_JOINED = {"commune_agent": 302, "territory_agent": 302}  # sent to their profile page

RULES = [
    Rule(
        "network:directory",
        only(MEMBERS, **NOT_JOINED),
        shows=profile_links,
        sees={"aulnay": MEMBERS, "montreuil": MEMBERS, "hidden": ()},
    ),
    Rule(
        "network:profile",
        only(MEMBERS),
        kwargs=lambda ctx: {"pk": objects(ctx).aulnay_profile.pk},
        label="listed profile",
    ),
    Rule(
        "network:profile",
        only(MEMBERS, denied=403, **dict.fromkeys(MEMBERS, 404)),
        kwargs=lambda ctx: {"pk": objects(ctx).hidden_profile.pk},
        label="profile without consent",
    ),
    # Peers for a need: a member never finds themself, nor an unlisted profile.
    Rule(
        "network:match",
        only(MEMBERS),
        query="?topic=marches",
        shows=profile_links,
        sees={
            "aulnay": (*STAFF, "other_commune_agent"),
            "montreuil": (*STAFF, "commerce_manager"),
            "hidden": (),
        },
    ),
    Rule(
        "network:contact_create",
        only(MEMBERS),
        kwargs=lambda ctx: {"pk": objects(ctx).aulnay_profile.pk},
    ),
    Rule(
        "network:contact_create",
        # Staff write; the manager cannot ask themself; Montreuil already has a pending one.
        only(MEMBERS, 302, commerce_manager=400, other_commune_agent=400),
        kwargs=lambda ctx: {"pk": objects(ctx).aulnay_profile.pk},
        method="post",
        data={"topic": "marches", "message": "Pouvons-nous échanger ?"},
        state=lambda ctx: ContactRequest.objects.count(),
    ),
    Rule("network:my_profile", only(ELIGIBLE), kwargs=built),
    Rule(
        "network:my_profile",
        only(ELIGIBLE, 302),
        method="post",
        kwargs=built,
        data={"in_directory": "on", "topics": ["numerique"], "show_topics": "on"},
        state=lambda ctx: list(Profile.objects.values_list("user_id", "in_directory")),
    ),
    Rule(
        "network:project_add",
        only(ELIGIBLE, 302),
        method="post",
        kwargs=built,
        data={"title": "Marché du soir", "topic": "marches", "year": "2025"},
    ),
    Rule(
        "network:project_delete",
        expect(404, anonymous=302, commerce_manager=302),
        kwargs=lambda ctx: {"pk": objects(ctx).project.pk},
        method="post",
        state=lambda ctx: objects(ctx).aulnay_profile.projects.count(),
    ),
    # Requests to talk: only the requester and the peer, not even the Métropole.
    Rule(
        "network:contacts",
        only(ELIGIBLE),
        shows=contact_links,
        sees={"contact": ("commerce_manager", "other_commune_agent")},
    ),
    Rule(
        "network:contact",
        expect(404, anonymous=302, commerce_manager=200, other_commune_agent=200),
        kwargs=lambda ctx: {"pk": objects(ctx).contact.pk},
    ),
    Rule(
        "network:contact_transition",
        # Only the peer accepts; the requester may only cancel.
        expect(404, anonymous=302, commerce_manager=302, other_commune_agent=403),
        kwargs=lambda ctx: {"pk": objects(ctx).contact.pk},
        method="post",
        data={"transition": "accept", "answer": "Oui"},
        state=lambda ctx: ContactRequest.objects.get(pk=objects(ctx).contact.pk).state,
    ),
]


# Questions and answers: network-wide, for members only.
RULES += [
    Rule(
        "network:questions",
        only(MEMBERS),
        shows=lambda ctx: {"question": link("network:question", pk=objects(ctx).question.pk)},
        sees={"question": MEMBERS},
    ),
    Rule("network:question", only(MEMBERS), kwargs=lambda ctx: {"pk": objects(ctx).question.pk}),
    Rule("network:question_ask", only(MEMBERS), kwargs=built),
    Rule(
        "network:question_ask",
        only(MEMBERS, 302),
        method="post",
        kwargs=built,
        data={"title": "Qui a une charte de terrasses ?", "topic": "espace_public"},
    ),
    Rule(
        "network:answer_post",
        only(MEMBERS, 302),
        kwargs=lambda ctx: {"pk": objects(ctx).question.pk},
        method="post",
        data={"body": "Nous l’avons fait."},
        state=lambda ctx: Answer.objects.count(),
    ),
    Rule(
        "network:answer_accept",
        only(("commerce_manager",), 302),  # the asker only
        kwargs=lambda ctx: {"pk": objects(ctx).answer.pk},
        method="post",
    ),
    Rule(
        "network:answer_to_resource",
        only(("metropole_admin", "instructor"), 302),
        kwargs=lambda ctx: {"pk": objects(ctx).answer.pk},
        method="post",
        state=lambda ctx: Question.objects.get(pk=objects(ctx).question.pk).resource_id,
    ),
    Rule("network:topics", only(MEMBERS), kwargs=built),
    Rule(
        "network:topics",
        only(MEMBERS, 302),
        method="post",
        kwargs=built,
        data={"topic": "marches", "follow": "1"},
        state=lambda ctx: TopicFollow.objects.count(),
    ),
]


# Information: news for members, published by the instruction team; letters for that team;
# the unsubscribe link is public (its signature is the key).
PUBLISHERS = ("metropole_admin", "instructor")
RULES += [
    Rule(
        "network:news",
        only(MEMBERS),
        shows=lambda ctx: {"news": anchor(f"actualite-{objects(ctx).news.pk}")},
        sees={"news": MEMBERS},
    ),
    Rule(
        "network:news",
        only(PUBLISHERS, 302),
        method="post",
        data={"title": "Nouvelle", "body": "Texte"},
        kwargs=built,
        state=lambda ctx: NewsItem.objects.count(),
    ),
    Rule(
        "network:newsletters",
        only(PUBLISHERS),
        shows=lambda ctx: {"letter": link("network:newsletter", pk=objects(ctx).letter.pk)},
        sees={"letter": PUBLISHERS},
    ),
    Rule(
        "network:newsletters",
        only(PUBLISHERS, 302),
        method="post",
        data={"subject": "Lettre 2", "body": "Texte"},
        state=lambda ctx: Newsletter.objects.count(),
    ),
    Rule(
        "network:newsletter",
        only(PUBLISHERS),
        kwargs=lambda ctx: {"pk": objects(ctx).letter.pk},
    ),
    Rule(
        "network:newsletter_send",
        only(PUBLISHERS, 302),
        kwargs=lambda ctx: {"pk": objects(ctx).letter.pk},
        method="post",
        state=lambda ctx: Newsletter.objects.get(pk=objects(ctx).letter.pk).state,
    ),
    Rule("network:unsubscribe", PUBLIC, kwargs=lambda ctx: {"token": objects(ctx).token}),
    Rule(
        "network:unsubscribe",
        PUBLIC,
        kwargs=lambda ctx: {"token": objects(ctx).token},
        method="post",
        state=lambda ctx: NewsletterOptOut.objects.count(),
    ),
    Rule(
        "network:unsubscribe",
        expect(404),
        kwargs=lambda ctx: {"token": objects(ctx).token + "x"},
        method="post",
        label="forged token",
    ),
]


# Advice: the requester, the addressed partner's people and the staff; members ask.
ADVICE_READERS = (*STAFF, "commerce_manager", "partner_expert")
RULES += [
    Rule(
        "network:advice_list",
        logged_in(),
        shows=lambda ctx: {"advice": link("network:advice", pk=objects(ctx).advice.pk)},
        sees={"advice": ADVICE_READERS},
    ),
    Rule("network:advice_create", only(MEMBERS), kwargs=built),
    Rule(
        "network:advice_create",
        only(MEMBERS, 302),
        method="post",
        kwargs=built,
        data={"domain": "general", "subject": "Un conseil", "question": "Lequel ?"},
        state=lambda ctx: AdviceRequest.objects.count(),
    ),
    Rule(
        "network:advice",
        only(ADVICE_READERS, denied=404),
        kwargs=lambda ctx: {"pk": objects(ctx).advice.pk},
    ),
    Rule(
        "network:advice_transition",
        # The addressee (the CCI's expert) or the staff answer; the requester may not.
        only((*STAFF, "partner_expert"), 302, denied=404, commerce_manager=403),
        kwargs=lambda ctx: {"pk": objects(ctx).advice.pk},
        method="post",
        data={"transition": "answer", "text": "Voici."},
        state=lambda ctx: AdviceRequest.objects.get(pk=objects(ctx).advice.pk).state,
    ),
]


# Job offers: members read and post; the poster or the staff withdraw.
RULES += [
    Rule(
        "network:jobs",
        only(MEMBERS),
        shows=lambda ctx: {"job": link("network:job", pk=objects(ctx).job.pk)},
        sees={"job": MEMBERS},
    ),
    Rule(
        "network:jobs",
        only(MEMBERS, 302),
        method="post",
        kwargs=built,
        data=lambda ctx: {
            "title": "Chargé de mission commerce",
            "employer": "Montreuil",
            "place": "Montreuil",
            "description": "…",
            "contact": "rh@example.org",
            "closes_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
        },
        state=lambda ctx: JobOffer.objects.count(),
    ),
    Rule("network:job", only(MEMBERS), kwargs=lambda ctx: {"pk": objects(ctx).job.pk}),
    Rule(
        "network:job_close",
        only((*STAFF, "commerce_manager"), 302),  # its poster or the staff
        kwargs=lambda ctx: {"pk": objects(ctx).job.pk},
        method="post",
        state=lambda ctx: JobOffer.objects.get(pk=objects(ctx).job.pk).is_closed,
    ),
]


# Members' API (token): members only; the same directory and questions as the pages.
RULES += [
    Rule(
        "api:network_members",
        api_only(MEMBERS),
        api=True,
        shows=lambda ctx: {
            "aulnay": item("id", objects(ctx).aulnay_profile.pk),
            "montreuil": item("id", ctx.montreuil_profile.pk),
            "hidden": item("id", ctx.hidden_profile.pk),
        },
        sees={"aulnay": MEMBERS, "montreuil": MEMBERS, "hidden": ()},
    ),
    Rule(
        "api:network_questions",
        api_only(MEMBERS),
        api=True,
        shows=lambda ctx: {"question": item("id", objects(ctx).question.pk)},
        sees={"question": MEMBERS},
    ),
]
