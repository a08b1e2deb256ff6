"""The foncière's chain: a commune's safeguard records are read and written by the foncière,
the Métropole's staff and the commune's own people (another commune's: 404); an
opportunity's analysis is read like the opportunity, prepared and decided by the foncière,
and its opinion given by the commune's people (the workflow's guard)."""

import datetime as dt
from decimal import Decimal

from cvv.fonciere.models import (
    Acquisition,
    LettingApplication,
    OpportunityAnalysis,
    PortfolioTarget,
)
from tests.permission_matrix.base import COMMUNE_93005, STAFF, Rule, link, only, row

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
    for code in ("93005", "93048"):
        opportunity = getattr(ctx, f"opportunity_{code}")
        acquisition = Acquisition.objects.create(
            opportunity=opportunity,
            premises=opportunity.premises,
            commune=opportunity.commune,
            deed_on=dt.date(2024, 5, 2),
            price=Decimal("120000"),
        )
        setattr(ctx, f"acquisition_{code}", acquisition)
    ctx.application_93005 = LettingApplication.objects.create(
        acquisition=ctx.acquisition_93005,
        commune=ctx.acquisition_93005.commune,
        candidate_name="Candidat",
        activity="Librairie",
        proposed_rent=Decimal("9000"),
        received_on=dt.date(2024, 6, 1),
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


SEES_93005 = (*MANAGERS, *COMMUNE_93005)
SEES_93048 = (*MANAGERS, "other_commune_agent")


def acquisition(ctx):
    return {"pk": ctx.acquisition_93005.pk}


def acquisition_state(ctx):
    return (
        ctx.acquisition_93005.works.count(),
        ctx.acquisition_93005.sales.count(),
        ctx.acquisition_93005.insurance_policies.count(),
        ctx.acquisition_93005.property_taxes.count(),
        list(LettingApplication.objects.values_list("state", "commune_opinion")),
    )


RULES += [
    Rule(
        "fonciere:portfolio",
        only(READERS),
        shows=lambda ctx: {
            "aulnay": link("fonciere:acquisition", pk=ctx.acquisition_93005.pk),
            "montreuil": link("fonciere:acquisition", pk=ctx.acquisition_93048.pk),
        },
        sees={"aulnay": SEES_93005, "montreuil": SEES_93048},
        label="scoped list",
    ),
    Rule(
        "fonciere:portfolio",
        only(READERS),
        query="?format=csv",
        shows=lambda ctx: {
            "aulnay": row("N° d’acquisition", str(ctx.acquisition_93005.pk)),
            "montreuil": row("N° d’acquisition", str(ctx.acquisition_93048.pk)),
        },
        sees={"aulnay": SEES_93005, "montreuil": SEES_93048},
        label="scoped export",
    ),
    Rule("fonciere:portfolio_targets", only(MANAGERS)),
    Rule(
        "fonciere:portfolio_targets",
        only(MANAGERS, 400),
        method="post",
        data={},
        state=lambda ctx: PortfolioTarget.objects.count(),
        label="incomplete form",
    ),
    Rule(
        "fonciere:portfolio_targets",
        only(MANAGERS, 302),
        method="post",
        data={
            "objectifs-premises": "120",
            "objectifs-invested": "45 000 000",
            "objectifs-start": "2026-01-01",
            "objectifs-years": "5",
        },
        state=lambda ctx: PortfolioTarget.objects.count(),
        label="new targets",
    ),
    Rule("fonciere:acquisition", OWN, kwargs=acquisition),
    Rule(
        "fonciere:acquisition",
        only(MANAGERS, 400, other_commune_agent=404),
        kwargs=acquisition,
        method="post",
        data={},
        state=acquisition_state,
        label="empty form",
    ),
    Rule(
        "fonciere:acquisition",
        only(MANAGERS, 302, other_commune_agent=404),
        kwargs=acquisition,
        method="post",
        data={"action": "works", "works-title": "Vitrine", "works-budget": "12000"},
        state=acquisition_state,
        label="works",
    ),
    Rule(
        "fonciere:acquisition",
        only(MANAGERS, 302, other_commune_agent=404),
        kwargs=acquisition,
        method="post",
        data={
            "action": "insurance",
            "insurance-insurer": "Mutuelle",
            "insurance-policy_number": "P-1",
            "insurance-cover": "Propriétaire non occupant",
            "insurance-premium": "450",
            "insurance-starts_on": "2024-05-02",
        },
        state=acquisition_state,
        label="insurance policy",
    ),
    Rule(
        "fonciere:acquisition",
        only(MANAGERS, 302, other_commune_agent=404),
        kwargs=acquisition,
        method="post",
        data={"action": "tax", "tax-year": "2024", "tax-amount": "1100"},
        state=acquisition_state,
        label="taxe foncière",
    ),
]

RULES += [
    Rule(
        "fonciere:acquisition",
        only(COMMUNE_93005, 302, other_commune_agent=404, **dict.fromkeys(MANAGERS, 403)),
        kwargs=acquisition,
        method="post",
        data=lambda ctx: {
            "action": "letting_opinion",
            "opinion-application": ctx.application_93005.pk,
            "opinion-opinion": "favorable",
        },
        state=acquisition_state,
        label="commune's opinion on a candidate",
    ),
]
