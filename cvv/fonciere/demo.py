"""Demo data of the foncière ("données de démonstration", synthetic, seeded), built through
the services: sixty premises followed by the foncière in twelve communes (vacant, let or
in works), fifteen opportunities with live deadlines (some near, one passed and lapsed by
the daily rule, the others received, suspended, in study, pre-empted or renounced), the
acquisitions of forty-five premises and twenty leases of each kind — commercial leases
since 2019, then on other premises a derogatory lease, a precarious occupation and a shop
trial in succession — indexed on the bundled ILC, with their rent calls, payments and
some arrears."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from cvv.fonciere import services
from cvv.fonciere.enums import LeaseKind
from cvv.fonciere.models import Opportunity
from cvv.fonciere.workflows import LEASE_WORKFLOW, OPPORTUNITY_WORKFLOW
from cvv.premises import services as premises_services
from cvv.premises.vacancy import add_months
from cvv.territories.models import Commune
from cvv.users.models import User

ORDER = 50
COMMUNES = ["93005", "93048", "93066", "92012", "92025", "94028", "94068", "93008",
            "93010", "93064", "94002", "92049"]  # fmt: skip
PER_COMMUNE = 5  # 60 premises (and the two of demo_collection)
STREETS = ["rue de la République", "avenue Jean-Jaurès", "place du Marché", "rue de Paris",
           "rue Gambetta", "boulevard Victor-Hugo"]  # fmt: skip
TRADES = ["Boulangerie", "Librairie", "Fromagerie", "Cordonnerie", "Fleuriste", "Épicerie"]
SOURCES = ["dia_commerce", "dia_dpu", "amiable", "demande_commune", "releve"]
# Days since each live opportunity was received: the declarations (sources 0 and 1) have a
# two-month deadline; only the seventh (70 days, a DPU declaration) has passed, two are
# within a few days.
RECEIVED_DAYS_AGO = [3, 10, 25, 40, 52, 57, 70, 15, 30, 45, 58, 8, 20, 35, 50]
LEASES_PER_KIND = 20
D = dt.date


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _last_computable(start, reference_year):
    """The day before the first anniversary whose ILC quarter is not bundled (after 2024)."""
    return add_months(start, 12 * (2024 - reference_year + 1)) - dt.timedelta(days=1)


def _collect(officer, lease, until, unpaid=0):
    """Rent calls up to `until`, all paid three days after their term but the `unpaid` last."""
    calls = services.rent_calls_generate(actor=officer, lease=lease, until=until)
    for call in calls[: len(calls) - unpaid]:
        services.payment_record(
            actor=officer, rent_call=call, paid_on=call.due_on + dt.timedelta(days=3),
            amount=call.total,
        )  # fmt: skip
    return len(calls)


def _acquire(officer, place, received_on, price):
    opportunity = services.opportunity_create(
        actor=officer, premises=place, source="amiable", received_on=received_on,
        price=price, synthetic=True,
    )  # fmt: skip
    services.opportunity_decide(
        actor=officer, opportunity=opportunity, preempt=True,
        on=received_on + dt.timedelta(days=20),
    )  # fmt: skip
    deed = received_on + dt.timedelta(days=90)
    services.acquisition_record(
        actor=officer, opportunity=opportunity, deed_on=deed,
        price=price - Decimal("5000"), costs=(price * Decimal("0.075")).quantize(Decimal("1")),
    )  # fmt: skip
    return deed


def _lease(officer, place, kind, trade, start, rent, end=None, quarter=None):
    lease = services.lease_create(
        actor=officer, premises=place, kind=kind, tenant_name=f"{trade} (démonstration)",
        start=start, end=end, rent=rent,
        reference_quarter=quarter or f"{start.year}-T1",
        charges_provision=Decimal("150"), deposit=(rent / 4).quantize(Decimal("1")),
        synthetic=True,
    )  # fmt: skip
    services.lease_sign(actor=officer, lease=lease)
    return lease


def _end(officer, lease, reason):
    LEASE_WORKFLOW.apply(lease, "end", actor=officer, reason=f"{reason} (démonstration)")


@transaction.atomic
def load(*, stdout=None):
    if Opportunity.objects.filter(synthetic=True).exists():
        _say(stdout, "Foncière : données de démonstration déjà présentes.")
        return
    officer = User.objects.filter(email="fonciere@cvv.demo").first()
    if officer is None:
        _say(stdout, "Foncière : pas de compte de démonstration de la foncière, rien à charger.")
        return
    rng = random.Random(50)
    today = dt.date.today()
    premises = []
    communes = {c.code: c for c in Commune.objects.filter(code__in=COMMUNES)}
    for n in range(PER_COMMUNE):
        for index, code in enumerate(COMMUNES):
            # The live opportunities' premises: a few still occupied by a seller's business.
            occupied = len(premises) < 15 and len(premises) % 4 == 3
            # The premises the foncière later acquired are known since before 2018.
            since = (
                today - dt.timedelta(days=rng.randint(30, 1200))
                if len(premises) < 15
                else D(2017, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
            )
            premises.append(
                premises_services.premises_create(
                    actor=officer,
                    commune=communes[code],
                    address=f"{rng.randint(1, 180)} {STREETS[(index + n) % len(STREETS)]}",
                    status="occupe" if occupied else "vacant",
                    on=since,
                    sales_area_m2=Decimal(rng.randint(35, 180)),
                    frontage_m=Decimal(rng.randint(4, 14)),
                    # Placed within ~150 m of the town hall (for the portfolio's map).
                    lon=round(communes[code].mairie_lon + rng.uniform(-0.002, 0.002), 6),
                    lat=round(communes[code].mairie_lat + rng.uniform(-0.0013, 0.0013), 6),
                    synthetic=True,
                )  # fmt: skip
            )
    live = _live_opportunities(officer, premises[:15], rng, today)
    lapsed = services.lapse_overdue(today=today)
    calls = 0
    # Commercial leases (3-6-9) since 2019, indexed every anniversary; some arrears.
    for i, place in enumerate(premises[15:35]):
        deed = _acquire(officer, place, D(2019 + i % 3, 2, 1) - dt.timedelta(days=120),
                        Decimal(rng.randrange(150_000, 320_000, 5_000)))  # fmt: skip
        start = add_months(deed, 3).replace(day=1)
        lease = _lease(officer, place, LeaseKind.COMMERCIAL, TRADES[i % len(TRADES)], start,
                       Decimal(rng.randrange(9_600, 30_000, 600)),
                       quarter=f"{start.year}-T1")  # fmt: skip
        until = min(_last_computable(start, start.year), D(2024, 12, 31))
        calls += _collect(officer, lease, until, unpaid=i % 3)
    # On twenty other premises: a derogatory lease (2 years), a precarious occupation during
    # the works, then a shop trial ("boutique à l'essai") still running.
    for j, place in enumerate(premises[35:55]):
        _acquire(officer, place, D(2018, 3, 1) + dt.timedelta(days=7 * j), Decimal("180000"))
        trade = TRADES[(j + 2) % len(TRADES)]
        start = D(2019, 7 + j % 6, 1)
        derogatory = _lease(officer, place, LeaseKind.DEROGATORY, trade, start,
                            Decimal(rng.randrange(8_400, 18_000, 600)), quarter="2019-T1",
                            end=add_months(start, 24) - dt.timedelta(days=1))  # fmt: skip
        calls += _collect(officer, derogatory, derogatory.end, unpaid=1 if j % 7 == 0 else 0)
        _end(officer, derogatory, "Terme du bail dérogatoire, départ du preneur")
        start = derogatory.end + dt.timedelta(days=1)
        precarious = _lease(officer, place, LeaseKind.PRECARIOUS, "Boutique éphémère", start,
                            Decimal("6000"),
                            end=add_months(start, 12) - dt.timedelta(days=1))  # fmt: skip
        calls += _collect(officer, precarious, precarious.end)
        _end(officer, precarious, "Fin de l’occupation précaire pour travaux")
        premises_services.premises_set_status(
            actor=officer, premises=place, status="vacant",
            on=precarious.end + dt.timedelta(days=1), source="fonciere",
            note="Fin de l’occupation précaire (démonstration)",
        )  # fmt: skip
        start = D(2024, 1 + j % 6, 1)
        trial = _lease(officer, place, LeaseKind.SHOP_TRIAL, f"{trade} à l’essai", start,
                       Decimal(rng.randrange(4_800, 9_600, 600)), quarter="2023-T3",
                       end=add_months(start, 36) - dt.timedelta(days=1))  # fmt: skip
        calls += _collect(officer, trial, add_months(start, 12) - dt.timedelta(days=1),
                          unpaid=1 if j % 4 == 0 else 0)  # fmt: skip
    # Five recent acquisitions awaiting their works or their tenant.
    for k, place in enumerate(premises[55:]):
        _acquire(officer, place, today - dt.timedelta(days=400 + 30 * k), Decimal("210000"))
    from cvv.fonciere import demo_chain

    chain = demo_chain.load(officer=officer, rng=rng, today=today)
    _say(
        stdout,
        f"Foncière : {chain['perimeters']} périmètres de sauvegarde, {chain['delegations']} "
        f"délégations, {chain['analyses']} analyses, {chain['works']} travaux, "
        f"{chain['sales']} ventes.",
    )
    _say(
        stdout,
        f"Foncière : {len(premises)} locaux dans {len(COMMUNES)} communes, {len(live)} "
        f"opportunités en cours d’instruction ({lapsed} renonciation(s) tacite(s)), "
        f"{LEASES_PER_KIND} baux de chaque type, {calls} appels de loyer.",
    )
    from cvv.fonciere import demo_collection

    demo_collection.load(officer=officer, stdout=stdout)
    _targets(officer, today, stdout)


def _targets(officer, today, stdout):
    """A board decision on the portfolio's targets, recorded through the service as the
    foncière would (labelled as demonstration), so that the portfolio page shows the
    targets of a decision rather than the platform's defaults."""
    from cvv.fonciere.services_portfolio import targets_set

    target = targets_set(
        actor=officer, premises=150, invested=Decimal("60000000"), area_m2=Decimal("12000"),
        start=D(2024, 1, 1), years=10,
        reference="Délibération du conseil d’administration n° 2023-12 (démonstration)",
        today=today,
    )  # fmt: skip
    _say(
        stdout,
        f"Foncière : objectifs du portefeuille fixés ({target.premises} locaux en "
        f"{target.years} ans).",
    )


def _live_opportunities(officer, places, rng, today):
    opportunities = []
    for i, place in enumerate(places):
        opportunity = services.opportunity_create(
            actor=officer, premises=place, source=SOURCES[i % len(SOURCES)],
            received_on=today - dt.timedelta(days=RECEIVED_DAYS_AGO[i]),
            price=Decimal(rng.randrange(90_000, 420_000, 5_000)),
            right_holder="commune" if i % 3 else "fonciere",
            business_transferred=place.status == "occupe", synthetic=True,
        )  # fmt: skip
        opportunities.append(opportunity)
    # One DPU declaration suspended by a request for documents (R213-7), one amicable sale
    # in study, one request renounced and one spotted vacancy bought.
    services.opportunity_suspend(
        actor=officer, opportunity=opportunities[11], on=opportunities[11].received_on
        + dt.timedelta(days=3),
    )  # fmt: skip
    OPPORTUNITY_WORKFLOW.apply(opportunities[7], "study", actor=officer)
    services.opportunity_decide(
        actor=officer, opportunity=opportunities[13], preempt=False, on=today,
        reason="Prix trop élevé pour un loyer modéré (démonstration)",
    )  # fmt: skip
    services.opportunity_decide(actor=officer, opportunity=opportunities[14], preempt=True,
                                on=today)  # fmt: skip
    return opportunities
