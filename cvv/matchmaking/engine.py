"""The matching engine: one offer (premises available) against one search (a demand).

Pure: plain facts in, an explained result out, no database. `match(offer, search)` returns
None when a hard criterion fails (the reasons are in `why_not(offer, search)`), else a
`Match` whose `reasons` are `(label, points)` pairs in plain French adding up to `score`.

Hard criteria (must hold; issue 12): location (the offer's commune among the search's
target communes, when it names any), kind of deal, surface within the range, permitted use
compatible with the activity, extraction when the activity needs it, step-free access and
ground floor when the search requires them.

Points (at most `MAX_SCORE`):
- budget: rent (or price) within the budget 20, up to 10 % above 10, beyond 0;
- rent-to-turnover ratio, when the expected turnover is known: annual rent ≤ 9 % of the
  turnover is sound (15), ≤ 15 % tight (5), above 15 % unsustainable (0) — the usual
  benchmarks of retail-property advisers (8–9 % sound, above 15 % unsustainable);
- surface fit: up to 10, the closer to the middle of the searched range the more;
- frontage: 5 when it reaches the length asked (or 4 m when none is asked);
- inside a town-centre perimeter: 10;
- activity wanted by the commune: 15;
- vacancy: cyclical (6 months–2 years) 10, structural 5, frictional 3 — a cyclical vacancy
  is the one a new occupant most easily ends;
- foncière premises at a moderate rent (≤ the budget): 5;
- public help offered by the commune: 5.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

# Activity categories (cvv.observatory.nomenclature.CATEGORIES) → the permitted uses of a
# premises compatible with them (cvv.premises.enums.PermittedUse values).
COMPATIBLE_USES = {
    "alimentaire": {"commerce", "artisanat", "mixte"},
    "equipement_personne": {"commerce", "mixte"},
    "equipement_maison": {"commerce", "mixte"},
    "culture_loisirs": {"commerce", "services", "mixte"},
    "hygiene_sante_beaute": {"commerce", "services", "artisanat", "mixte"},
    "cafes_hotels_restaurants": {"restauration", "mixte"},
    "services_commerciaux": {"services", "commerce", "mixte"},
    "autres_commerces": {"commerce", "mixte"},
}

BUDGET_POINTS = 20
EFFORT_POINTS = 15
SURFACE_POINTS = 10
FRONTAGE_POINTS = 5
CENTRE_POINTS = 10
WANTED_POINTS = 15
VACANCY_POINTS = {"conjoncturelle": 10, "structurelle": 5, "frictionnelle": 3}
FONCIERE_POINTS = 5
HELP_POINTS = 5
MAX_SCORE = (
    BUDGET_POINTS
    + EFFORT_POINTS
    + SURFACE_POINTS
    + FRONTAGE_POINTS
    + CENTRE_POINTS
    + WANTED_POINTS
    + max(VACANCY_POINTS.values())
    + FONCIERE_POINTS
    + HELP_POINTS
)
SOUND_EFFORT = Decimal("0.09")
MAX_EFFORT = Decimal("0.15")
DEFAULT_FRONTAGE = Decimal("4")


@dataclass(frozen=True)
class OfferFacts:
    commune: str
    deal_kind: str
    surface: Decimal
    permitted_use: str = ""
    extraction: bool | None = None
    step_free: bool | None = None
    ground_floor: bool = True
    frontage: Decimal | None = None
    monthly_rent: Decimal | None = None  # rent (letting) or price (sale), see `cost`
    price: Decimal | None = None
    in_centre: bool = False
    vacancy_class: str | None = None
    fonciere: bool = False
    public_help: bool = False
    wanted_categories: frozenset = field(default_factory=frozenset)
    # (lon, lat) of the premises, else of its commune's town hall: where a radius is measured.
    position: tuple | None = None


@dataclass(frozen=True)
class SearchFacts:
    category: str
    deal_kinds: frozenset
    min_surface: Decimal
    max_surface: Decimal
    communes: frozenset = field(default_factory=frozenset)
    needs_extraction: bool = False
    needs_step_free: bool = False
    needs_ground_floor: bool = False
    min_frontage: Decimal | None = None
    max_monthly_rent: Decimal | None = None
    max_price: Decimal | None = None
    annual_turnover: Decimal | None = None
    # (lon, lat, km): a circle around the chosen commune's town hall, or None.
    area: tuple | None = None


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple  # ((label, points), …), points add up to score


def distance_km(lon1, lat1, lon2, lat2) -> float:
    """Distance on the ground between two WGS84 points (equirectangular approximation: under
    a metre of error at the Métropole's scale)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def in_place(offer: OfferFacts, search: SearchFacts) -> bool:
    """The search's place: anywhere when it names none; else in one of its communes (named,
    or of its territories), or within its radius of the centre, measured to the premises'
    position (its commune's town hall when the premises is not located)."""
    if not search.communes and search.area is None:
        return True
    if offer.commune in search.communes:
        return True
    if search.area is None or offer.position is None:
        return False
    lon, lat, km = search.area
    return distance_km(lon, lat, *offer.position) <= km


def why_not(offer: OfferFacts, search: SearchFacts) -> list[str]:
    """The hard criteria the pair fails, in French (empty: it may match)."""
    failures = []
    if not in_place(offer, search):
        failures.append(
            "Le local n’est pas dans le secteur recherché (communes, territoires, rayon)."
        )
    if offer.deal_kind not in search.deal_kinds:
        failures.append("Le type de transaction ne convient pas.")
    if not search.min_surface <= offer.surface <= search.max_surface:
        failures.append("La surface est hors de la fourchette recherchée.")
    uses = COMPATIBLE_USES.get(search.category, set())
    if offer.permitted_use and offer.permitted_use not in uses:
        failures.append("La destination du local n’est pas compatible avec l’activité.")
    if search.needs_extraction and offer.extraction is not True:
        failures.append("L’activité demande une extraction que le local n’offre pas.")
    if search.needs_step_free and offer.step_free is not True:
        failures.append("Un accès de plain-pied est exigé.")
    if search.needs_ground_floor and not offer.ground_floor:
        failures.append("Un rez-de-chaussée est exigé.")
    return failures


def _cost_and_budget(offer, search):
    if offer.monthly_rent is not None and search.max_monthly_rent is not None:
        return offer.monthly_rent, search.max_monthly_rent, "Loyer"
    if offer.price is not None and search.max_price is not None:
        return offer.price, search.max_price, "Prix"
    return None, None, ""


def _budget_points(cost, budget):
    if cost is None:
        return 0
    if cost <= budget:
        return BUDGET_POINTS
    if cost <= budget * Decimal("1.1"):
        return BUDGET_POINTS // 2
    return 0


def _budget(offer, search):
    cost, budget, what = _cost_and_budget(offer, search)
    if cost is None:
        return ("Budget non comparable (montant ou budget non renseigné)", 0)
    points = _budget_points(cost, budget)
    if points == BUDGET_POINTS:
        return (f"{what} dans le budget", points)
    if points:
        return (f"{what} jusqu’à 10 % au-dessus du budget", points)
    return (f"{what} plus de 10 % au-dessus du budget", 0)


def _effort_points(offer, search):
    """None when not comparable. Compared as products (annual rent against the turnover's
    share), exact whatever the amounts; the ratio is only for the label."""
    if offer.monthly_rent is None or not search.annual_turnover:
        return None
    annual = offer.monthly_rent * 12
    if annual <= search.annual_turnover * SOUND_EFFORT:
        return EFFORT_POINTS
    if annual <= search.annual_turnover * MAX_EFFORT:
        return 5
    return 0


def _effort(offer, search):
    points = _effort_points(offer, search)
    if points is None:
        return None
    ratio = offer.monthly_rent * 12 / search.annual_turnover
    percent = f"{(ratio * 100).quantize(Decimal('0.1'))}".replace(".", ",")
    verdict = {EFFORT_POINTS: "sain", 5: "tendu", 0: "insoutenable"}[points]
    return (f"Loyer annuel de {percent} % du chiffre d’affaires visé : {verdict}", points)


def surface_points(surface, low, high) -> int:
    """Up to SURFACE_POINTS, decreasing with the distance to the middle of [low, high]."""
    if high <= low:
        return SURFACE_POINTS
    middle = (low + high) / 2
    half = (high - low) / 2
    closeness = max(Decimal(0), 1 - abs(Decimal(surface) - middle) / half)
    return int(SURFACE_POINTS * closeness)


def match(offer: OfferFacts, search: SearchFacts) -> Match | None:
    if why_not(offer, search):
        return None
    reasons = [_budget(offer, search)]
    effort = _effort(offer, search)
    if effort:
        reasons.append(effort)
    reasons.append(
        (
            "Surface proche du milieu de la fourchette recherchée",
            surface_points(offer.surface, search.min_surface, search.max_surface),
        )
    )
    wanted_frontage = search.min_frontage or DEFAULT_FRONTAGE
    if offer.frontage is not None and offer.frontage >= wanted_frontage:
        reasons.append(("Vitrine suffisante", FRONTAGE_POINTS))
    if offer.in_centre:
        reasons.append(("Dans un périmètre de centre-ville", CENTRE_POINTS))
    if search.category in offer.wanted_categories:
        reasons.append(("Activité souhaitée par la commune", WANTED_POINTS))
    if offer.vacancy_class in VACANCY_POINTS:
        label = {
            "conjoncturelle": "Vacance conjoncturelle (6 mois à 2 ans)",
            "structurelle": "Vacance structurelle (plus de 2 ans)",
            "frictionnelle": "Vacance frictionnelle (moins de 6 mois)",
        }[offer.vacancy_class]
        reasons.append((label, VACANCY_POINTS[offer.vacancy_class]))
    if offer.fonciere and reasons[0][1] == BUDGET_POINTS and offer.monthly_rent is not None:
        reasons.append(("Local de la foncière à loyer modéré", FONCIERE_POINTS))
    if offer.public_help:
        reasons.append(("Aide publique proposée par la commune", HELP_POINTS))
    reasons = tuple(r for r in reasons if r is not None)
    return Match(score=sum(points for _, points in reasons), reasons=reasons)


def score(offer: OfferFacts, search: SearchFacts) -> int:
    """`match(offer, search).score` without building the French reasons, for a pair that
    passes the hard criteria (`why_not` empty): ranking many pairs is then cheap, and the
    reasons are built by `match` only for the pairs shown (equal: tested)."""
    cost, budget, _ = _cost_and_budget(offer, search)
    budget_points = _budget_points(cost, budget)
    total = budget_points + (_effort_points(offer, search) or 0)
    total += surface_points(offer.surface, search.min_surface, search.max_surface)
    if offer.frontage is not None and offer.frontage >= (search.min_frontage or DEFAULT_FRONTAGE):
        total += FRONTAGE_POINTS
    if offer.in_centre:
        total += CENTRE_POINTS
    if search.category in offer.wanted_categories:
        total += WANTED_POINTS
    total += VACANCY_POINTS.get(offer.vacancy_class, 0)
    if offer.fonciere and budget_points == BUDGET_POINTS and offer.monthly_rent is not None:
        total += FONCIERE_POINTS
    if offer.public_help:
        total += HELP_POINTS
    return total


def best(pairs, limit=20):
    """`pairs` = iterable of (key, offer, search); the `limit` best matches, as
    (score, key, match), highest score first (ties by key)."""
    found = []
    for key, offer, search in pairs:
        result = match(offer, search)
        if result is not None:
            found.append((result.score, key, result))
    found.sort(key=lambda t: (-t[0], t[1]))
    return found[:limit]
