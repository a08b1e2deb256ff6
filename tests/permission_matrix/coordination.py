"""Coordination with the other programmes: the catalogue and calendar are open to every
signed-in person; participations and referrals are scoped by commune, plus — for a
programme's officers (here the partner expert's organisation answers for programme P) — what
concerns their programme (never a draft referral)."""

import datetime as dt
from decimal import Decimal

from cvv.coordination.models import MetroProgramme, Participation, ProgrammeCall, Referral
from cvv.territories.models import Commune
from tests.permission_matrix.base import (
    COMMUNE_93005,
    ROLES,
    STAFF,
    Rule,
    anchor,
    api_only,
    cell,
    item,
    link,
    logged_in,
    only,
)

WRITERS = (*STAFF, *COMMUNE_93005, "other_commune_agent")
FOLLOWERS = (*WRITERS, "territory_agent", "partner_expert")


def setup(ctx):
    officer_org = ctx.users["partner_expert"].memberships.first().organisation
    ctx.coord_programme = MetroProgramme.objects.create(
        code="p",
        name="Programme P",
        purpose="Objet",
        who_may_apply="Communes",
        organisation=officer_org,
    )
    ctx.coord_inactive = MetroProgramme.objects.create(
        code="old",
        name="Programme clos",
        purpose="Objet",
        who_may_apply="Communes",
        is_active=False,
    )
    ctx.coord_call = ProgrammeCall.objects.create(
        programme=ctx.coord_programme,
        title="Appel 1",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2099, 1, 1),
    )
    aulnay, montreuil = Commune.objects.get(code="93005"), Commune.objects.get(code="93048")
    ctx.coord_part_93005 = Participation.objects.create(
        commune=aulnay,
        programme=ctx.coord_programme,
        project="Projet d’Aulnay",
        amount=Decimal("1000"),
    )
    ctx.coord_part_93048 = Participation.objects.create(
        commune=montreuil, programme=ctx.coord_programme, project="Projet de Montreuil"
    )
    ctx.coord_ref_93005 = Referral.objects.create(
        commune=aulnay,
        programme=ctx.coord_programme,
        project="Orientation d’Aulnay",
        summary="…",
        state="sent",
    )
    ctx.coord_ref_93048 = Referral.objects.create(
        commune=montreuil,
        programme=ctx.coord_programme,
        project="Orientation de Montreuil",
        summary="…",
        state="draft",
    )


def _pk(name):
    return lambda ctx: {"pk": getattr(ctx, name).pk}


def _programme(ctx):
    return {"programme_pk": ctx.coord_programme.pk}


def _call(ctx):
    return {"programme_pk": ctx.coord_programme.pk, "pk": ctx.coord_call.pk}


PART_SEES = {
    "aulnay": (*STAFF, *COMMUNE_93005, "territory_agent", "partner_expert"),
    "montreuil": (*STAFF, "other_commune_agent", "partner_expert"),
}


def participation_cells(ctx):
    return {"aulnay": cell("Projet d’Aulnay"), "montreuil": cell("Projet de Montreuil")}


def participation_items(ctx):
    return {
        "aulnay": item("id", ctx.coord_part_93005.pk),
        "montreuil": item("id", ctx.coord_part_93048.pk),
    }


def referral_links(ctx):
    return {
        "aulnay": link("coordination:referral", pk=ctx.coord_ref_93005.pk),
        "montreuil": link("coordination:referral", pk=ctx.coord_ref_93048.pk),
    }


def programme_items(ctx):
    return {"active": item("code", "p"), "inactive": item("code", "old")}


STAFF_ONLY = only(STAFF)
STAFF_FORM_POST = only(STAFF, 400)
ALL_SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")

RULES = [
    Rule("coordination:programmes", logged_in()),
    Rule("coordination:programme", logged_in(), kwargs=_pk("coord_programme")),
    Rule(
        "coordination:programme",
        only(STAFF, denied=404),
        kwargs=_pk("coord_inactive"),
        label="inactive programme",
    ),
    Rule("coordination:programme_new", STAFF_ONLY),
    Rule("coordination:programme_new", STAFF_FORM_POST, method="post", data={"name": ""}),
    Rule("coordination:programme_edit", STAFF_ONLY, kwargs=_pk("coord_programme")),
    Rule(
        "coordination:programme_edit",
        STAFF_FORM_POST,
        kwargs=_pk("coord_programme"),
        method="post",
        data={"name": ""},
        state=lambda ctx: MetroProgramme.objects.get(pk=ctx.coord_programme.pk).name,
    ),
    Rule("coordination:call_new", STAFF_ONLY, kwargs=_programme),
    Rule("coordination:call_new", STAFF_FORM_POST, kwargs=_programme, method="post", data={}),
    Rule("coordination:call_edit", STAFF_ONLY, kwargs=_call),
    Rule("coordination:call_edit", STAFF_FORM_POST, kwargs=_call, method="post", data={}),
    Rule(
        "coordination:call_delete",
        only(STAFF, 302),
        kwargs=_call,
        method="post",
        state=lambda ctx: ProgrammeCall.objects.filter(pk=ctx.coord_call.pk).exists(),
    ),
    Rule("coordination:calendar", logged_in()),
    Rule(
        "coordination:participations",
        only(FOLLOWERS),
        shows=participation_cells,
        sees=PART_SEES,
    ),
    Rule(
        "api:list_participations",
        api_only(ALL_SIGNED_IN),
        api=True,
        shows=participation_items,
        sees=PART_SEES,
    ),
    Rule(
        "api:list_programmes",
        api_only(ALL_SIGNED_IN),
        api=True,
        shows=programme_items,
        sees={"active": ALL_SIGNED_IN, "inactive": STAFF},
    ),
    Rule("coordination:participation_new", only(WRITERS)),
    Rule("coordination:participation_new", only(WRITERS, 400), method="post", data={}),
    Rule(
        "coordination:participation_edit",
        only((*STAFF, *COMMUNE_93005), other_commune_agent=404),
        kwargs=_pk("coord_part_93005"),
    ),
    Rule(
        "coordination:participation_edit",
        only((*STAFF, *COMMUNE_93005), 400, other_commune_agent=404),
        kwargs=_pk("coord_part_93005"),
        method="post",
        data={},
    ),
    Rule(
        "coordination:participation_delete",
        only((*STAFF, *COMMUNE_93005), 302, other_commune_agent=404),
        kwargs=_pk("coord_part_93005"),
        method="post",
        state=lambda ctx: Participation.objects.filter(pk=ctx.coord_part_93005.pk).exists(),
    ),
    Rule("coordination:participation_import", STAFF_ONLY),
    Rule("coordination:participation_import", STAFF_FORM_POST, method="post", data={}),
    Rule("coordination:participation_template", logged_in()),
    Rule(
        "coordination:referrals",
        only(FOLLOWERS),
        shows=referral_links,
        sees={
            "aulnay": (*STAFF, *COMMUNE_93005, "territory_agent", "partner_expert"),
            "montreuil": (*STAFF, "other_commune_agent"),
        },
    ),
    Rule(
        "coordination:referral",
        only((*STAFF, *COMMUNE_93005, "territory_agent", "partner_expert"), denied=404),
        kwargs=_pk("coord_ref_93005"),
    ),
    Rule(
        "coordination:referral",
        only((*STAFF, "other_commune_agent"), denied=404),
        kwargs=_pk("coord_ref_93048"),
        label="draft of another commune",
    ),
    Rule(
        "coordination:referral_new",
        only(WRITERS),
    ),
    Rule(
        "coordination:referral_new",
        only((*STAFF, *COMMUNE_93005), 400, other_commune_agent=404),
        method="post",
        query="?commune=93005",
        data={},
    ),
    Rule(
        "coordination:referral_transition",
        only(
            (*STAFF, "partner_expert"),
            302,
            denied=404,
            commune_agent=403,
            commerce_manager=403,
            territory_agent=403,
        ),
        kwargs=lambda ctx: {"pk": ctx.coord_ref_93005.pk, "name": "acknowledge"},
        method="post",
        state=lambda ctx: Referral.objects.get(pk=ctx.coord_ref_93005.pk).state,
    ),
]


def impact_fixture(ctx):
    """Two accompanied communes measurable between two computations (built lazily)."""
    from cvv.observatory.models import Computation, IndicatorRow
    from tests.programme.factories import make_accompaniment

    for date, shops in ((dt.date(2024, 12, 31), 100), (dt.date(2026, 6, 30), 110)):
        computation = Computation.objects.create(reference_date=date)
        for code in ("93005", "93048"):
            IndicatorRow.objects.create(
                computation=computation,
                reference_date=date,
                level="commune",
                code=code,
                nom=code,
                values={"commerces_proximite": shops, "indice_besoin": 0.5},
            )
    edition = None
    for code in ("93005", "93048"):
        edition = make_accompaniment(code, edition, started_on=dt.date(2025, 6, 1)).edition


def impact_items(ctx):
    impact_fixture(ctx)
    return {"aulnay": item("commune", "93005"), "montreuil": item("commune", "93048")}


def impact_sections(ctx):
    impact_fixture(ctx)
    return {"aulnay": anchor("impact-93005"), "montreuil": anchor("impact-93048")}


IMPACT_SEES = {
    "aulnay": (*STAFF, *COMMUNE_93005, "territory_agent"),
    "montreuil": (*STAFF, "other_commune_agent"),
}

# Measured impact: staff and the communes' and territories' people (their communes only).
RULES += [
    Rule(
        "impact:impact",
        only((*WRITERS, "territory_agent")),
        shows=impact_sections,
        sees=IMPACT_SEES,
    ),
    Rule(
        "api:list_impact",
        api_only(ALL_SIGNED_IN),
        api=True,
        shows=impact_items,
        sees=IMPACT_SEES,
    ),
]


# The commune's single view: staff, the commune's people and its territory's agents.
RULES += [
    Rule(
        "synthesis:commune",
        only((*STAFF, *COMMUNE_93005, "territory_agent"), denied=404),
        kwargs={"code": "93005"},
    ),
    Rule(
        "api:commune_summary",
        api_only((*STAFF, *COMMUNE_93005, "territory_agent"), denied=404),
        api=True,
        kwargs={"code": "93005"},
    ),
]

RULES += [Rule("synthesis:annual_report", only(STAFF))]


def project_items(ctx):
    """The FIMACS matrix's dossiers, decided, with perimeter rows before and after."""
    from cvv.funding.models import Dossier
    from cvv.observatory.models import Computation, IndicatorRow

    Dossier.objects.filter(pk__in=[ctx.fimacs_paying.pk, ctx.fimacs_other.pk]).update(
        state="paying", decided_on=dt.date(2025, 6, 1)
    )
    for date in (dt.date(2024, 12, 31), dt.date(2026, 6, 30)):
        computation = Computation.objects.create(reference_date=date)
        for code in ("93005", "93048"):
            IndicatorRow.objects.create(
                computation=computation,
                reference_date=date,
                level="centralite",
                code=f"c{code}",
                commune_code=code,
                nom=f"Centre {code}",
                values={"commerces_proximite": 10},
            )
    return {
        "aulnay": item("dossier", ctx.fimacs_paying.reference),
        "montreuil": item("dossier", ctx.fimacs_other.reference),
    }


RULES += [
    Rule(
        "api:list_project_changes",
        api_only(ALL_SIGNED_IN),
        api=True,
        shows=project_items,
        sees=IMPACT_SEES,
    )
]
