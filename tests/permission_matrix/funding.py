"""FIMACS: a commune sees only its dossiers (another commune's: 404), territory agents read
their communes' dossiers, partner experts only the opinions asked of their organisation,
finance officers validate payments, only administrators edit règlements and envelopes."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from cvv.funding.loader import load_default
from cvv.funding.models import (
    AgendaItem,
    CommitteeSession,
    Convention,
    Dossier,
    Envelope,
    Opinion,
    PaymentRequest,
    Reglement,
)
from cvv.letters.models import GeneratedLetter
from cvv.organisations.models import Organisation
from cvv.programme.models import Accompaniment, Edition
from cvv.territories.models import Commune
from tests.permission_matrix.base import (
    COMMUNE_93005,
    ROLES,
    STAFF,
    Rule,
    api_only,
    cell,
    expect,
    item,
    link,
    logged_in,
    only,
    row,
)

PUBLIC = expect(200)
CODES = ("93005", "93048")
OUT = {"partner_expert": 404, "fonciere_officer": 404, "economic_actor": 404}


def setup(ctx):
    """Objects of the FIMACS rules, created in a dozen queries (this runs for every rule)."""
    agent = ctx.users["commune_agent"]
    edition = Edition.objects.create(
        number=90,
        name="Édition matrice",
        year=2026,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        state=Edition.State.RUNNING,
    )
    reglement, _ = load_default()
    communes = {c.code: c for c in Commune.objects.only("pk", "code").filter(code__in=CODES)}
    Accompaniment.objects.bulk_create(
        Accompaniment(edition=edition, commune=communes[code]) for code in CODES
    )
    granted = {
        "granted_amount": Decimal("10000"),
        "granted_by_category": {"ETUDES": "10000"},
        "granted_rates": {"ETUDES": "0.50"},
    }
    ctx.fimacs_own, ctx.fimacs_other, ctx.fimacs_paying = Dossier.objects.bulk_create(
        Dossier(
            reference=f"MAT-{code}-{state}",
            edition=edition,
            commune=communes[code],
            reglement=reglement,
            state=state,
            title="Dossier de la matrice",
            created_by=agent,
            **(granted if state == "paying" else {}),
        )
        for code, state in (("93005", "draft"), ("93048", "draft"), ("93005", "paying"))
    )
    convention = Convention(dossier=ctx.fimacs_paying, number="CONV-MAT", generated_by=agent)
    convention.file.save("conv.odt", ContentFile(b"PK"), save=True)
    # Generated documents of the paying dossier: the convention's PDF and a decision letter.
    for kind in ("funding.convention", "funding.decision_letter"):
        letter = GeneratedLetter(
            kind=kind,
            content_type=ContentType.objects.get_for_model(Dossier),
            object_id=ctx.fimacs_paying.pk,
            generated_by=agent,
            pdf_status="ready",
        )
        letter.odt.save("lettre.odt", ContentFile(b"PK"), save=False)
        letter.pdf.save("lettre.pdf", ContentFile(b"%PDF-1.4"), save=False)
        letter.save()
    cci = Organisation.objects.get(name="CCI Paris Île-de-France")
    ctx.fimacs_partner_opinion, ctx.fimacs_technical_opinion = Opinion.objects.bulk_create(
        [
            Opinion(dossier=ctx.fimacs_own, kind="partner", organisation=cci, requested_by=agent),
            Opinion(dossier=ctx.fimacs_own, kind="technical", requested_by=agent),
        ]
    )
    ctx.fimacs_session = CommitteeSession.objects.create(
        edition=edition, title="Comité matrice", date=datetime.date(2026, 6, 1), created_by=agent
    )
    ctx.fimacs_item = AgendaItem.objects.create(
        session=ctx.fimacs_session, dossier=ctx.fimacs_own, proposed_amount=Decimal("1000")
    )
    # Decided items and a payment of both communes, that a leaking list would show.
    AgendaItem.objects.filter(pk=ctx.fimacs_item.pk).update(decision="granted")
    ctx.fimacs_item_other = AgendaItem.objects.create(
        session=ctx.fimacs_session,
        dossier=ctx.fimacs_other,
        proposed_amount=Decimal("1000"),
        decision="refused",
        position=2,
    )
    ctx.fimacs_payment_other = PaymentRequest.objects.create(
        dossier=ctx.fimacs_other,
        kind="interim",
        aid_due=Decimal("50"),
        payable=Decimal("50"),
        requested_by=ctx.users["other_commune_agent"],
    )
    ctx.fimacs_envelope = Envelope.objects.create(edition=edition, year=2026, amount=Decimal("1E6"))
    ctx.fimacs_payment = PaymentRequest.objects.create(
        dossier=ctx.fimacs_paying,
        kind="interim",
        aid_due=Decimal("100"),
        payable=Decimal("100"),
        requested_by=agent,
    )
    # A draft version (no parameters needed for the access rules of its pages).
    Reglement.objects.create(
        code="matrice-brouillon", title="Brouillon", effective_from=datetime.date(2027, 1, 1)
    )


def external_link(ctx):
    """A signed link to an external opinion on the commune's dossier (no account needed)."""
    from cvv.funding.models import ExternalOpinion
    from cvv.funding.services.external import token_for

    opinion = ExternalOpinion.objects.create(
        dossier=ctx.fimacs_own,
        email="avis@exemple.fr",
        question="Le local est-il adapté ?",
        expires_on=datetime.date(2099, 1, 1),
        requested_by=ctx.users["instructor"],
    )
    return {"token": token_for(opinion)}


def own(ctx):
    return {"pk": ctx.fimacs_own.pk}


def other(ctx):
    return {"pk": ctx.fimacs_other.pk}


def paying(ctx):
    return {"pk": ctx.fimacs_paying.pk}


# Reading a dossier: staff, its commune, its territory; others 404.
VIEW_OWN = only((*STAFF, *COMMUNE_93005, "territory_agent"), other_commune_agent=404, **OUT)
VIEW_OTHER = only(
    (*STAFF, "other_commune_agent"),
    commune_agent=404,
    commerce_manager=404,
    territory_agent=404,
    **OUT,
)
# The commune's own actions: staff and the territory see the dossier but may not act (403).
COMMUNE_ACT = only(COMMUNE_93005, status=302, other_commune_agent=404, **OUT)
COMMUNE_ACT_OTHER = only(
    ("other_commune_agent",),
    status=302,
    commune_agent=404,
    commerce_manager=404,
    territory_agent=404,
    **OUT,
)
INSTRUCT = only(("metropole_admin", "instructor"), status=302, other_commune_agent=404, **OUT)
STAFF_ONLY = only(STAFF)
INSTRUCTORS_POST = only(("metropole_admin", "instructor"), status=302)
ADMIN_POST = only(("metropole_admin",), status=302)

RULES = [
    Rule("fimacs:dossier_create", only((*COMMUNE_93005, "other_commune_agent"))),
    Rule("fimacs:dossier", VIEW_OWN, kwargs=own, label="own commune"),
    Rule("fimacs:dossier", VIEW_OTHER, kwargs=other, label="another commune"),
    Rule(
        "fimacs:dossier_edit",
        only(COMMUNE_93005, other_commune_agent=404, **OUT),
        kwargs=own,
        label="own commune",
    ),
    Rule(
        "fimacs:dossier_edit",
        only(
            ("other_commune_agent",),
            commune_agent=404,
            commerce_manager=404,
            territory_agent=404,
            **OUT,
        ),
        kwargs=other,
        label="another commune",
    ),
    Rule(
        "fimacs:dossier_preview",
        only(COMMUNE_93005, other_commune_agent=404, **OUT),
        kwargs=own,
        method="post",
    ),
    Rule("fimacs:dossier_attach", COMMUNE_ACT, kwargs=own, method="post", label="own commune"),
    Rule(
        "fimacs:dossier_attach",
        COMMUNE_ACT_OTHER,
        kwargs=other,
        method="post",
        label="another commune",
    ),
    Rule(
        "fimacs:dossier_detach",
        only(COMMUNE_93005, status=404, other_commune_agent=404, **OUT),
        kwargs=lambda ctx: {"pk": ctx.fimacs_own.pk, "attachment_pk": 999999},
        method="post",
    ),
    Rule(
        "fimacs:dossier_commune_action",
        COMMUNE_ACT,
        kwargs=lambda ctx: {"pk": ctx.fimacs_own.pk, "name": "submit"},
        method="post",
        label="own commune",
    ),
    Rule(
        "fimacs:dossier_commune_action",
        COMMUNE_ACT_OTHER,
        kwargs=lambda ctx: {"pk": ctx.fimacs_other.pk, "name": "submit"},
        method="post",
        label="another commune",
    ),
    Rule(
        "fimacs:dossier_instruct",
        INSTRUCT,
        kwargs=lambda ctx: {"pk": ctx.fimacs_own.pk, "name": "start_instruction"},
        method="post",
    ),
    Rule("fimacs:opinion_request", INSTRUCT, kwargs=own, method="post"),
    Rule("fimacs:annotation_add", INSTRUCT, kwargs=own, method="post"),
    Rule("fimacs:external_opinion_request", INSTRUCT, kwargs=own, method="post"),
    Rule("fimacs_external:opinion", PUBLIC, kwargs=external_link, label="signed link"),
    Rule(
        "fimacs_external:opinion",
        expect(404),
        kwargs=lambda ctx: {"token": "eyJvIjoxfQ:faux:signature"},
        label="forged link",
    ),
    Rule(
        "fimacs_external:opinion",
        expect(400),
        kwargs=external_link,
        method="post",
        data={"verdict": "favourable"},
        label="incomplete answer (nothing kept)",
    ),
    Rule(
        "fimacs:dossier_queue",
        INSTRUCT,
        kwargs=lambda ctx: {"pk": ctx.fimacs_paying.pk, "action": "suivre"},
        method="post",
        label="follow a dossier (work queues)",
    ),
    Rule(
        "fimacs:message_post",
        only((*STAFF, *COMMUNE_93005), status=302, other_commune_agent=404, **OUT),
        kwargs=own,
        method="post",
    ),
    Rule("fimacs:convention_generate", INSTRUCT, kwargs=paying, method="post"),
    Rule("fimacs:convention_sign", INSTRUCT, kwargs=paying, method="post"),
    Rule("fimacs:convention_download", VIEW_OWN, kwargs=paying),
    Rule("fimacs:convention_pdf", VIEW_OWN, kwargs=paying),
    Rule("fimacs:decision_letter_generate", INSTRUCT, kwargs=paying, method="post"),
    Rule("fimacs:decision_letter_odt", VIEW_OWN, kwargs=paying),
    Rule("fimacs:decision_letter_pdf", VIEW_OWN, kwargs=paying),
    Rule(
        "fimacs:payment_request",
        only(COMMUNE_93005, other_commune_agent=404, **OUT),
        kwargs=paying,
    ),
    Rule(
        "fimacs:payment_decide",
        only(("metropole_admin", "finance_officer"), status=302, other_commune_agent=404, **OUT),
        kwargs=lambda ctx: {"pk": ctx.fimacs_paying.pk, "payment_pk": ctx.fimacs_payment.pk},
        method="post",
    ),
    Rule(
        "fimacs:opinion",
        only(("metropole_admin", "instructor", "partner_expert"), fonciere_officer=404),
        kwargs=lambda ctx: {"pk": ctx.fimacs_partner_opinion.pk},
        label="opinion asked of the CCI",
    ),
    Rule(
        "fimacs:opinion",
        only(("metropole_admin", "instructor"), partner_expert=404, fonciere_officer=404),
        kwargs=lambda ctx: {"pk": ctx.fimacs_technical_opinion.pk},
        label="technical opinion",
    ),
    Rule("fimacs:session", STAFF_ONLY, kwargs=lambda ctx: {"pk": ctx.fimacs_session.pk}),
    Rule(
        "fimacs:session_agenda",
        INSTRUCTORS_POST,
        kwargs=lambda ctx: {"pk": ctx.fimacs_session.pk},
        method="post",
    ),
    Rule(
        "fimacs:session_decide",
        INSTRUCTORS_POST,
        kwargs=lambda ctx: {"pk": ctx.fimacs_session.pk, "item_pk": ctx.fimacs_item.pk},
        method="post",
    ),
    Rule(
        "fimacs:session_close",
        INSTRUCTORS_POST,
        kwargs=lambda ctx: {"pk": ctx.fimacs_session.pk},
        method="post",
    ),
    Rule("fimacs:session_minutes", STAFF_ONLY, kwargs=lambda ctx: {"pk": ctx.fimacs_session.pk}),
    Rule(
        "fimacs:session_decisions",
        STAFF_ONLY,
        kwargs=lambda ctx: {"pk": ctx.fimacs_session.pk},
        query="?format=csv",
    ),
    Rule("fimacs:reglements", logged_in()),
    Rule("fimacs:reglement", logged_in(), kwargs={"code": "defaut-2026"}),
    Rule(
        "fimacs:reglement_derive",
        ADMIN_POST,
        kwargs={"code": "defaut-2026"},
        method="post",
    ),
    Rule(
        "fimacs:reglement_edit",
        only(("metropole_admin",)),
        kwargs={"code": "matrice-brouillon"},
    ),
    Rule(
        "fimacs:reglement_adopt",
        ADMIN_POST,
        kwargs={"code": "matrice-brouillon"},
        method="post",
    ),
    Rule("fimacs:rebalancing", PUBLIC),
    Rule("fimacs:simulation", STAFF_ONLY),
    # API (Bearer tokens): lists are scoped (an empty list outside the scope).
    Rule(
        "api:fimacs_dossier",
        api_only((*STAFF, *COMMUNE_93005, "territory_agent"), denied=404),
        kwargs=lambda ctx: {"dossier_id": ctx.fimacs_own.pk},
        api=True,
        label="own commune",
    ),
    Rule(
        "api:fimacs_dossier",
        api_only((*STAFF, "other_commune_agent"), denied=404),
        kwargs=lambda ctx: {"dossier_id": ctx.fimacs_other.pk},
        api=True,
        label="another commune",
    ),
    # Public computation: an empty body is bad input for everyone (400 naming the problem).
    Rule("api:fimacs_compute", expect(400), api=True, method="post"),
]

# A bound form missing its required fields: bad input (400) once the guard let the role in.
INCOMPLETE = {"title": ""}

# Forms (POST).
RULES += [
    Rule(
        "fimacs:budget",
        only(("metropole_admin",), 302),
        method="post",
        data={"year": "2026", "amount": "1000000"},
        label="set an envelope",
    ),
    Rule(
        "fimacs:dossier_create",
        only((*COMMUNE_93005, "other_commune_agent"), 400),
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "fimacs:dossier_edit",
        only(COMMUNE_93005, 400, other_commune_agent=404, **OUT),
        kwargs=own,
        method="post",
        data=INCOMPLETE,
        state=lambda ctx: Dossier.objects.filter(pk=ctx.fimacs_own.pk).values().get(),
        label="own commune, incomplete form",
    ),
    Rule(
        "fimacs:dossier_edit",
        only(
            ("other_commune_agent",),
            400,
            commune_agent=404,
            commerce_manager=404,
            territory_agent=404,
            **OUT,
        ),
        kwargs=other,
        method="post",
        data=INCOMPLETE,
        state=lambda ctx: Dossier.objects.filter(pk=ctx.fimacs_other.pk).values().get(),
        label="another commune, incomplete form",
    ),
    Rule(
        "fimacs:opinion",
        # The dossier is still a draft: the service refuses the opinion and the page says so
        # (200); the guard is what this rule checks.
        only(("metropole_admin", "instructor", "partner_expert"), 200, fonciere_officer=404),
        kwargs=lambda ctx: {"pk": ctx.fimacs_partner_opinion.pk},
        method="post",
        data={"verdict": "favourable", "text": "Projet cohérent avec le tissu commercial."},
        state=lambda ctx: Opinion.objects.filter(pk=ctx.fimacs_partner_opinion.pk).values().get(),
        label="opinion asked of the CCI",
    ),
    Rule(
        "fimacs:opinion",
        only(("metropole_admin", "instructor"), 200, partner_expert=404, fonciere_officer=404),
        kwargs=lambda ctx: {"pk": ctx.fimacs_technical_opinion.pk},
        method="post",
        data={"verdict": "favourable", "text": "Dépenses éligibles."},
        state=lambda ctx: Opinion.objects.filter(pk=ctx.fimacs_technical_opinion.pk).values().get(),
        label="technical opinion",
    ),
    Rule(
        "fimacs:payment_request",
        only(COMMUNE_93005, 400, other_commune_agent=404, **OUT),
        kwargs=paying,
        method="post",
        data=INCOMPLETE,
        label="incomplete form",
    ),
    Rule(
        "fimacs:reglement_edit",
        only(("metropole_admin",), 302),
        kwargs={"code": "matrice-brouillon"},
        method="post",
        data={"title": "Brouillon révisé"},
        state=lambda ctx: Reglement.objects.filter(code="matrice-brouillon").values().get(),
        label="retitle the draft",
    ),
    Rule(
        "fimacs:sessions",
        only(("metropole_admin", "instructor"), 302),
        method="post",
        data={"title": "Comité de juillet", "date": "2026-07-01"},
        label="schedule a session",
    ),
]


# Lists: a commune's people and its territory's agents find the commune's dossiers, staff
# every dossier; a partner expert finds only the opinion asked of their organisation.
SEES_DOSSIERS = {
    "own": (*STAFF, *COMMUNE_93005, "territory_agent"),
    "paying": (*STAFF, *COMMUNE_93005, "territory_agent"),
    "other": (*STAFF, "other_commune_agent"),
}
LOGGED_IN = [role for role in ROLES if role != "anonymous"]


def dossier_links(ctx):
    return {
        "own": link("fimacs:dossier", pk=ctx.fimacs_own.pk),
        "paying": link("fimacs:dossier", pk=ctx.fimacs_paying.pk),
        "other": link("fimacs:dossier", pk=ctx.fimacs_other.pk),
    }


def dossier_ids(key):
    def shows(ctx):
        return {
            "own": item(key, ctx.fimacs_own.pk),
            "paying": item(key, ctx.fimacs_paying.pk),
            "other": item(key, ctx.fimacs_other.pk),
        }

    return shows


def dossier_references(ctx):
    return {
        "own": row("Référence", ctx.fimacs_own.reference),
        "paying": row("Référence", ctx.fimacs_paying.reference),
        "other": row("Référence", ctx.fimacs_other.reference),
    }


RULES += [
    Rule(
        "fimacs:dossiers",
        only((*STAFF, *COMMUNE_93005, "other_commune_agent", "territory_agent")),
        shows=dossier_links,
        sees=SEES_DOSSIERS,
        label="scoped list",
    ),
    Rule(
        "fimacs:dossiers",
        only((*STAFF, *COMMUNE_93005, "other_commune_agent", "territory_agent")),
        query="?format=csv",
        shows=dossier_references,
        sees=SEES_DOSSIERS,
        label="scoped list, CSV export",
    ),
    Rule(
        "fimacs:dossiers",
        only((*STAFF, *COMMUNE_93005, "other_commune_agent", "territory_agent")),
        query="?file=tous",
        shows=dossier_links,
        sees=SEES_DOSSIERS,
        label="instructors' queue « tous » (others: their scoped list)",
    ),
    Rule(
        "api:fimacs_dossiers",
        api_only(LOGGED_IN),
        api=True,
        shows=dossier_ids("id"),
        sees=SEES_DOSSIERS,
        label="scoped list",
    ),
    Rule(
        "api:fimacs_decisions",
        api_only(LOGGED_IN),
        api=True,
        shows=lambda ctx: {
            "own": item("dossier", ctx.fimacs_own.pk),
            "other": item("dossier", ctx.fimacs_other.pk),
        },
        sees={"own": SEES_DOSSIERS["own"], "other": SEES_DOSSIERS["other"]},
        label="scoped list",
    ),
    Rule(
        "api:fimacs_payments",
        api_only(LOGGED_IN),
        api=True,
        shows=lambda ctx: {
            "own": item("id", ctx.fimacs_payment.pk),
            "other": item("id", ctx.fimacs_payment_other.pk),
        },
        sees={"own": SEES_DOSSIERS["paying"], "other": SEES_DOSSIERS["other"]},
        label="scoped list",
    ),
    Rule(
        "fimacs:payments",
        only(("metropole_admin", "finance_officer")),
        shows=lambda ctx: {
            "own": link("fimacs:dossier", pk=ctx.fimacs_paying.pk),
            "other": link("fimacs:dossier", pk=ctx.fimacs_other.pk),
        },
        sees={"own": STAFF, "other": STAFF},
        label="scoped list",
    ),
    Rule(
        "fimacs:opinions",
        only(("partner_expert", "fonciere_officer")),
        shows=lambda ctx: {
            "partner": link("fimacs:opinion", pk=ctx.fimacs_partner_opinion.pk),
            "technical": link("fimacs:opinion", pk=ctx.fimacs_technical_opinion.pk),
        },
        sees={"partner": ("partner_expert",), "technical": ()},
        label="scoped list",
    ),
    Rule(
        "fimacs:sessions",
        STAFF_ONLY,
        shows=lambda ctx: {"session": link("fimacs:session", pk=ctx.fimacs_session.pk)},
        sees={"session": STAFF},
        label="scoped list",
    ),
    Rule(
        "fimacs:budget",
        STAFF_ONLY,
        shows=lambda ctx: {"envelope": cell(ctx.fimacs_envelope.edition.name)},
        sees={"envelope": STAFF},
        label="scoped list",
    ),
    Rule(
        "api:fimacs_budget",
        api_only(STAFF),
        api=True,
        shows=lambda ctx: {"envelope": item("edition", ctx.fimacs_envelope.edition.number)},
        sees={"envelope": STAFF},
        label="scoped list",
    ),
]
