"""Matchmaking: the public page of available premises (anyone), offers managed by who
manages the premises in the register (staff all, a commune's people their commune's, the
foncière's officers the premises it follows), searches of economic actors (their own; the
Métropole's staff all), the activities a commune wants (its people and the staff)."""

import datetime as dt
from decimal import Decimal

from cvv.matchmaking.models import (
    ActorProfile,
    DismissedMatch,
    Introduction,
    IntroductionMessage,
    Offer,
    Search,
    WantedActivity,
)
from cvv.matchmaking.proposals import OfferProposal
from cvv.organisations.models import Organisation
from cvv.premises.models import Premises
from cvv.territories.models import Commune
from tests.permission_matrix.base import (
    COMMUNE_93005,
    PUBLIC,
    ROLES,
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

MANAGERS = (*STAFF, *COMMUNE_93005, "other_commune_agent", "fonciere_officer")
OWN = (*STAFF, *COMMUNE_93005)  # the 93005 offer: premises not followed by the foncière
FOLLOWED = (*STAFF, "other_commune_agent", "fonciere_officer")  # the 93048 one, followed
SEARCHERS = (*STAFF, "economic_actor")
PROPOSAL_POOL = (*STAFF, *COMMUNE_93005, "other_commune_agent", "economic_actor")


def setup(ctx):
    today = dt.date.today()
    aulnay = Premises.objects.create(
        commune=Commune.objects.get(code="93005"),
        address="3 rue du Marché",
        status="vacant",
        vacant_since=today - dt.timedelta(days=400),
        sales_area_m2=Decimal("60"),
    )
    montreuil = Premises.objects.create(
        commune=Commune.objects.get(code="93048"),
        address="4 rue de Paris",
        status="vacant",
        vacant_since=today - dt.timedelta(days=100),
        sales_area_m2=Decimal("80"),
        fonciere_followed=True,
    )
    ctx.offer_93005 = Offer.objects.create(
        premises=aulnay, deal_kind="location", monthly_rent=Decimal("1000"), state="publiee"
    )
    ctx.offer_93048 = Offer.objects.create(
        premises=montreuil, deal_kind="location", monthly_rent=Decimal("900"), state="brouillon"
    )
    actor = ctx.users["economic_actor"].memberships.get().organisation
    other = Organisation.objects.create(kind="enseigne", name="Autre enseigne")
    ctx.search_own = Search.objects.create(
        organisation=actor,
        title="Boulangerie",
        activity_category="alimentaire",
        deal_kinds=["location"],
        min_surface_m2=Decimal("40"),
        max_surface_m2=Decimal("90"),
    )
    ctx.search_other = Search.objects.create(
        organisation=other,
        title="Librairie",
        activity_category="culture_loisirs",
        deal_kinds=["location"],
        min_surface_m2=Decimal("40"),
        max_surface_m2=Decimal("90"),
    )

    ctx.introduction = Introduction.objects.create(
        offer=ctx.offer_93005, search=ctx.search_other, score=50
    )
    ctx.accepted = Introduction.objects.create(
        offer=ctx.offer_93048, search=ctx.search_own, score=40, state="acceptee"
    )

    ctx.proposal = OfferProposal.objects.create(
        organisation=actor,
        commune=Commune.objects.get(code="93005"),
        address="9 rue Haute",
        sales_area_m2=Decimal("50"),
        deal_kind="location",
        monthly_rent=Decimal("800"),
    )
    ctx.proposal_withdrawn = OfferProposal.objects.create(
        organisation=actor,
        commune=Commune.objects.get(code="93005"),
        address="11 rue Haute",
        sales_area_m2=Decimal("40"),
        deal_kind="location",
        monthly_rent=Decimal("700"),
        state="retiree",
    )
    ctx.proposal_withdrawn_other = OfferProposal.objects.create(
        organisation=other,
        commune=Commune.objects.get(code="93005"),
        address="13 rue Haute",
        sales_area_m2=Decimal("45"),
        deal_kind="location",
        monthly_rent=Decimal("750"),
        state="retiree",
    )
    ctx.profile_pending = ActorProfile.objects.create(organisation=actor, listed=True)
    ctx.profile_listed = ActorProfile.objects.create(
        organisation=other, listed=True, state="validee"
    )
    ctx.profile_unlisted = ActorProfile.objects.create(
        organisation=Organisation.objects.create(kind="association", name="Discrète"),
        listed=False,
        state="validee",
    )


def pk_of(name):
    return lambda ctx: {"pk": getattr(ctx, name).pk}


def scoped(seeing, pool, status=200):
    """`seeing` get `status`; the rest of `pool` 404 (out of scope); other roles 403."""
    return only(seeing, status, **{r: 404 for r in pool if r not in seeing})


def state_of(model, name):
    return lambda ctx: model.objects.filter(pk=getattr(ctx, name).pk).values().get()


def proposal_markers(ctx):
    return {
        "aulnay": anchor(f"proposition-{ctx.proposal.pk}"),
        "withdrawn": anchor(f"proposition-{ctx.proposal_withdrawn.pk}"),
        "withdrawn_other": anchor(f"proposition-{ctx.proposal_withdrawn_other.pk}"),
    }


def wanted_count(ctx):
    return WantedActivity.objects.count()


RULES = [
    Rule(
        "matchmaking:public",
        PUBLIC,
        shows=lambda ctx: {
            "published": link("matchmaking:public_offer", pk=ctx.offer_93005.pk),
            "draft": link("matchmaking:public_offer", pk=ctx.offer_93048.pk),
        },
        sees={"published": tuple(ROLES), "draft": ()},
        label="published offers only",
    ),
    Rule("matchmaking:public_offer", PUBLIC, kwargs=pk_of("offer_93005"), label="published"),
    Rule("matchmaking:public_offer", expect(404), kwargs=pk_of("offer_93048"), label="draft"),
    Rule(
        "matchmaking:public_offer",
        expect(400),
        method="post",
        data={"name": "", "email": "x", "message": ""},
        kwargs=pk_of("offer_93005"),
        label="incomplete contact form",
    ),
    Rule(
        "matchmaking:offers",
        only(MANAGERS),
        shows=lambda ctx: {
            "aulnay": link("matchmaking:offer", pk=ctx.offer_93005.pk),
            "montreuil": link("matchmaking:offer", pk=ctx.offer_93048.pk),
        },
        sees={"aulnay": OWN, "montreuil": FOLLOWED},
        label="scoped list",
    ),
    Rule("matchmaking:offer_create", only(MANAGERS)),
    Rule(
        "matchmaking:offer_create",
        only(MANAGERS, 400),
        method="post",
        data={"deal_kind": "location"},
        label="incomplete form",
    ),
    Rule("matchmaking:offer", scoped(OWN, MANAGERS), kwargs=pk_of("offer_93005"), label="93005"),
    Rule(
        "matchmaking:offer",
        scoped(FOLLOWED, MANAGERS),
        kwargs=pk_of("offer_93048"),
        label="93048 followed by the foncière",
    ),
    Rule(
        "matchmaking:offer_transition",
        scoped(FOLLOWED, MANAGERS, 302),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.offer_93048.pk, "action": "publier"},
        state=state_of(Offer, "offer_93048"),
        label="publish the 93048 draft",
    ),
    Rule(
        "matchmaking:searches",
        only(SEARCHERS),
        shows=lambda ctx: {
            "own": link("matchmaking:search", pk=ctx.search_own.pk),
            "other": link("matchmaking:search", pk=ctx.search_other.pk),
        },
        sees={"own": SEARCHERS, "other": STAFF},
        label="own searches",
    ),
    Rule("matchmaking:search_create", only(("economic_actor",), **dict.fromkeys(STAFF, 403))),
    Rule(
        "matchmaking:search_create",
        only(("economic_actor",), 400),
        method="post",
        data={"title": ""},
        label="incomplete form",
    ),
    Rule("matchmaking:search", only(SEARCHERS), kwargs=pk_of("search_own"), label="own"),
    Rule(
        "matchmaking:search",
        only(STAFF, economic_actor=404),
        kwargs=pk_of("search_other"),
        label="another actor's",
    ),
    Rule(
        "matchmaking:search_transition",
        only(SEARCHERS, 302),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.search_own.pk, "action": "clore"},
        state=state_of(Search, "search_own"),
        label="close own",
    ),
    Rule(
        "matchmaking:search_transition",
        only(STAFF, 302, economic_actor=404),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.search_other.pk, "action": "clore"},
        state=state_of(Search, "search_other"),
        label="close another actor's",
    ),
]

WANTED_POOL = (*STAFF, *COMMUNE_93005, "other_commune_agent")
RULES += [
    Rule(
        "matchmaking:wanted",
        scoped(OWN, WANTED_POOL),
        kwargs={"code": "93005"},
        label="own commune",
    ),
    Rule(
        "matchmaking:wanted",
        scoped(OWN, WANTED_POOL, 302),
        method="post",
        data={"categories": ["alimentaire"]},
        kwargs={"code": "93005"},
        state=wanted_count,
        label="own commune",
    ),
]

LOGGED_IN_404 = expect(404, anonymous=302)
RULES += [
    Rule(
        "matchmaking:introduction_request",
        only(("economic_actor",), 302),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.search_own.pk, "offer_pk": ctx.offer_93005.pk},
        state=lambda ctx: Introduction.objects.count(),
        label="own search, published offer",
    ),
    Rule(
        "matchmaking:introduction",
        {**LOGGED_IN_404, **dict.fromkeys(OWN, 200)},
        kwargs=pk_of("introduction"),
        label="another actor's search, the 93005 offer",
    ),
    Rule(
        "matchmaking:introduction_transition",
        {**LOGGED_IN_404, **dict.fromkeys(OWN, 302)},
        method="post",
        kwargs=lambda ctx: {"pk": ctx.introduction.pk, "action": "accepter"},
        state=state_of(Introduction, "introduction"),
        label="accept",
    ),
]

LOGGED_IN = tuple(r for r in ROLES if r != "anonymous")
RULES += [
    Rule(
        "matchmaking:directory",
        logged_in(),
        shows=lambda ctx: {
            "listed": anchor(f"fiche-{ctx.profile_listed.pk}"),
            "unlisted": anchor(f"fiche-{ctx.profile_unlisted.pk}"),
            "pending": anchor(f"a-valider-{ctx.profile_pending.pk}"),
        },
        sees={"listed": LOGGED_IN, "unlisted": (), "pending": STAFF},
        label="validated and listed profiles; pending ones for the staff",
    ),
    Rule("matchmaking:profile_edit", only(("economic_actor",))),
    Rule(
        "matchmaking:profile_edit",
        only(("economic_actor",), 400),
        method="post",
        data={"presentation": "x"},
        label="incomplete form",
    ),
    Rule(
        "matchmaking:profile_delete",
        only(("economic_actor",), 302),
        method="post",
        state=lambda ctx: ActorProfile.objects.count(),
    ),
    Rule("matchmaking:my_data", logged_in()),
    Rule("matchmaking:register", PUBLIC),
    Rule(
        "matchmaking:proposals",
        only((*STAFF, *COMMUNE_93005, "other_commune_agent", "economic_actor")),
        shows=proposal_markers,
        sees={
            "aulnay": (*STAFF, *COMMUNE_93005, "economic_actor"),
            "withdrawn": ("economic_actor",),
            "withdrawn_other": (),
        },
        label="own proposals; the commune's to moderate, not the withdrawn ones",
    ),
    Rule(
        "matchmaking:proposals",
        only((*STAFF, *COMMUNE_93005, "other_commune_agent", "economic_actor")),
        query="?etat=retirees",
        shows=proposal_markers,
        sees={
            "aulnay": (),
            "withdrawn": (*STAFF, "economic_actor"),
            "withdrawn_other": STAFF,
        },
        label="withdrawn ones: the Métropole's staff all, an author its own",
    ),
    Rule(
        "matchmaking:proposal",
        scoped((*STAFF, *COMMUNE_93005, "economic_actor"), PROPOSAL_POOL),
        kwargs=pk_of("proposal"),
    ),
    Rule(
        "matchmaking:proposal",
        scoped((*STAFF, "economic_actor"), PROPOSAL_POOL),
        kwargs=pk_of("proposal_withdrawn"),
        label="withdrawn: its author and the Métropole's staff",
    ),
    Rule(
        "matchmaking:proposal",
        scoped(STAFF, PROPOSAL_POOL),
        kwargs=pk_of("proposal_withdrawn_other"),
        label="another organisation's withdrawn: the Métropole's staff only",
    ),
    Rule(
        "matchmaking:proposal_transition",
        only(
            STAFF,
            302,
            commune_agent=404,
            commerce_manager=404,
            other_commune_agent=404,
            economic_actor=404,
        ),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.proposal_withdrawn_other.pk, "action": "publier"},
        state=state_of(OfferProposal, "proposal_withdrawn_other"),
        label="publish a withdrawn one: refused (staff told why, the others 404)",
    ),
    Rule("matchmaking:proposal_edit", only(("economic_actor",)), kwargs=pk_of("proposal")),
    Rule(
        "matchmaking:proposal_edit",
        only(("economic_actor",), 302),
        method="post",
        kwargs=pk_of("proposal"),
        data=lambda ctx: {
            "organisation": ctx.proposal.organisation_id,
            "commune": ctx.proposal.commune_id,
            "address": "10 rue Haute",
            "sales_area_m2": "55",
            "deal_kind": "location",
            "monthly_rent": "850",
        },
        state=state_of(OfferProposal, "proposal"),
        label="its author only",
    ),
    Rule(
        "matchmaking:proposal_transition",
        only(("economic_actor",), 302, other_commune_agent=404),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.proposal.pk, "action": "retirer"},
        data={"reason": "Loué"},
        state=state_of(OfferProposal, "proposal"),
        label="withdraw: its author only",
    ),
    Rule("matchmaking:proposal_create", only(("economic_actor",))),
    Rule(
        "matchmaking:proposal_create",
        only(("economic_actor",), 400),
        method="post",
        data={"address": ""},
        state=lambda ctx: OfferProposal.objects.count(),
        label="incomplete form",
    ),
    Rule(
        "matchmaking:proposal_transition",
        only(
            (*STAFF, *COMMUNE_93005),
            302,
            other_commune_agent=404,
            economic_actor=403,
        ),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.proposal.pk, "action": "publier"},
        state=state_of(OfferProposal, "proposal"),
        label="publish",
    ),
    Rule(
        "matchmaking:register",
        expect(400),
        method="post",
        data={"organisation_name": "", "email": "x"},
        state=lambda ctx: Organisation.objects.count(),
        label="incomplete registration",
    ),
    Rule("matchmaking:account_delete", only(("economic_actor",))),
    Rule(
        "matchmaking:account_delete",
        only(("economic_actor",), 302),
        method="post",
        state=lambda ctx: ActorProfile.objects.count(),
    ),
    Rule(
        "matchmaking:profile_transition",
        only(STAFF, 302),
        method="post",
        kwargs=lambda ctx: {"pk": ctx.profile_pending.pk, "action": "valider"},
        state=state_of(ActorProfile, "profile_pending"),
        label="validate",
    ),
]

RULES += [
    Rule(
        "api:matchmaking_offers",
        api_only(LOGGED_IN),
        api=True,
        shows=lambda ctx: {
            "published": item("id", ctx.offer_93005.pk),
            "draft": item("id", ctx.offer_93048.pk),
        },
        sees={"published": LOGGED_IN, "draft": ()},
        label="published offers",
    ),
    Rule(
        "api:matchmaking_matches",
        api_only(SEARCHERS, denied=404),
        api=True,
        query=lambda ctx: f"?search={ctx.search_own.pk}",
        shows=lambda ctx: {
            "published": item("offer", ctx.offer_93005.pk),
            "draft": item("offer", ctx.offer_93048.pk),
        },
        sees={"published": SEARCHERS, "draft": ()},
        label="own search",
    ),
    Rule(
        "api:matchmaking_matches",
        api_only(STAFF, denied=404),
        api=True,
        query=lambda ctx: f"?search={ctx.search_other.pk}",
        label="another actor's search",
    ),
]

PARTIES = (*FOLLOWED, "economic_actor")  # the accepted introduction: 93048 offer, own search
NOT_VISIBLE = expect(404, anonymous=302)


def message_count(ctx):
    return IntroductionMessage.objects.count()


def dismissal_count(ctx):
    return DismissedMatch.objects.count()


RULES += [
    Rule(
        "matchmaking:introductions",
        logged_in(),
        shows=lambda ctx: {
            "requested": link("matchmaking:introduction", pk=ctx.introduction.pk),
            "accepted": link("matchmaking:introduction", pk=ctx.accepted.pk),
        },
        sees={"requested": OWN, "accepted": PARTIES},
        label="introductions of one's scope, either side",
    ),
    Rule(
        "matchmaking:introduction",
        {**NOT_VISIBLE, **dict.fromkeys(PARTIES, 200)},
        kwargs=pk_of("accepted"),
        label="accepted, both sides",
    ),
    Rule(
        "matchmaking:introduction_transition",
        {**NOT_VISIBLE, **dict.fromkeys(PARTIES, 400)},
        method="post",
        data={},
        kwargs=lambda ctx: {"pk": ctx.accepted.pk, "action": "visite"},
        state=state_of(Introduction, "accepted"),
        label="a visit without its date",
    ),
    Rule(
        "matchmaking:introduction_transition",
        {**NOT_VISIBLE, **dict.fromkeys(PARTIES, 302)},
        method="post",
        kwargs=lambda ctx: {"pk": ctx.accepted.pk, "action": "candidature"},
        state=state_of(Introduction, "accepted"),
        label="application, either side",
    ),
    Rule(
        "matchmaking:introduction_message",
        {**NOT_VISIBLE, **dict.fromkeys(PARTIES, 302)},
        method="post",
        data={"body": "Bonjour, quand visiter ?"},
        kwargs=pk_of("accepted"),
        state=message_count,
        label="message between the parties",
    ),
    Rule(
        "matchmaking:introduction_message",
        {**NOT_VISIBLE, **dict.fromkeys(PARTIES, 400)},
        method="post",
        data={},
        kwargs=pk_of("accepted"),
        state=message_count,
        label="empty message",
    ),
    Rule(
        "matchmaking:search_dismiss",
        expect(404, anonymous=302, economic_actor=200),
        kwargs=lambda ctx: {"pk": ctx.search_own.pk, "offer_pk": ctx.offer_93005.pk},
        label="own search",
    ),
    Rule(
        "matchmaking:search_dismiss",
        expect(404, anonymous=302, economic_actor=302),
        method="post",
        data={"reason": "budget"},
        kwargs=lambda ctx: {"pk": ctx.search_own.pk, "offer_pk": ctx.offer_93005.pk},
        state=dismissal_count,
        label="own search, with a reason",
    ),
    Rule(
        "matchmaking:search_dismiss",
        expect(404, anonymous=302, economic_actor=400),
        method="post",
        data={},
        kwargs=lambda ctx: {"pk": ctx.search_own.pk, "offer_pk": ctx.offer_93005.pk},
        state=dismissal_count,
        label="no reason",
    ),
    Rule(
        "matchmaking:offer_dismiss",
        scoped(OWN, MANAGERS),
        kwargs=lambda ctx: {"pk": ctx.offer_93005.pk, "search_pk": ctx.search_own.pk},
        label="93005 offer",
    ),
    Rule(
        "matchmaking:offer_dismiss",
        scoped(OWN, MANAGERS, 302),
        method="post",
        data={"reason": "activite"},
        kwargs=lambda ctx: {"pk": ctx.offer_93005.pk, "search_pk": ctx.search_own.pk},
        state=dismissal_count,
        label="93005 offer, with a reason",
    ),
    Rule("matchmaking:dismissed", only(STAFF)),
    Rule("matchmaking:results", only(MANAGERS)),
]

RULES += [
    Rule(
        "api:matchmaking_searches",
        api_only(LOGGED_IN),
        api=True,
        shows=lambda ctx: {
            "own": item("id", ctx.search_own.pk),
            "other": item("id", ctx.search_other.pk),
        },
        sees={"own": SEARCHERS, "other": STAFF},
        label="searches of one's organisations",
    ),
    Rule(
        "api:matchmaking_matches",
        api_only(OWN, denied=404),
        api=True,
        query=lambda ctx: f"?offer={ctx.offer_93005.pk}",
        shows=lambda ctx: {
            "own": item("search", ctx.search_own.pk),
            "other": item("search", ctx.search_other.pk),
        },
        sees={"own": OWN, "other": OWN},
        label="offer of a managed premises",
    ),
    Rule(
        "api:matchmaking_introductions",
        api_only(LOGGED_IN),
        api=True,
        shows=lambda ctx: {
            "requested": item("id", ctx.introduction.pk),
            "accepted": item("id", ctx.accepted.pk),
        },
        sees={"requested": OWN, "accepted": PARTIES},
        label="either side",
    ),
]
