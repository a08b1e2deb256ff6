"""What the impact measure adds to other modules' pages: the commune's estimates on its
single view."""

from django.urls import reverse
from django.utils.formats import number_format

from cvv.impact.selectors import LABELS, commune_impacts


def commune_summary(commune, user):
    impact = next((i for i in commune_impacts(user) if i.commune.pk == commune.pk), None)
    if impact is None:
        return None
    facts = []
    for name, e in impact.estimates.items():
        if e.value is None:
            continue
        if e.has_interval:
            reading = "différence mesurable" if e.conclusive else "pas de différence mesurable"
            value = (
                f"{number_format(e.value, 2)} (intervalle à 90 % : {number_format(e.low, 2)} "
                f"à {number_format(e.high, 2)}, {e.n} communes comparables) — {reading}"
            )
        else:
            value = f"{number_format(e.value, 2)} — trop peu de communes comparables"
        facts.append({"label": LABELS[name], "value": value})
    return {
        "key": "impact",
        "title": "Impact mesuré de l’accompagnement",
        "order": 60,
        "synthetic": impact.synthetic,
        "facts": facts,
        "empty": "Pas encore mesurable : aucun calcul de l’observatoire avant l’accompagnement.",
        "links": [{"label": "Méthode et détail", "url": reverse("impact:impact")}],
        "data": {
            "before_date": impact.before_date.isoformat() if impact.before_date else None,
            "now_date": impact.now_date.isoformat(),
            "estimates": {
                name: {"estimate": e.value, "low": e.low, "high": e.high, "n": e.n}
                for name, e in impact.estimates.items()
            },
        },
    }
