"""Permission matrix of the programme: a commune sees only its own candidature and
accompaniment (another commune's -> 404), partner experts only the accompaniments they are
on, Métropole staff everything; steering actions are refused (403) to those who may only read.

Objects are built lazily (only by these rules) and once per test."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from cvv.organisations.enums import OrganisationKind
from cvv.organisations.models import Organisation
from cvv.programme.models import (
    Action,
    Candidature,
    Edition,
    ExpertiseRequest,
    Meeting,
    Milestone,
    Recommendation,
    Resource,
    TeamMember,
)
from cvv.programme.services.accompaniments import deliverable_upload
from cvv.programme.services.notify import notify
from cvv.programme.services.toolbox import attachment_add
from tests.documents.helpers import pdf
from tests.factories import commune
from tests.permission_matrix.base import (
    COMMUNE_93005,
    ROLES,
    STAFF,
    Rule,
    api_only,
    item,
    link,
    logged_in,
    only,
)
from tests.programme.factories import make_accompaniment, make_edition

REVIEWERS = ("metropole_admin", "instructor")


def _base(ctx):
    if getattr(ctx, "programme_base", None) is None:
        users = ctx.users
        edition = make_edition()
        ctx.programme_base = SimpleNamespace(
            edition=edition,
            own=Candidature.objects.create(
                edition=edition, commune=commune("93005"), created_by=users["commune_agent"]
            ),
            other=Candidature.objects.create(
                edition=edition,
                commune=commune("93048"),
                created_by=users["other_commune_agent"],
                state=Candidature.State.UNDER_REVIEW,
            ),
        )
    return ctx.programme_base


def _accompaniments(ctx):
    if getattr(ctx, "programme_acc", None) is None:
        users = ctx.users
        agent = users["commune_agent"]
        edition = _base(ctx).edition
        acc = make_accompaniment("93005", edition, experts=[users["partner_expert"]])
        acc_other = make_accompaniment("93048", edition)
        ctx.programme_acc = SimpleNamespace(
            acc=acc,
            acc_other=acc_other,
            member=TeamMember.objects.get(accompaniment=acc),
            action=Action.objects.create(
                accompaniment=acc, title="Recruter un manager de commerce", created_by=agent
            ),
            meeting=Meeting.objects.create(
                accompaniment=acc,
                kind="copil",
                title="Comité de lancement",
                held_at=timezone.now(),
                created_by=agent,
            ),
            recommendation=Recommendation.objects.create(
                accompaniment=acc, title="Adopter une charte des devantures", author=agent
            ),
            expertise=ExpertiseRequest.objects.create(
                accompaniment=acc,
                domain="commercial",
                subject="Programmation des cellules vacantes",
                question="Quelle programmation pour les cellules de la place du marché ?",
                partner=Organisation.objects.get(name="CCI Paris Île-de-France"),
                due_on=timezone.localdate() + datetime.timedelta(days=20),
                requested_by=agent,
            ),
            # Objects of the other commune, that a leaking list would show.
            action_other=Action.objects.create(
                accompaniment=acc_other, title="Étudier la vacance commerciale", created_by=agent
            ),
            expertise_other=ExpertiseRequest.objects.create(
                accompaniment=acc_other,
                domain="commercial",
                subject="Marché forain",
                question="Faut-il déplacer le marché forain ?",
                partner=Organisation.objects.get_or_create(
                    name="Chambre de métiers (matrice)", kind=OrganisationKind.PARTENAIRE
                )[0],
                due_on=timezone.localdate() + datetime.timedelta(days=20),
                requested_by=users["other_commune_agent"],
            ),
            milestone=Milestone.objects.create(
                accompaniment=acc, phase="diagnostic", title="Lancement"
            ),
            deliverable=deliverable_upload(
                accompaniment=acc,
                uploaded_file=pdf(),
                title="Diagnostic",
                phase="diagnostic",
                actor=agent,
            ),
        )
    return ctx.programme_acc


def _toolbox(ctx):
    if getattr(ctx, "programme_toolbox", None) is None:
        published = Resource.objects.create(
            title="Guide du manager de commerce",
            category="guide",
            author="Métropole du Grand Paris",
            summary="Missions et recrutement.",
            state="published",
        )
        ctx.programme_toolbox = SimpleNamespace(
            published=published,
            draft=Resource.objects.create(
                title="Brouillon", category="advice", author="Métropole", summary="À relire."
            ),
            attachment=attachment_add(
                resource=published,
                uploaded_file=pdf("fiche.pdf"),
                title="Fiche",
                actor=ctx.users["metropole_admin"],
            ),
        )
    return ctx.programme_toolbox


def _notification(ctx):
    if getattr(ctx, "programme_notification", None) is None:
        ctx.programme_notification = notify(
            ctx.users["commune_agent"],
            kind="conversation",
            text="Nouveau message de la Métropole",
            url="/programme/",
            key="matrix:notification",
        )
    return ctx.programme_notification


class objects:  # noqa: N801 - reads like a function: objects(ctx).acc
    """Objects are built lazily, by group, only for the rules that need them."""

    def __init__(self, ctx):
        self.ctx = ctx

    def __getattr__(self, name):
        for builder in (_base, _accompaniments, _toolbox):
            names = {
                _base: ("edition", "own", "other"),
                _accompaniments: (
                    "acc",
                    "acc_other",
                    "member",
                    "action",
                    "action_other",
                    "expertise_other",
                    "meeting",
                    "recommendation",
                    "expertise",
                    "milestone",
                    "deliverable",
                ),
                _toolbox: ("published", "draft", "attachment"),
            }[builder]
            if name in names:
                return getattr(builder(self.ctx), name)
        raise AttributeError(name)


def pk(name):
    return lambda ctx: {"pk": getattr(objects(ctx), name).pk}


def edition(ctx):
    return {"number": objects(ctx).edition.number}


# Who sees the accompaniment of 93005: staff, the commune, its territory, the expert on it.
SEES_OWN = only((*STAFF, *COMMUNE_93005, "territory_agent", "partner_expert"), denied=404)
# Who works in it (contributors): staff, the commune, the expert; the territory only reads.
CONTRIBUTES = only((*STAFF, *COMMUNE_93005, "partner_expert"), 302, denied=404, territory_agent=403)
CONTRIBUTES_GET = only((*STAFF, *COMMUNE_93005, "partner_expert"), denied=404, territory_agent=403)
# Steering reserved to advisors (staff and partner experts of the team).
ADVISES = only(
    (*STAFF, "partner_expert"),
    302,
    denied=404,
    **dict.fromkeys((*COMMUNE_93005, "territory_agent"), 403),
)
STAFF_ONLY_ON_OWN = only(
    STAFF,
    302,
    denied=404,
    **dict.fromkeys((*COMMUNE_93005, "territory_agent", "partner_expert"), 403),
)
ADMIN = only(("metropole_admin",))
ADMIN_POST = only(("metropole_admin",), 302)
EDITOR = only(REVIEWERS)
EDITOR_POST = only(REVIEWERS, 302)

RULES = [
    Rule("programme:editions", logged_in()),
    Rule("programme:edition", logged_in(), kwargs=edition),
    Rule(
        "programme:edition_transition",
        only(("metropole_admin",), 302),
        kwargs=edition,
        method="post",
    ),
    Rule("programme:edition_create", ADMIN),
    Rule("programme:edition_edit", ADMIN, kwargs=edition),
    Rule("programme:question_add", ADMIN_POST, kwargs=edition, method="post"),
    Rule(
        "programme:question_delete",
        ADMIN_POST,
        kwargs=lambda ctx: {**edition(ctx), "pk": objects(ctx).edition.call.questions.get().pk},
        method="post",
    ),
    Rule("programme:criterion_add", ADMIN_POST, kwargs=edition, method="post"),
    Rule(
        "programme:criterion_delete",
        ADMIN_POST,
        kwargs=lambda ctx: {**edition(ctx), "pk": objects(ctx).edition.criteria.first().pk},
        method="post",
    ),
    Rule(
        "programme:candidature_start",
        only((*COMMUNE_93005, "territory_agent"), 302, denied=404),
        kwargs=lambda ctx: {**edition(ctx), "code": "93005"},
        label="own commune (draft exists)",
    ),
    Rule("programme:ranking", only(STAFF), kwargs=edition),
    Rule(
        "programme:candidature",
        only((*STAFF, *COMMUNE_93005, "territory_agent"), denied=404),
        kwargs=pk("own"),
        label="own commune",
    ),
    Rule(
        "programme:candidature",
        only((*STAFF, "other_commune_agent"), denied=404),
        kwargs=pk("other"),
        label="another commune",
    ),
    Rule(
        "programme:candidature_edit",
        only((*COMMUNE_93005, "territory_agent"), denied=404, **dict.fromkeys(STAFF, 403)),
        kwargs=pk("own"),
    ),
    Rule(
        "programme:candidature_submit",
        only((*COMMUNE_93005, "territory_agent"), 302, denied=404, **dict.fromkeys(STAFF, 403)),
        kwargs=pk("own"),
        method="post",
    ),
    Rule(
        "programme:candidature_withdraw",
        only(
            COMMUNE_93005,
            302,
            denied=404,
            territory_agent=403,
            **dict.fromkeys(STAFF, 403),
        ),
        kwargs=pk("own"),
        method="post",
    ),
    Rule(
        "programme:candidature_instruct",
        only(REVIEWERS, 302),
        kwargs=pk("other"),
        method="post",
        data={"transition": "request_completion", "reason": "Délibération manquante"},
    ),
    Rule("programme:review", only(REVIEWERS), kwargs=pk("other")),
    Rule("programme:review_submit", only(REVIEWERS, 404), kwargs=pk("other"), method="post"),
    Rule("programme:review_reopen", only(REVIEWERS, 404), kwargs=pk("other"), method="post"),
    Rule("programme:decide", only(REVIEWERS, 302), kwargs=pk("other"), method="post"),
    Rule("programme:accompaniment", SEES_OWN, kwargs=pk("acc"), label="own commune"),
    Rule(
        "programme:accompaniment",
        only((*STAFF, "other_commune_agent"), denied=404),
        kwargs=pk("acc_other"),
        label="another commune (expert not on it)",
    ),
    Rule("programme:phase_advance", ADVISES, kwargs=pk("acc"), method="post"),
    Rule(
        "programme:plan_export",
        SEES_OWN,
        kwargs=lambda ctx: {"pk": objects(ctx).acc.pk, "fmt": "ods"},
        label="own commune",
    ),
    Rule(
        "programme:plan_export",
        only((*STAFF, "other_commune_agent"), denied=404),
        kwargs=lambda ctx: {"pk": objects(ctx).acc_other.pk, "fmt": "csv"},
        label="another commune",
    ),
    Rule(
        "programme:accompaniment_transition",
        STAFF_ONLY_ON_OWN,
        kwargs=pk("acc"),
        method="post",
        data={"transition": "suspend", "reason": "Élections municipales"},
    ),
    Rule("programme:team_add", STAFF_ONLY_ON_OWN, kwargs=pk("acc"), method="post"),
    Rule(
        "programme:team_remove",
        STAFF_ONLY_ON_OWN,
        kwargs=lambda ctx: {"pk": objects(ctx).acc.pk, "member_pk": objects(ctx).member.pk},
        method="post",
    ),
    Rule("programme:milestone_create", CONTRIBUTES, kwargs=pk("acc"), method="post"),
    Rule(
        "programme:milestone_toggle",
        CONTRIBUTES,
        kwargs=lambda ctx: {"pk": objects(ctx).acc.pk, "milestone_pk": objects(ctx).milestone.pk},
        method="post",
    ),
    Rule("programme:deliverable_create", CONTRIBUTES, kwargs=pk("acc"), method="post"),
    Rule(
        "programme:deliverable_version",
        CONTRIBUTES,
        kwargs=lambda ctx: {
            "pk": objects(ctx).acc.pk,
            "deliverable_pk": objects(ctx).deliverable.pk,
        },
        method="post",
    ),
    Rule(
        "programme:message_post",
        CONTRIBUTES,
        kwargs=pk("acc"),
        method="post",
        data={"body": "Bonjour"},
    ),
    Rule("programme:action_create", CONTRIBUTES_GET, kwargs=pk("acc")),
    Rule("programme:meeting_create", CONTRIBUTES_GET, kwargs=pk("acc")),
    Rule(
        "programme:recommendation_create",
        only(
            (*STAFF, "partner_expert"),
            denied=404,
            **dict.fromkeys((*COMMUNE_93005, "territory_agent"), 403),
        ),
        kwargs=pk("acc"),
    ),
    Rule("programme:expertise_create", CONTRIBUTES_GET, kwargs=pk("acc")),
    Rule("programme:action", SEES_OWN, kwargs=pk("action")),
    Rule(
        "programme:action_transition",
        CONTRIBUTES,
        kwargs=pk("action"),
        method="post",
        data={"transition": "start"},
    ),
    Rule("programme:meeting", SEES_OWN, kwargs=pk("meeting")),
    Rule(
        "programme:meeting_decision",
        CONTRIBUTES,
        kwargs=pk("meeting"),
        method="post",
        data={"text": "Lancer l’étude de programmation"},
    ),
    Rule(
        "programme:recommendation_transition",
        CONTRIBUTES,
        kwargs=pk("recommendation"),
        method="post",
        data={"transition": "start"},
    ),
    Rule("programme:expertise", SEES_OWN, kwargs=pk("expertise")),
    Rule(
        "programme:expertise_transition",
        only(
            (*STAFF, "partner_expert"),
            302,
            denied=404,
            **dict.fromkeys((*COMMUNE_93005, "territory_agent"), 403),
        ),
        kwargs=pk("expertise"),
        method="post",
        data={"transition": "accept"},
    ),
    Rule("programme:dashboard", only(STAFF)),
    Rule("programme:dashboard_export", only(STAFF), kwargs={"fmt": "xlsx"}),
    Rule("programme:reminder_preferences", logged_in()),
    Rule("programme:notifications_read", logged_in(302), method="post"),
    Rule("programme:notifications", logged_in()),
    # One person's notification: anyone else gets a 404.
    Rule(
        "programme:notification_read",
        only(("commune_agent",), 302, denied=404),
        kwargs=lambda ctx: {"pk": _notification(ctx).pk},
        method="post",
    ),
    Rule(
        "programme:notification_open",
        only(("commune_agent",), 302, denied=404),
        kwargs=lambda ctx: {"pk": _notification(ctx).pk},
    ),
    Rule("programme:resource_create", EDITOR),
    Rule("programme:resource", logged_in(), kwargs=pk("published"), label="published"),
    Rule("programme:resource", only(STAFF, denied=404), kwargs=pk("draft"), label="draft"),
    Rule("programme:resource_edit", EDITOR, kwargs=pk("draft")),
    Rule(
        "programme:resource_transition",
        EDITOR_POST,
        kwargs=pk("draft"),
        method="post",
        data={"transition": "publish"},
    ),
    Rule("programme:resource_reviewed", EDITOR_POST, kwargs=pk("draft"), method="post"),
    Rule("programme:attachment_add", EDITOR_POST, kwargs=pk("draft"), method="post"),
    Rule("programme:bookmark", logged_in(302), kwargs=pk("published"), method="post"),
    Rule("programme:attachment_download", logged_in(), kwargs=pk("attachment")),
    # API (token): scoped like the pages.
    Rule(
        "api:get_candidature",
        api_only((*STAFF, *COMMUNE_93005, "territory_agent"), denied=404),
        kwargs=lambda ctx: {"candidature_id": objects(ctx).own.pk},
        api=True,
        label="own commune",
    ),
    Rule(
        "api:get_candidature",
        api_only((*STAFF, "other_commune_agent"), denied=404),
        kwargs=lambda ctx: {"candidature_id": objects(ctx).other.pk},
        api=True,
        label="another commune",
    ),
    Rule(
        "api:get_accompaniment",
        api_only((*STAFF, *COMMUNE_93005, "territory_agent", "partner_expert"), denied=404),
        kwargs=lambda ctx: {"accompaniment_id": objects(ctx).acc.pk},
        api=True,
        label="own commune",
    ),
    Rule(
        "api:get_accompaniment",
        api_only((*STAFF, "other_commune_agent"), denied=404),
        kwargs=lambda ctx: {"accompaniment_id": objects(ctx).acc_other.pk},
        api=True,
        label="another commune",
    ),
]

# A bound form missing its required fields: bad input (400) once the guard let the role in.
INCOMPLETE = {"title": ""}
CONTRIBUTES_INCOMPLETE = {
    **CONTRIBUTES,
    **dict.fromkeys((*STAFF, *COMMUNE_93005, "partner_expert"), 400),
}

# Forms (POST). Those who may write get 400 for an incomplete form (the guard ran
# before validation); a refused role gets 403/404 and writes nothing (checked by the matrix).
RULES += [
    Rule(
        "programme:edition_create",
        only(("metropole_admin",), 400),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "programme:edition_edit",
        only(("metropole_admin",), 400),
        kwargs=edition,
        method="post",
        data=INCOMPLETE,
        state=lambda ctx: Edition.objects.filter(pk=objects(ctx).edition.pk).values().get(),
        label="incomplete form",
    ),
    Rule(
        "programme:candidature_start",
        only((*COMMUNE_93005, "territory_agent"), 302, denied=404),
        kwargs=lambda ctx: {**edition(ctx), "code": "93005"},
        method="post",
        data=INCOMPLETE,
        label="own commune (draft exists)",
    ),
    Rule(
        "programme:candidature_start",
        only(("other_commune_agent",), 302, denied=404),
        kwargs=lambda ctx: {**edition(ctx), "code": "93048"},
        method="post",
        data=INCOMPLETE,
        label="another commune",
    ),
    Rule(
        "programme:candidature_edit",
        only((*COMMUNE_93005, "territory_agent"), 302, denied=404, **dict.fromkeys(STAFF, 403)),
        kwargs=pk("own"),
        method="post",
        data={"motivation": "Revitaliser la place du marché"},
        state=lambda ctx: Candidature.objects.filter(pk=objects(ctx).own.pk).values().get(),
    ),
    Rule(
        "programme:review",
        only(REVIEWERS, 302),
        kwargs=pk("other"),
        method="post",
        data={"comment": "À compléter"},
        label="save a draft review",
    ),
    Rule(
        "programme:action",
        CONTRIBUTES_INCOMPLETE,
        kwargs=pk("action"),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
        state=lambda ctx: Action.objects.filter(pk=objects(ctx).action.pk).values().get(),
    ),
    Rule(
        "programme:meeting",
        CONTRIBUTES,
        kwargs=pk("meeting"),
        method="post",
        data={"minutes": "Compte rendu du comité"},
        state=lambda ctx: Meeting.objects.filter(pk=objects(ctx).meeting.pk).values().get(),
    ),
    Rule(
        "programme:action_create",
        CONTRIBUTES_INCOMPLETE,
        kwargs=pk("acc"),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "programme:meeting_create",
        CONTRIBUTES_INCOMPLETE,
        kwargs=pk("acc"),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "programme:recommendation_create",
        only(
            (*STAFF, "partner_expert"),
            400,
            denied=404,
            **dict.fromkeys((*COMMUNE_93005, "territory_agent"), 403),
        ),
        kwargs=pk("acc"),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "programme:expertise_create",
        CONTRIBUTES_INCOMPLETE,
        kwargs=pk("acc"),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "programme:reminder_preferences",
        logged_in(302),
        method="post",
        data={"overdue_action": "on"},
    ),
    Rule(
        "programme:resource_create",
        only(REVIEWERS, 400),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "programme:resource_edit",
        only(REVIEWERS, 400),
        kwargs=pk("draft"),
        method="post",
        data=INCOMPLETE,
        state=lambda ctx: Resource.objects.filter(pk=objects(ctx).draft.pk).values().get(),
        label="incomplete form",
    ),
]


# Lists: which of the objects above each role finds. The commune's people and its
# territory's agents see the commune's rows, a partner expert the accompaniment they are on
# and the requests asked of their organisation, staff everything; nobody sees more.
SEES_CANDIDATURES = {
    "own": (*STAFF, *COMMUNE_93005, "territory_agent"),
    "other": (*STAFF, "other_commune_agent"),
}
SEES_ACCOMPANIMENTS = {
    "acc": (*STAFF, *COMMUNE_93005, "territory_agent", "partner_expert"),
    "acc_other": (*STAFF, "other_commune_agent"),
}
SEES_ACTIONS = {
    "action": SEES_ACCOMPANIMENTS["acc"],
    "action_other": SEES_ACCOMPANIMENTS["acc_other"],
}
SEES_EXPERTISE = {
    "expertise": SEES_ACCOMPANIMENTS["acc"],
    "expertise_other": SEES_ACCOMPANIMENTS["acc_other"],
}


def links(url_name, *names):
    """{name: link to the object's page} for `shows`."""
    return lambda ctx: {n: link(url_name, pk=getattr(objects(ctx), n).pk) for n in names}


def ids(*names):
    return lambda ctx: {n: item("id", getattr(objects(ctx), n).pk) for n in names}


def _home(ctx):
    return {
        **links("programme:candidature", "own", "other")(ctx),
        **links("programme:accompaniment", "acc", "acc_other")(ctx),
    }


LOGGED_IN = [role for role in ROLES if role != "anonymous"]
API_LIST = api_only(("anonymous",), 401, denied=200)

RULES += [
    Rule(
        "programme:home",
        logged_in(),
        shows=_home,
        sees={**SEES_CANDIDATURES, **SEES_ACCOMPANIMENTS},
        label="scoped list",
    ),
    Rule(
        "programme:candidatures",
        logged_in(),
        shows=links("programme:candidature", "own", "other"),
        sees=SEES_CANDIDATURES,
        label="scoped list",
    ),
    Rule(
        "programme:accompaniments",
        logged_in(),
        shows=links("programme:accompaniment", "acc", "acc_other"),
        sees=SEES_ACCOMPANIMENTS,
        label="scoped list",
    ),
    Rule(
        "programme:expertise_list",
        logged_in(),
        shows=links("programme:expertise", "expertise", "expertise_other"),
        sees=SEES_EXPERTISE,
        label="scoped list",
    ),
    Rule(
        "programme:toolbox",
        logged_in(),
        shows=links("programme:resource", "published", "draft"),
        sees={"published": LOGGED_IN, "draft": STAFF},
        label="scoped list",
    ),
    Rule(
        "api:list_candidatures",
        API_LIST,
        api=True,
        shows=ids("own", "other"),
        sees=SEES_CANDIDATURES,
        label="scoped list",
    ),
    Rule(
        "api:list_accompaniments",
        API_LIST,
        api=True,
        shows=ids("acc", "acc_other"),
        sees=SEES_ACCOMPANIMENTS,
        label="scoped list",
    ),
    Rule(
        "api:list_actions",
        API_LIST,
        api=True,
        shows=ids("action", "action_other"),
        sees=SEES_ACTIONS,
        label="scoped list",
    ),
    Rule(
        "api:list_expertise_requests",
        API_LIST,
        api=True,
        shows=ids("expertise", "expertise_other"),
        sees=SEES_EXPERTISE,
        label="scoped list",
    ),
]
