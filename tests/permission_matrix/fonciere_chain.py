"""The foncière's chain: a commune's safeguard records are read and written by the foncière,
the Métropole's staff and the commune's own people (another commune's: 404); an
opportunity's analysis is read like the opportunity, prepared and decided by the foncière,
and its opinion given by the commune's people (the workflow's guard)."""

from decimal import Decimal

from cvv.fonciere.models import OpportunityAnalysis
from tests.permission_matrix.base import COMMUNE_93005, STAFF, Rule, only

MANAGERS = (*STAFF, "fonciere_officer")
READERS = (*MANAGERS, *COMMUNE_93005, "other_commune_agent")
OWN = only(READERS, other_commune_agent=404)


def setup(ctx):
    ctx.analysis_93005 = OpportunityAnalysis.objects.create(
        opportunity=ctx.opportunity_93005,
        commune=ctx.opportunity_93005.commune,
        price=Decimal("150000"),
        target_rent=Decimal("9000"),
        state="avis_commune",
    )


def analysis_state(ctx):
    return OpportunityAnalysis.objects.filter(pk=ctx.analysis_93005.pk).values().get()


RULES = [
    Rule("fonciere:safeguard", OWN, kwargs={"code": "93005"}),
    Rule(
        "fonciere:safeguard",
        only(READERS, 400, other_commune_agent=404),
        kwargs={"code": "93005"},
        method="post",
        data={},
        label="empty form",
    ),
    Rule("fonciere:analysis", OWN, kwargs=lambda ctx: {"pk": ctx.opportunity_93005.pk}),
    Rule(
        "fonciere:analysis",
        only(READERS, 400, other_commune_agent=404),
        kwargs=lambda ctx: {"pk": ctx.opportunity_93005.pk},
        method="post",
        data={},
        state=analysis_state,
        label="empty form",
    ),
    Rule(
        "fonciere:analysis",
        only(COMMUNE_93005, 302, other_commune_agent=404, **dict.fromkeys(MANAGERS, 403)),
        kwargs=lambda ctx: {"pk": ctx.opportunity_93005.pk},
        method="post",
        data={"action": "give_opinion", "opinion-opinion": "favorable"},
        state=analysis_state,
        label="commune's opinion",
    ),
]
