import datetime as dt

from cvv.observatory.models import Computation, DataImport, IndicatorRow, Premise, Survey
from cvv.territories.models import Centralite, Commune
from tests.permission_matrix.base import (
    COMMUNE_93005,
    PUBLIC,
    ROLES,
    STAFF,
    Rule,
    expect,
    item,
    link,
    only,
)

REFERENCE = dt.date(2025, 12, 31)
SURVEY_ROLES = (*STAFF, *COMMUNE_93005, "other_commune_agent")


def setup(ctx):
    computation = Computation.objects.create(reference_date=REFERENCE, synthetic=True)
    IndicatorRow.objects.create(
        computation=computation,
        reference_date=REFERENCE,
        level="commune",
        code="93005",
        nom="Aulnay-sous-Bois",
        values={"commerces_proximite": 3, "population": 87599},
    )
    ctx.observatory_import = DataImport.objects.create(kind="sirene", file_name="stock.parquet")
    ctx.survey_93005 = Survey.objects.create(
        commune=Commune.objects.get(code="93005"), date=REFERENCE
    )
    ctx.premise_93005 = Premise.objects.create(
        survey=ctx.survey_93005,
        code="93005",
        status="vacant",
        address="1 rue",
        observed_on=REFERENCE,
    )
    ctx.survey_93048 = Survey.objects.create(
        commune=Commune.objects.get(code="93048"), date=REFERENCE
    )
    ctx.premise_93048 = Premise.objects.create(
        survey=ctx.survey_93048,
        code="93048",
        status="vacant",
        address="1 rue",
        observed_on=REFERENCE,
    )
    ctx.obs_centralite_93005 = Centralite.objects.filter(commune__code="93005").first()
    ctx.obs_centralite_93048 = Centralite.objects.filter(commune__code="93048").first()


def survey_rule(own_status, *, other=404, denied=403):
    """Own commune's object (93005): staff and the 93005 commune roles; the other commune's
    agent gets 404; roles without survey access 403."""
    return only((*STAFF, *COMMUNE_93005), own_status, denied=denied, other_commune_agent=other)


def other_survey_rule(status):
    return only((*STAFF, "other_commune_agent"), status, commune_agent=404, commerce_manager=404)


OWN_EDIT = only(
    (*STAFF, *COMMUNE_93005),
    other_commune_agent=404,
    territory_agent=404,
    partner_expert=404,
    fonciere_officer=404,
    economic_actor=404,
)
OTHER_EDIT = only(
    (*STAFF, "other_commune_agent"),
    commune_agent=404,
    commerce_manager=404,
    territory_agent=404,
    partner_expert=404,
    fonciere_officer=404,
    economic_actor=404,
)
PREMISE = {"status": "occupe", "address": "2 rue de Paris", "code": "93005", "activity": ""}

RULES = [
    Rule("observatory:index", PUBLIC),
    Rule("observatory:table", PUBLIC, query="?niveau=commune&tri=-commerces_proximite"),
    Rule("observatory:commune", PUBLIC, kwargs={"code": "93005"}),
    Rule("observatory:methodology", PUBLIC),
    Rule("observatory:sources", PUBLIC),
    Rule("observatory:downloads", PUBLIC),
    Rule(
        "observatory:download",
        PUBLIC,
        query=f"?niveau=commune&date={REFERENCE}&format=csv",
        label="computed date",
    ),
    Rule(
        "observatory:download",
        expect(404),
        query="?niveau=commune&date=2001-01-01&format=csv",
        label="no indicators at that date",
    ),
    Rule("observatory:survey_template", PUBLIC, kwargs={"fmt": "xlsx"}),
    Rule("observatory:import_new", only(STAFF)),
    Rule(
        "observatory:import_detail",
        only(STAFF),
        kwargs=lambda ctx: {"pk": ctx.observatory_import.pk},
    ),
    Rule("observatory:compute", only(STAFF)),
    Rule("observatory:survey_new", only(SURVEY_ROLES)),
    # The survey pages' service worker: a static script, public (its registration cannot
    # follow a redirect to the login page).
    Rule("observatory:survey_service_worker", PUBLIC),
    Rule(
        "observatory:survey_detail",
        survey_rule(200),
        kwargs=lambda ctx: {"pk": ctx.survey_93005.pk},
        label="own commune",
    ),
    Rule(
        "observatory:survey_detail",
        other_survey_rule(200),
        kwargs=lambda ctx: {"pk": ctx.survey_93048.pk},
        label="another commune",
    ),
    Rule(
        "observatory:premise_add",
        survey_rule(302),
        method="post",
        data=PREMISE,
        kwargs=lambda ctx: {"pk": ctx.survey_93005.pk},
        label="own commune",
    ),
    Rule(
        "observatory:premise_add",
        other_survey_rule(400),  # the 93005 code does not belong to Montreuil's form
        method="post",
        data=PREMISE,
        kwargs=lambda ctx: {"pk": ctx.survey_93048.pk},
        label="another commune",
    ),
    Rule(
        "observatory:premise_delete",
        survey_rule(302),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.survey_93005.pk, "premise_pk": ctx.premise_93005.pk},
        label="own commune",
    ),
    Rule(
        "observatory:premise_delete",
        expect(
            404,
            anonymous=302,
            **dict.fromkeys(
                ["territory_agent", "partner_expert", "fonciere_officer", "economic_actor"], 403
            ),
        ),  # fmt: skip
        method="post",
        kwargs=lambda ctx: {"pk": ctx.survey_93005.pk, "premise_pk": ctx.premise_93048.pk},
        label="premise of another survey through own URL",
    ),
    Rule(
        "observatory:survey_transition",
        survey_rule(302),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.survey_93005.pk, "name": "submit"},
        label="submit own",
    ),
    Rule(
        "observatory:survey_transition",
        other_survey_rule(302),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.survey_93048.pk, "name": "submit"},
        label="submit another commune's",
    ),
    Rule(
        "observatory:survey_transition",
        only(STAFF, 302),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.survey_93005.pk, "name": "validate"},
        label="validate: staff only",
    ),
    Rule(
        "observatory:perimeter_draw",
        OWN_EDIT,
        kwargs=lambda ctx: {"code": "93005", "pk": ctx.obs_centralite_93005.pk},
        label="own commune",
    ),
    Rule(
        "observatory:perimeter_draw",
        OTHER_EDIT,
        kwargs=lambda ctx: {"code": "93048", "pk": ctx.obs_centralite_93048.pk},
        label="another commune",
    ),
    Rule(
        "observatory:perimeter_draw",
        expect(404, anonymous=302),
        kwargs=lambda ctx: {"code": "93005", "pk": ctx.obs_centralite_93048.pk},
        label="perimeter of another commune through own URL",
    ),
    Rule("api:indicators", PUBLIC, api=True, query="?level=commune&code=93005"),
    Rule(
        "api:indicators",
        expect(404),
        api=True,
        query="?level=quartier",
        label="unknown level",
    ),
]

# A bound form missing its required fields: bad input (400) once the guard let the role in.
INCOMPLETE = {"title": ""}

# Forms (POST).
RULES += [
    Rule(
        "observatory:compute",
        only(STAFF, 302),
        method="post",
        data={"reference_date": ""},
        label="compute at the default date",
    ),
    Rule(
        "observatory:import_new",
        only(STAFF, 400),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "observatory:survey_new",
        only(SURVEY_ROLES, 400),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "observatory:perimeter_draw",
        {**OWN_EDIT, **dict.fromkeys((*STAFF, *COMMUNE_93005), 400)},
        method="post",
        data=INCOMPLETE,
        kwargs=lambda ctx: {"code": "93005", "pk": ctx.obs_centralite_93005.pk},
        state=lambda ctx: Centralite.objects.filter(pk=ctx.obs_centralite_93005.pk).values().get(),
        label="own commune, incomplete form",
    ),
    Rule(
        "observatory:perimeter_draw",
        {**OTHER_EDIT, **dict.fromkeys((*STAFF, "other_commune_agent"), 400)},
        method="post",
        data=INCOMPLETE,
        kwargs=lambda ctx: {"code": "93048", "pk": ctx.obs_centralite_93048.pk},
        state=lambda ctx: Centralite.objects.filter(pk=ctx.obs_centralite_93048.pk).values().get(),
        label="another commune, incomplete form",
    ),
    Rule(
        "observatory:perimeter_draw",
        expect(404, anonymous=302),
        method="post",
        data=INCOMPLETE,
        kwargs=lambda ctx: {"code": "93005", "pk": ctx.obs_centralite_93048.pk},
        state=lambda ctx: Centralite.objects.filter(pk=ctx.obs_centralite_93048.pk).values().get(),
        label="perimeter of another commune through own URL",
    ),
]


# Lists: a commune's people find their commune's surveys, staff every survey and import.
RULES += [
    Rule(
        "observatory:surveys",
        only(SURVEY_ROLES),
        shows=lambda ctx: {
            "aulnay": link("observatory:survey_detail", pk=ctx.survey_93005.pk),
            "montreuil": link("observatory:survey_detail", pk=ctx.survey_93048.pk),
        },
        sees={"aulnay": (*STAFF, *COMMUNE_93005), "montreuil": (*STAFF, "other_commune_agent")},
        label="scoped list",
    ),
    Rule(
        "observatory:imports",
        only(STAFF),
        shows=lambda ctx: {
            "import": link("observatory:import_detail", pk=ctx.observatory_import.pk)
        },
        sees={"import": STAFF},
        label="scoped list",
    ),
    Rule(
        "api:indicators",
        PUBLIC,
        api=True,
        query="?level=commune",
        shows=lambda ctx: {"aulnay": item("code", "93005")},
        sees={"aulnay": ROLES},
        label="public list",
    ),
]
