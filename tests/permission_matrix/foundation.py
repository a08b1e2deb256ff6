from cvv.territories.models import Centralite
from tests.permission_matrix.base import (
    COMMUNE_93005,
    PUBLIC,
    ROLES,
    STAFF,
    Rule,
    anchor,
    expect,
    item,
    logged_in,
    only,
)


def setup(ctx):
    ctx.centralite_93005 = Centralite.objects.filter(commune__code="93005").first()
    ctx.centralite_93048 = Centralite.objects.filter(commune__code="93048").first()


OWN_EDIT = only(
    (*STAFF, *COMMUNE_93005),
    other_commune_agent=404,
    territory_agent=404,
    partner_expert=404,
    fonciere_officer=404,
    economic_actor=404,
)
OTHER_EDIT = only(
    STAFF,
    commune_agent=404,
    commerce_manager=404,
    other_commune_agent=200,
    territory_agent=404,
    partner_expert=404,
    fonciere_officer=404,
    economic_actor=404,
)

RULES = [
    Rule("public:landing", PUBLIC),
    Rule("public:sources", PUBLIC),
    Rule("public:accessibility", PUBLIC),
    Rule("accounts:login", expect(302, anonymous=200)),
    Rule("accounts:logout", expect(302), method="post"),
    Rule("accounts:password_reset", PUBLIC),
    Rule("accounts:password_reset_done", PUBLIC),
    Rule(
        "accounts:password_reset_confirm", PUBLIC, kwargs={"uidb64": "MQ", "token": "invalid-token"}
    ),
    Rule("accounts:password_reset_complete", PUBLIC),
    # ProConnect is off in the test settings: its routes answer 404 to everyone
    # (tests/test_proconnect.py covers them switched on).
    Rule("accounts:proconnect_login", expect(404)),
    Rule("accounts:proconnect_callback", expect(404)),
    Rule("accounts:proconnect_logout_done", expect(302)),
    Rule("accounts:profile", logged_in()),
    Rule("accounts:role_form", logged_in(302), method="post", data={"role_form": "feminine"}),
    Rule("accounts:token_create", logged_in(302), method="post", data={"label": "test"}),
    Rule("accounts:token_revoke", logged_in(404), method="post", kwargs={"pk": 999999}),
    Rule("dashboard:home", logged_in()),
    Rule("territories:communes", PUBLIC),
    Rule("territories:territoire", PUBLIC, kwargs={"code": "T7"}),
    Rule("territories:commune", PUBLIC, kwargs={"code": "93005"}),
    # Private management of a commune's town-centre perimeters.
    Rule("territories:centralite_create", OWN_EDIT, kwargs={"code": "93005"}, label="own commune"),
    Rule(
        "territories:centralite_create",
        OTHER_EDIT,
        kwargs={"code": "93048"},
        label="another commune",
    ),
    Rule(
        "territories:centralite_upload",
        OWN_EDIT,
        kwargs=lambda ctx: {"code": "93005", "pk": ctx.centralite_93005.pk},
        label="own commune",
    ),
    Rule(
        "territories:centralite_upload",
        OTHER_EDIT,
        kwargs=lambda ctx: {"code": "93048", "pk": ctx.centralite_93048.pk},
        label="another commune",
    ),
    Rule(
        "territories:centralite_upload",
        expect(404, anonymous=302),
        kwargs=lambda ctx: {"code": "93005", "pk": ctx.centralite_93048.pk},
        label="perimeter of another commune through own URL",
    ),
    Rule("organisations:list", logged_in()),
    Rule(
        "organisations:detail",
        logged_in(),
        kwargs=lambda ctx: {"pk": ctx.users["commune_agent"].memberships.first().organisation_id},
    ),
    Rule(
        "organisations:invite",
        only(("metropole_admin",)),
        kwargs=lambda ctx: {"pk": ctx.users["commune_agent"].memberships.first().organisation_id},
    ),
    Rule("audit:list", only(STAFF)),
    Rule(
        "audit:object",
        only(STAFF, status=200),
        kwargs=lambda ctx: {"content_type_id": 1, "object_id": "1"},
    ),
    Rule(
        "audit:person", only(STAFF), kwargs=lambda ctx: {"user_id": ctx.users["commune_agent"].pk}
    ),
    Rule("admin:index", expect(302)),  # Django admin: is_staff accounts only (own login)
    Rule("api:api-root", expect(404), api=True),  # no index at /api/v1/: see /api/v1/docs
    Rule("api:openapi-json", PUBLIC, api=True),
    Rule("api:openapi-view", PUBLIC, api=True),
    Rule("api:get_commune", PUBLIC, api=True, kwargs={"code": "93005"}),
]

RULES += [
    Rule("territories:commune_fragility", only(STAFF), kwargs={"code": "93005"}),
    Rule(
        "territories:commune_fragility",
        only(STAFF, status=302),
        method="post",
        kwargs={"code": "93048"},
        data={"fragile": "on", "reason": "Quartier prioritaire"},
        label="mark",
    ),
]

# A bound form missing its required fields: bad input (400) once the guard let the role in.
INCOMPLETE = {"title": ""}

# Forms (POST) of the accounts, organisations and territories.
RULES += [
    Rule(
        "accounts:login",
        expect(302, anonymous=200),
        method="post",
        data={"username": "inconnu@test.cvv", "password": "mauvais"},
        label="wrong password",
    ),
    Rule("accounts:password_reset", expect(302), method="post", data={"email": "x@test.cvv"}),
    Rule(
        "accounts:password_reset_confirm",
        PUBLIC,
        kwargs={"uidb64": "MQ", "token": "invalid-token"},
        method="post",
        data={"new_password1": "Tr0ub4dour&3xyz", "new_password2": "Tr0ub4dour&3xyz"},
        label="invalid link",
    ),
    Rule(
        "organisations:invite",
        only(("metropole_admin",), 400),
        kwargs=lambda ctx: {"pk": ctx.users["commune_agent"].memberships.first().organisation_id},
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "territories:centralite_create",
        {**OWN_EDIT, **dict.fromkeys((*STAFF, *COMMUNE_93005), 400)},
        kwargs={"code": "93005"},
        method="post",
        data=INCOMPLETE,
        label="own commune, incomplete form",
    ),
    Rule(
        "territories:centralite_create",
        {**OTHER_EDIT, **dict.fromkeys((*STAFF, "other_commune_agent"), 400)},
        kwargs={"code": "93048"},
        method="post",
        data=INCOMPLETE,
        label="another commune, incomplete form",
    ),
    Rule(
        "territories:centralite_upload",
        {**OWN_EDIT, **dict.fromkeys((*STAFF, *COMMUNE_93005), 400)},
        kwargs=lambda ctx: {"code": "93005", "pk": ctx.centralite_93005.pk},
        method="post",
        data=INCOMPLETE,
        state=lambda ctx: Centralite.objects.filter(pk=ctx.centralite_93005.pk).values().get(),
        label="own commune, incomplete form",
    ),
    Rule(
        "territories:centralite_upload",
        {**OTHER_EDIT, **dict.fromkeys((*STAFF, "other_commune_agent"), 400)},
        kwargs=lambda ctx: {"code": "93048", "pk": ctx.centralite_93048.pk},
        method="post",
        data=INCOMPLETE,
        state=lambda ctx: Centralite.objects.filter(pk=ctx.centralite_93048.pk).values().get(),
        label="another commune, incomplete form",
    ),
    Rule(
        "territories:centralite_upload",
        expect(404, anonymous=302),
        kwargs=lambda ctx: {"code": "93005", "pk": ctx.centralite_93048.pk},
        method="post",
        data=INCOMPLETE,
        state=lambda ctx: Centralite.objects.filter(pk=ctx.centralite_93048.pk).values().get(),
        label="perimeter of another commune through own URL",
    ),
]


def centralite_headings(ctx):
    return {
        "aulnay": anchor(f"centralite-{ctx.centralite_93005.pk}"),
        "montreuil": anchor(f"centralite-{ctx.centralite_93048.pk}"),
    }


# A commune's perimeters page lists that commune's centralités only; public lists show all.
RULES += [
    Rule(
        "territories:centralites",
        only((*STAFF, *COMMUNE_93005, "territory_agent"), denied=404),
        kwargs={"code": "93005"},
        shows=centralite_headings,
        sees={"aulnay": (*STAFF, *COMMUNE_93005, "territory_agent"), "montreuil": ()},
        label="own commune, scoped list",
    ),
    Rule(
        "territories:centralites",
        only((*STAFF, "other_commune_agent"), denied=404),
        kwargs={"code": "93048"},
        shows=centralite_headings,
        sees={"aulnay": (), "montreuil": (*STAFF, "other_commune_agent")},
        label="another commune, scoped list",
    ),
    Rule(
        "api:list_communes",
        PUBLIC,
        api=True,
        shows=lambda ctx: {"aulnay": item("code", "93005"), "montreuil": item("code", "93048")},
        sees={"aulnay": ROLES, "montreuil": ROLES},
        label="public list",
    ),
    Rule(
        "api:list_territoires",
        PUBLIC,
        api=True,
        shows=lambda ctx: {"t7": item("code", "T7"), "t8": item("code", "T8")},
        sees={"t7": ROLES, "t8": ROLES},
        label="public list",
    ),
]
