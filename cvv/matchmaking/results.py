"""Results of matchmaking per commune: premises filled (leases signed through an
introduction), median time to fill (days from the start of the vacancy to the signature),
the activities brought, the introductions under way and abandoned.

`per_commune(introductions)` takes the introductions a person may see
(`selectors.introductions_visible_to`) and returns one row per commune, by name."""

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

COLUMNS = [
    ("commune", "Commune"),
    ("code", "Code INSEE"),
    ("introductions", "Mises en relation"),
    ("under_way", "En cours"),
    ("filled", "Locaux remplis (bail signé)"),
    ("median_days", "Délai médian de remplissage (jours de vacance)"),
    ("abandoned", "Abandonnées"),
    ("declined", "Refusées"),
    ("activities", "Activités apportées"),
]


def per_commune(introductions) -> list[dict]:
    rows = defaultdict(
        lambda: {
            "introductions": 0,
            "under_way": 0,
            "filled": 0,
            "abandoned": 0,
            "declined": 0,
            "days": [],
            "categories": set(),
        }
    )
    names = {}
    for state, code, name, days, category in introductions.values_list(
        "state",
        "offer__premises__commune__code",
        "offer__premises__commune__nom",
        "filled_after_days",
        "search__activity_category",
    ):
        names[code] = name
        row = rows[code]
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
    result = []
    for code, row in rows.items():
        days = row.pop("days")
        categories = row.pop("categories")
        result.append(
            {
                "commune": names[code],
                "code": code,
                **row,
                "median_days": median(days) if days else None,
                "activities": ", ".join(sorted(CATEGORY_LABELS.get(c, c) for c in categories)),
            }
        )
    return sorted(result, key=lambda r: (r["commune"], r["code"]))
