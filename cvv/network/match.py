"""Peer matching, "who has already done this?": a pure scoring engine.

Inputs are plain values (no database): the need (a topic and the seeker's places) and the
candidates (declared topics, topics of the projects they led, their places, years in post).
Each result carries its points and the reasons, in French, that make them up.

Points (documented in docs/network.md):
- topic: declared as a skill, 30; each project led on the topic, 20 (two at most: 40);
  a candidate with neither is not a match (the question is "who has already done this");
- similar commune, best pair of places: same territory 15; same size class 15, adjacent
  size class 7 (size classes below, by municipal population); same observatory profile 10:
  the two communes' commercial vacancy rates, as computed by the observatory (latest
  computation), fall in the same class of the Procos scale (faible, modérée, élevée, très
  élevée);
- experience: 2 per full year in post, 10 at most.
"""

from dataclasses import dataclass

SKILL_POINTS = 30
PROJECT_POINTS = 20
MAX_PROJECTS = 2
TERRITORY_POINTS = 15
SAME_SIZE_POINTS = 15
NEAR_SIZE_POINTS = 7
VACANCY_POINTS = 10
YEAR_POINTS = 2
MAX_EXPERIENCE_POINTS = 10
MAX_SCORE = (
    SKILL_POINTS
    + PROJECT_POINTS * MAX_PROJECTS
    + TERRITORY_POINTS
    + SAME_SIZE_POINTS
    + VACANCY_POINTS
    + MAX_EXPERIENCE_POINTS
)

# Upper bounds (excluded) of the size classes; the last class has none.
SIZE_BOUNDS = (10_000, 20_000, 50_000, 100_000)
SIZE_LABELS = (
    "moins de 10 000 habitants",
    "10 000 à 20 000 habitants",
    "20 000 à 50 000 habitants",
    "50 000 à 100 000 habitants",
    "100 000 habitants et plus",
)


def size_class(population: int | None) -> int | None:
    if population is None:
        return None
    for index, bound in enumerate(SIZE_BOUNDS):
        if population < bound:
            return index
    return len(SIZE_BOUNDS)


@dataclass(frozen=True)
class Place:
    territoire: str
    size: int | None = None  # size class of a commune; None for a whole territory
    # The commune's vacancy class on the Procos scale (observatory); None when not computed.
    vacancy: str | None = None


@dataclass(frozen=True)
class Candidate:
    key: int
    topics: frozenset = frozenset()
    project_topics: tuple = ()
    places: tuple = ()
    years: int | None = None


@dataclass(frozen=True)
class Match:
    key: int
    score: int
    reasons: tuple


def _place_points(seeker: tuple, places: tuple) -> tuple[int, list[str]]:
    best, best_reasons = 0, []
    for mine in seeker:
        for theirs in places:
            points, reasons = 0, []
            if mine.territoire == theirs.territoire:
                points += TERRITORY_POINTS
                reasons.append(f"Même territoire ({theirs.territoire})")
            if mine.size is not None and theirs.size is not None:
                if mine.size == theirs.size:
                    points += SAME_SIZE_POINTS
                    reasons.append(f"Commune de même taille ({SIZE_LABELS[theirs.size]})")
                elif abs(mine.size - theirs.size) == 1:
                    points += NEAR_SIZE_POINTS
                    reasons.append(f"Commune de taille voisine ({SIZE_LABELS[theirs.size]})")
            if mine.vacancy is not None and mine.vacancy == theirs.vacancy:
                points += VACANCY_POINTS
                reasons.append(
                    f"Profil comparable à l’observatoire (vacance commerciale {theirs.vacancy})"
                )
            if points > best:
                best, best_reasons = points, reasons
    return best, best_reasons


def score(topic: str, topic_label: str, seeker: tuple, candidate: Candidate) -> Match | None:
    """The candidate's points for the need, or None when they never worked on the topic."""
    projects = sum(1 for t in candidate.project_topics if t == topic)
    has_skill = topic in candidate.topics
    if not projects and not has_skill:
        return None
    points, reasons = 0, []
    if has_skill:
        points += SKILL_POINTS
        reasons.append(f"Compétence déclarée : {topic_label}")
    if projects:
        points += PROJECT_POINTS * min(projects, MAX_PROJECTS)
        plural = "s" if projects > 1 else ""
        reasons.append(f"{projects} projet{plural} mené{plural} sur ce thème")
    place_points, place_reasons = _place_points(seeker, candidate.places)
    points += place_points
    reasons += place_reasons
    if candidate.years:
        points += min(candidate.years * YEAR_POINTS, MAX_EXPERIENCE_POINTS)
        reasons.append(f"En poste depuis {candidate.years} an{'s' if candidate.years > 1 else ''}")
    return Match(key=candidate.key, score=points, reasons=tuple(reasons))


def rank(topic: str, topic_label: str, seeker: tuple, candidates, *, limit=20) -> list[Match]:
    """Matches, best first (ties: by key, so the order never depends on the input's)."""
    matches = [m for c in candidates if (m := score(topic, topic_label, seeker, c)) is not None]
    matches.sort(key=lambda m: (-m.score, m.key))
    return matches[:limit]
