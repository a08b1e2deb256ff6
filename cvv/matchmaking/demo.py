"""Demo data of matchmaking ("données de démonstration", `synthetic=True`): 120 vacant
premises offered across 25 communes (published by the Métropole's demo administrator
through the services), 80 searches from 40 synthetic economic actors, and the activities
the first ten communes want; then 30 introductions between the best matches, spread over
every stage (requested, accepted, declined, visits, application, lease signed — which
marks the premises occupied in the register — and abandoned), with a few messages and
dismissed matches. Seeded, idempotent (a second run adds nothing)."""

import datetime as dt
import random
from decimal import Decimal

from cvv.matchmaking import dismissals, selectors, services, stages
from cvv.matchmaking.enums import DealKind
from cvv.matchmaking.models import DismissedMatch, Introduction, Offer, Search
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
INTRODUCTIONS, DISMISSALS = 30, 8
STAGES = ["demandee", "acceptee", "refusee", "visite", "candidature", "bail_signe", "abandonnee"]
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
    admin = User.objects.get(email="admin@cvv.demo")
    if not Offer.objects.filter(synthetic=True).exists():
        _offers_and_searches(admin, stdout)
    if not Introduction.objects.filter(synthetic=True).exists():
        _introductions(admin, stdout)


def _offers_and_searches(admin, stdout):
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


def _stage(admin, user, introduction, stage, today, rng):
    """Takes a requested introduction to `stage` through the services."""
    if stage == "demandee":
        return
    if stage == "refusee":
        services.introduction_decline(
            actor=admin, introduction=introduction, reason="Local déjà promis à un autre projet"
        )
        return
    services.introduction_accept(actor=admin, introduction=introduction)
    stages.introduction_message(
        actor=user, introduction=introduction, body="Bonjour, quand pouvons-nous visiter ?"
    )
    if stage == "acceptee":
        return
    if stage == "abandonnee":
        stages.introduction_abandon(
            actor=user,
            introduction=introduction,
            reason=rng.choice(["Financement refusé", "Travaux trop lourds", "Autre local choisi"]),
        )
        return
    stages.introduction_visit(
        actor=user, introduction=introduction, on=today, note="Visite avec le gestionnaire"
    )
    if stage == "visite":
        return
    stages.introduction_apply(actor=user, introduction=introduction)
    if stage == "bail_signe":
        stages.introduction_sign(actor=admin, introduction=introduction, on=today)


def _introductions(admin, stdout):
    rng = random.Random(SEED + 1)
    today = dt.date.today()
    used, made = set(), []
    searches = list(Search.objects.filter(synthetic=True, state="active").order_by("pk"))
    for search in searches:
        if len(made) >= INTRODUCTIONS:
            break
        free = [(s, o) for s, o, _ in selectors.matches_for_search(search) if o.pk not in used]
        if not free:
            continue
        _, offer = free[0]
        user = search.organisation.memberships.filter(role=Role.ECONOMIC_ACTOR).first().user
        introduction = services.introduction_request(
            actor=user, search=search, offer=offer, message="Notre projet correspond à ce local."
        )
        used.add(offer.pk)
        made.append((user, introduction))
    Introduction.objects.filter(pk__in=[i.pk for _, i in made]).update(synthetic=True)
    for n, (user, introduction) in enumerate(made):
        introduction.refresh_from_db()
        _stage(admin, user, introduction, STAGES[n % len(STAGES)], today, rng)
    dismissed = []
    for search in searches:
        if len(dismissed) >= DISMISSALS:
            break
        found = selectors.matches_for_search(search)
        if len(found) < 2:
            continue
        _, offer, _ = found[-1]
        user = search.organisation.memberships.filter(role=Role.ECONOMIC_ACTOR).first().user
        dismissal = dismissals.dismiss(
            actor=user,
            offer=offer,
            search=search,
            side="recherche",
            reason=rng.choice(["budget", "emplacement", "surface", "etat"]),
        )
        dismissed.append(dismissal.pk)
    DismissedMatch.objects.filter(pk__in=dismissed).update(synthetic=True)
    if stdout:
        stdout.write(
            f"Mise en relation : {len(made)} mises en relation à toutes les étapes, "
            f"{len(dismissed)} rapprochements écartés (démonstration)."
        )
