"""Demo data of matchmaking ("données de démonstration", `synthetic=True`): 120 vacant
premises offered across 25 communes (published by the Métropole's demo administrator
through the services), 80 searches from 40 synthetic economic actors, and the activities
the first ten communes want. Seeded, idempotent (a second run adds nothing)."""

import datetime as dt
import random
from decimal import Decimal

from cvv.matchmaking import services
from cvv.matchmaking.enums import DealKind
from cvv.matchmaking.models import Offer
from cvv.observatory.nomenclature import CATEGORY_SLUGS
from cvv.organisations.enums import OrganisationKind, Role
from cvv.organisations.models import Membership, Organisation
from cvv.premises import services as premises_services
from cvv.premises.enums import PermittedUse
from cvv.territories.models import Commune
from cvv.users.models import User

ORDER = 50
SEED = 12
OFFERS, SEARCHES, ACTORS, COMMUNES = 120, 80, 40, 25
STREETS = [
    "rue de la République",
    "avenue Jean-Jaurès",
    "place du Marché",
    "rue de Paris",
    "rue Victor-Hugo",
    "boulevard Gambetta",
]
KINDS = [
    OrganisationKind.ENSEIGNE,
    OrganisationKind.PORTEUR_PROJET,
    OrganisationKind.ENTREPRISE,
    OrganisationKind.ASSOCIATION,
]


def load(*, stdout=None):
    if Offer.objects.filter(synthetic=True).exists():
        return
    admin = User.objects.get(email="admin@cvv.demo")
    rng = random.Random(SEED)
    communes = list(Commune.objects.order_by("code")[:COMMUNES])
    today = dt.date.today()
    for n in range(OFFERS):
        commune = communes[n % len(communes)]
        premises = premises_services.premises_create(
            actor=admin,
            commune=commune,
            address=f"{rng.randint(1, 150)} {rng.choice(STREETS)}",
            status="vacant",
            on=today - dt.timedelta(days=rng.randint(30, 1200)),
            sales_area_m2=Decimal(rng.randrange(25, 400)),
            frontage_m=Decimal(rng.randrange(2, 15)),
            step_free=rng.random() < 0.6,
            extraction_possible=rng.random() < 0.3,
            permitted_use=rng.choice(PermittedUse.values),
            synthetic=True,
        )
        letting = rng.random() < 0.75
        offer = services.offer_create(
            actor=admin,
            premises=premises,
            deal_kind=DealKind.LETTING if letting else rng.choice(DealKind.values[1:]),
            monthly_rent=Decimal(rng.randrange(600, 6000, 50)) if letting else None,
            price=None if letting else Decimal(rng.randrange(30_000, 600_000, 1000)),
            public_help=rng.choice(["", "", "Bail à l’essai de 12 mois à loyer minoré"]),
            synthetic=True,
        )
        services.offer_publish(actor=admin, offer=offer)
    actors = []
    for n in range(ACTORS):
        organisation = Organisation.objects.create(
            kind=KINDS[n % len(KINDS)], name=f"Acteur de démonstration n° {n + 1}"
        )
        user, _ = User.objects.get_or_create(
            email=f"acteur.{n + 1}@cvv.demo",
            defaults={"first_name": "Acteur", "last_name": str(n + 1)},
        )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, role=Role.ECONOMIC_ACTOR
        )
        actors.append((user, organisation))
    for n in range(SEARCHES):
        user, organisation = actors[n % ACTORS]
        low = Decimal(rng.randrange(20, 200))
        category = rng.choice(CATEGORY_SLUGS)
        services.search_create(
            actor=user,
            organisation=organisation,
            title=f"Recherche de démonstration n° {n + 1}",
            activity_category=category,
            deal_kinds=[DealKind.LETTING] if rng.random() < 0.8 else list(DealKind.values),
            min_surface_m2=low,
            max_surface_m2=low + rng.randrange(20, 200),
            max_monthly_rent=Decimal(rng.randrange(800, 6000, 100)),
            max_price=Decimal(rng.randrange(50_000, 500_000, 5000)),
            annual_turnover=Decimal(rng.randrange(80_000, 900_000, 10_000)),
            needs_extraction=category == "cafes_hotels_restaurants",
            needs_step_free=rng.random() < 0.3,
            communes=rng.sample(communes, rng.randint(0, 4)),
            synthetic=True,
        )
    for commune in communes[:10]:
        services.wanted_set(actor=admin, commune=commune, categories=rng.sample(CATEGORY_SLUGS, 2))
    if stdout:
        stdout.write(f"Mise en relation : {OFFERS} offres, {SEARCHES} recherches de démonstration.")
