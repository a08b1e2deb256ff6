"""The peer matching engine: golden cases derived by hand, and properties (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvv.network.match import (
    MAX_SCORE,
    VACANCY_POINTS,
    Candidate,
    Place,
    rank,
    score,
    size_class,
)

MARCHES = ("marches", "Marchés")


def test_size_classes_at_their_bounds():
    assert [size_class(p) for p in (0, 9_999, 10_000, 19_999, 20_000, 49_999)] == [0, 0, 1, 1, 2, 2]
    assert [size_class(p) for p in (50_000, 99_999, 100_000, 2_100_000)] == [3, 3, 4, 4]
    assert size_class(None) is None


SEEKER = (Place("T7", 2),)  # a commune of T7 with 20 000 to 50 000 inhabitants
A = Candidate(1, frozenset({"marches"}), ("marches",) * 3, (Place("T7", 2),), years=7)
B = Candidate(2, frozenset(), ("marches",), (Place("T9", 3),), years=1)
C = Candidate(3, frozenset({"numerique"}), ("vacance",), (Place("T7", 2),), years=12)
D = Candidate(4, frozenset({"marches"}), (), (Place("T7"),), years=None)


def test_golden_scores():
    # A: skill 30 + 2 projects counted (3 led) 40 + territory 15 + same size 15 + 10 (7 years
    # give 14, capped at 10) = 110; no observatory profile known: the 10 of the profile
    # missing from the maximum.
    a = score(*MARCHES, SEEKER, A)
    assert a.score == 110 == MAX_SCORE - VACANCY_POINTS
    assert a.reasons == (
        "Compétence déclarée : Marchés",
        "3 projets menés sur ce thème",
        "Même territoire (T7)",
        "Commune de même taille (20 000 à 50 000 habitants)",
        "En poste depuis 7 ans",
    )
    # B: 1 project 20 + adjacent size class 7 + 1 year 2 = 29.
    b = score(*MARCHES, SEEKER, B)
    assert b.score == 29
    assert b.reasons == (
        "1 projet mené sur ce thème",
        "Commune de taille voisine (50 000 à 100 000 habitants)",
        "En poste depuis 1 an",
    )
    # C never worked on markets: not a match, however close and experienced.
    assert score(*MARCHES, SEEKER, C) is None
    # D, a territory agent of T7: skill 30 + territory 15 (no size for a territory) = 45.
    assert score(*MARCHES, SEEKER, D).score == 45


def test_golden_ranking_and_ties():
    assert [(m.key, m.score) for m in rank(*MARCHES, SEEKER, [B, C, D, A])] == [
        (1, 110),
        (4, 45),
        (2, 29),
    ]
    twin = Candidate(9, D.topics, D.project_topics, D.places, D.years)
    assert [m.key for m in rank(*MARCHES, SEEKER, [twin, D])] == [4, 9]
    assert [m.key for m in rank(*MARCHES, SEEKER, [A, B, D], limit=2)] == [1, 4]


def test_best_pair_of_places_counts_once():
    # The seeker works for two communes; the candidate's commune matches the second one:
    # same territory T9 15 + same size class 0 15, not added to the first pair's points.
    seeker = (Place("T7", 2), Place("T9", 0))
    candidate = Candidate(5, frozenset({"marches"}), (), (Place("T9", 0), Place("T7", 4)))
    assert score(*MARCHES, seeker, candidate).score == 30 + 15 + 15


def test_same_observatory_profile_is_one_explained_reason():
    # Seeker and candidate communes both with a vacancy rate qualified « élevée » by the
    # observatory: + 10, with its reason, after the size; another class, or an unknown one
    # on either side, gives nothing.
    seeker = (Place("T7", 2, "élevée"),)
    same = Candidate(6, frozenset({"marches"}), (), (Place("T9", 0, "élevée"),))
    match = score(*MARCHES, seeker, same)
    assert match.score == 30 + 10
    assert match.reasons == (
        "Compétence déclarée : Marchés",
        "Profil comparable à l’observatoire (vacance commerciale élevée)",
    )
    full = Candidate(7, A.topics, A.project_topics, (Place("T7", 2, "élevée"),), A.years)
    assert score(*MARCHES, seeker, full).score == MAX_SCORE == 120
    for theirs in ("faible", None):
        other = Candidate(8, frozenset({"marches"}), (), (Place("T9", 0, theirs),))
        assert score(*MARCHES, seeker, other).score == 30
    unknown = Candidate(8, frozenset({"marches"}), (), (Place("T9", 0, "élevée"),))
    assert score(*MARCHES, (Place("T7", 2),), unknown).score == 30


TOPICS = st.sampled_from(["marches", "numerique", "vacance", "logistique"])
PLACES = st.builds(
    Place,
    st.sampled_from(["T1", "T7", "T9"]),
    st.one_of(st.none(), st.integers(0, 4)),
    st.sampled_from([None, "faible", "élevée"]),
)
CANDIDATES = st.builds(
    Candidate,
    st.integers(1, 10_000),
    st.frozensets(TOPICS, max_size=4),
    st.lists(TOPICS, max_size=5).map(tuple),
    st.lists(PLACES, max_size=3).map(tuple),
    st.one_of(st.none(), st.integers(0, 40)),
)
SEEKERS = st.lists(PLACES, max_size=3).map(tuple)
# The machine is shared: no deadline, no "too slow" health check.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(TOPICS, SEEKERS, CANDIDATES)
def test_score_is_bounded_explained_and_only_for_the_topic(topic, seeker, candidate):
    match = score(topic, "Thème", seeker, candidate)
    worked_on_it = topic in candidate.topics or topic in candidate.project_topics
    assert (match is not None) == worked_on_it
    if match is not None:
        assert 0 < match.score <= MAX_SCORE
        assert match.reasons


@RELAXED
@given(TOPICS, SEEKERS, CANDIDATES, st.integers(1, 5))
def test_more_skill_projects_or_years_never_lower_the_score(topic, seeker, c, more_years):
    before = score(topic, "Thème", seeker, c)
    richer = [
        Candidate(c.key, c.topics | {topic}, c.project_topics, c.places, c.years),
        Candidate(c.key, c.topics, (*c.project_topics, topic), c.places, c.years),
        Candidate(c.key, c.topics, c.project_topics, c.places, (c.years or 0) + more_years),
    ]
    for candidate in richer:
        after = score(topic, "Thème", seeker, candidate)
        if before is not None:
            assert after.score >= before.score


@RELAXED
@given(TOPICS, SEEKERS, st.lists(CANDIDATES, max_size=8, unique_by=lambda c: c.key), st.randoms())
def test_ranking_is_sorted_and_independent_of_input_order(topic, seeker, candidates, random):
    ranked = rank(topic, "Thème", seeker, candidates, limit=100)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    shuffled = list(candidates)
    random.shuffle(shuffled)
    assert rank(topic, "Thème", seeker, shuffled, limit=100) == ranked
