"""Permission matrix of the help requests to the Métropole: a commune's people see and write
theirs, its territory reads them, another commune gets a 404, the staff see and answer all;
partners, the foncière and economic actors have no help requests (403)."""

from cvv.programme.models import HelpMessage, HelpRequest
from tests.factories import commune
from tests.permission_matrix.base import COMMUNE_93005, STAFF, Rule, link, only

NO_COMMUNE = ("partner_expert", "fonciere_officer", "economic_actor")


def _requests(ctx):
    if getattr(ctx, "help_requests", None) is None:
        built = {}
        for name, code, role in (
            ("own", "93005", "commune_agent"),
            ("other", "93048", "other_commune_agent"),
        ):
            request = HelpRequest.objects.create(
                commune=commune(code),
                topic="other",
                subject=f"Besoin d’aide ({code})",
                created_by=ctx.users[role],
            )
            HelpMessage.objects.create(request=request, author=ctx.users[role], body="Bonjour")
            built[name] = request
        ctx.help_requests = built
    return ctx.help_requests


def pk(name):
    return lambda ctx: {"pk": _requests(ctx)[name].pk}


def _shows(ctx):
    return {n: link("programme:help_request", pk=r.pk) for n, r in _requests(ctx).items()}


def _ask(ctx):
    return {
        "commune": commune("93005").pk,
        "topic": "commercial",
        "subject": "Cellule vacante",
        "body": "Que faire d’un local vide depuis deux ans ?",
    }


# Who takes part in the 93005 request: the staff and the commune's people.
WRITES_OWN = only(
    (*STAFF, *COMMUNE_93005),
    302,
    denied=403,
    other_commune_agent=404,
)

RULES = [
    Rule(
        "programme:help_requests",
        only((*STAFF, *COMMUNE_93005, "other_commune_agent", "territory_agent")),
        shows=_shows,
        sees={
            "own": (*STAFF, *COMMUNE_93005, "territory_agent"),
            "other": (*STAFF, "other_commune_agent"),
        },
        label="scoped list",
    ),
    Rule(
        "programme:help_request_create",
        only((*COMMUNE_93005, "other_commune_agent")),
    ),
    Rule(
        "programme:help_request_create",
        # Another commune's agent cannot choose Aulnay-sous-Bois: the form refuses it.
        only(COMMUNE_93005, 302, other_commune_agent=400),
        method="post",
        data=_ask,
        state=lambda ctx: HelpRequest.objects.count(),
    ),
    Rule(
        "programme:help_request",
        only((*STAFF, *COMMUNE_93005, "territory_agent"), other_commune_agent=404),
        kwargs=pk("own"),
        label="own commune",
    ),
    Rule(
        "programme:help_request",
        only(
            (*STAFF, "other_commune_agent"),
            **dict.fromkeys((*COMMUNE_93005, "territory_agent"), 404),
        ),
        kwargs=pk("other"),
        label="another commune",
    ),
    Rule(
        "programme:help_message_post",
        WRITES_OWN,
        kwargs=pk("own"),
        method="post",
        data={"body": "Pouvez-vous nous rappeler ?"},
        state=lambda ctx: HelpMessage.objects.count(),
    ),
    Rule(
        "programme:help_request_transition",
        WRITES_OWN,
        kwargs=pk("own"),
        method="post",
        data={"transition": "close"},
        state=lambda ctx: HelpRequest.objects.get(pk=_requests(ctx)["own"].pk).state,
    ),
]
