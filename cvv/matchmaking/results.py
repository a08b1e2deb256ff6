"""Results of matchmaking per commune and per territory: premises filled (leases signed
through an introduction), median time to fill (days from the start of the vacancy to the
signature), the activities brought, the introductions under way and abandoned.

`compute(introductions)` takes the introductions a person may see
(`selectors.introductions_visible_to`) and returns the rows per commune (by name) and per
territory (T1…T12, in the territories' order) from a single query; a territory's median is
taken over its own signatures, never as a median of the communes' medians."""

from collections import defaultdict
from statistics import median

from cvv.matchmaking.enums import IntroductionState
from cvv.premises.enums import ActivityCategory

UNDER_WAY = {
    IntroductionState.REQUESTED,
    IntroductionState.ACCEPTED,
    IntroductionState.VISITING,
    IntroductionState.APPLIED,
}
CATEGORY_LABELS = dict(ActivityCategory.choices)

_FIGURES = [
    ("introductions", "Mises en relation"),
    ("under_way", "En cours"),
    ("filled", "Locaux remplis (bail signé)"),
    ("median_days", "Délai médian de remplissage (jours de vacance)"),
    ("abandoned", "Abandonnées"),
    ("declined", "Refusées"),
    ("activities", "Activités apportées"),
]
COLUMNS = [("commune", "Commune"), ("code", "Code INSEE"), *_FIGURES]
TERRITORY_COLUMNS = [("territory", "Territoire"), ("code", "Code"), *_FIGURES]


def _empty():
    return {
        "introductions": 0,
        "under_way": 0,
        "filled": 0,
        "abandoned": 0,
        "declined": 0,
        "days": [],
        "categories": set(),
    }


def _count(row, state, days, category):
    row["introductions"] += 1
    if state in UNDER_WAY:
        row["under_way"] += 1
    elif state == IntroductionState.SIGNED:
        row["filled"] += 1
        row["categories"].add(category)
        if days is not None:
            row["days"].append(days)
    elif state == IntroductionState.ABANDONED:
        row["abandoned"] += 1
    elif state == IntroductionState.DECLINED:
        row["declined"] += 1


def _finish(row):
    days = row.pop("days")
    categories = row.pop("categories")
    row["median_days"] = median(days) if days else None
    row["activities"] = ", ".join(sorted(CATEGORY_LABELS.get(c, c) for c in categories))
    return row


def compute(introductions) -> dict:
    """{"communes": rows by commune name, "territories": rows by territory rank}."""
    communes = defaultdict(_empty)
    territories = defaultdict(_empty)
    commune_names, territory_keys = {}, {}
    for state, code, name, t_code, t_name, t_rank, days, category in introductions.values_list(
        "state",
        "offer__premises__commune__code",
        "offer__premises__commune__nom",
        "offer__premises__commune__territoire__code",
        "offer__premises__commune__territoire__nom",
        "offer__premises__commune__territoire__rank",
        "filled_after_days",
        "search__activity_category",
    ):
        commune_names[code] = name
        territory_keys[t_code] = (t_rank, t_name)
        _count(communes[code], state, days, category)
        _count(territories[t_code], state, days, category)
    commune_rows = sorted(
        (
            {"commune": commune_names[code], "code": code, **_finish(row)}
            for code, row in communes.items()
        ),
        key=lambda r: (r["commune"], r["code"]),
    )
    territory_rows = [
        {"territory": territory_keys[code][1], "code": code, **_finish(territories[code])}
        for code in sorted(territories, key=lambda c: (territory_keys[c][0], c))
    ]
    return {"communes": commune_rows, "territories": territory_rows}


def per_commune(introductions) -> list[dict]:
    return compute(introductions)["communes"]


def per_territory(introductions) -> list[dict]:
    return compute(introductions)["territories"]


def chart(territory_rows) -> dict:
    """The figures the results chart draws (labels as text), the same as the table's."""
    return {
        "labels": [f"{r['code']} {r['territory']}" for r in territory_rows],
        "introductions": [r["introductions"] for r in territory_rows],
        "filled": [r["filled"] for r in territory_rows],
    }
