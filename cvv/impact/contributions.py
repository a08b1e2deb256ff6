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


def annual_report_section(year, as_of):
    from cvv.impact.selectors import programme_averages

    impacts = commune_impacts(None, as_of=as_of, all_communes=True)
    if not impacts:
        return None
    measurable = [i for i in impacts if i.measurable]
    rows = []
    for name, e in programme_averages(measurable).items():
        if e.value is None:
            continue
        interval = (
            f"{number_format(e.low, 2)} à {number_format(e.high, 2)}" if e.has_interval else "—"
        )
        reading = (
            "différence mesurable"
            if e.conclusive
            else ("pas de différence mesurable" if e.has_interval else "trop peu de communes")
        )
        rows.append([LABELS[name], number_format(e.value, 2), interval, str(e.n), reading])
    return {
        "title": "Impact mesuré des accompagnements",
        "order": 80,
        "synthetic": any(i.synthetic for i in impacts),
        "paragraphs": [
            f"{len(impacts)} commune(s) accompagnée(s) au {as_of:%d/%m/%Y}, dont "
            f"{len(measurable)} mesurable(s) (un calcul de l’observatoire avant le début de "
            "l’accompagnement et un après).",
            "Écart moyen entre l’évolution des communes accompagnées et celle de communes "
            "comparables jamais accompagnées (différence de différences), avec son intervalle "
            "à 90 %. Un intervalle qui contient 0 ne permet aucune conclusion.",
        ],
        "tables": [
            {
                "title": "Effet moyen par indicateur",
                "columns": [
                    "Indicateur",
                    "Écart moyen",
                    "Intervalle à 90 %",
                    "Communes",
                    "Lecture",
                ],
                "rows": rows,
            }
        ]
        if rows
        else [],
        "charts": [],
    }
