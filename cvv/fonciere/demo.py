"""Demo data of the foncière ("données de démonstration", synthetic, seeded), built through
the services: premises followed by the foncière in eight communes, opportunities with live
deadlines (some near, one passed and lapsed by the daily rule), acquisitions, commercial
leases since 2019 indexed on the bundled ILC, rent calls and payments with some arrears."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from cvv.fonciere import services
from cvv.fonciere.models import Opportunity
from cvv.premises import services as premises_services
from cvv.premises.vacancy import add_months
from cvv.territories.models import Commune
from cvv.users.models import User

ORDER = 50
COMMUNES = ["93005", "93048", "93066", "92012", "92025", "94028", "94068", "93008"]
STREETS = ["rue de la République", "avenue Jean-Jaurès", "place du Marché", "rue de Paris",
           "rue Gambetta", "boulevard Victor-Hugo"]  # fmt: skip
TRADES = ["Boulangerie", "Librairie", "Fromagerie", "Cordonnerie", "Fleuriste", "Épicerie"]


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _last_computable(start, reference_year):
    """The day before the first anniversary whose ILC quarter is not bundled (after 2024)."""
    return add_months(start, 12 * (2024 - reference_year + 1)) - dt.timedelta(days=1)


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
    for index, code in enumerate(COMMUNES):
        commune = Commune.objects.get(code=code)
        for n in range(3):
            premises.append(
                premises_services.premises_create(
                    actor=officer,
                    commune=commune,
                    address=f"{rng.randint(1, 180)} {STREETS[(index + n) % len(STREETS)]}",
                    status="vacant",
                    on=today - dt.timedelta(days=rng.randint(30, 1200)),
                    sales_area_m2=Decimal(rng.randint(35, 180)),
                    frontage_m=Decimal(rng.randint(4, 14)),
                    synthetic=True,
                )  # fmt: skip
            )
    sources = ["dia_commerce", "dia_dpu", "amiable", "demande_commune", "releve"]
    opportunities = []
    for i, place in enumerate(premises[:15]):
        received = today - dt.timedelta(days=[5, 20, 45, 55, 58, 70][i % 6])
        opportunities.append(
            services.opportunity_create(
                actor=officer,
                premises=place,
                source=sources[i % len(sources)],
                received_on=received,
                price=Decimal(rng.randrange(90_000, 420_000, 5_000)),
                right_holder="commune" if i % 3 else "fonciere",
                synthetic=True,
            )  # fmt: skip
        )
    lapsed = services.lapse_overdue(today=today)
    leases = 0
    for i, place in enumerate(premises[15:]):
        opportunity = services.opportunity_create(
            actor=officer, premises=place, source="amiable",
            received_on=dt.date(2019 + i % 3, 2, 1), price=Decimal("200000"), synthetic=True,
        )  # fmt: skip
        services.opportunity_decide(
            actor=officer, opportunity=opportunity, preempt=True,
            on=opportunity.received_on + dt.timedelta(days=20),
        )  # fmt: skip
        deed = opportunity.received_on + dt.timedelta(days=90)
        services.acquisition_record(
            actor=officer, opportunity=opportunity, deed_on=deed,
            price=Decimal("195000"), costs=Decimal("14500"),
        )  # fmt: skip
        start = add_months(deed, 3).replace(day=1)
        reference_year = start.year  # its first quarter, published before the start
        lease = services.lease_create(
            actor=officer, premises=place, kind="commercial",
            tenant_name=f"{TRADES[i % len(TRADES)]} (démonstration)", start=start,
            rent=Decimal(rng.randrange(9_600, 30_000, 600)),
            reference_quarter=f"{reference_year}-T1",
            charges_provision=Decimal("150"), deposit=Decimal("4000"), synthetic=True,
        )  # fmt: skip
        services.lease_sign(actor=officer, lease=lease)
        calls = services.rent_calls_generate(
            actor=officer, lease=lease, until=_last_computable(start, reference_year)
        )
        for call in calls[: len(calls) - (i % 3)]:  # some leases leave the last calls unpaid
            services.payment_record(
                actor=officer, rent_call=call, paid_on=call.due_on + dt.timedelta(days=3),
                amount=call.total,
            )  # fmt: skip
        leases += 1
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
        f"Foncière : {len(premises)} locaux, {len(opportunities) + leases} opportunités "
        f"({lapsed} renonciation(s) tacite(s)), {leases} baux avec appels et paiements.",
    )
    from cvv.fonciere import demo_collection

    demo_collection.load(officer=officer, stdout=stdout)
