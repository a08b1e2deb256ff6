"""What the observatory adds to other modules' pages (see `cvv.core.plugins.contributions`):
the latest published indicators of a commune, prefilled in its programme candidature."""

from cvv.observatory import selectors
from cvv.observatory.indicators import COLUMNS

CANDIDATURE_INDICATORS = (
    "etablissements_actifs",
    "commerces_proximite",
    "densite_commerciale",
    "solde",
    "taux_rotation",
    "indice_diversite",
    "taux_vacance",
)


def programme_commune_indicators(commune) -> dict:
    """{label: value} of the commune's latest computed indicators, with their reference
    date; {} before any computation covers the commune."""
    rows = selectors.series("commune", commune.code)
    if not rows:
        return {}
    latest = rows[-1]
    labels = dict(COLUMNS)
    result = {"Date de référence": latest.reference_date.strftime("%d/%m/%Y")}
    for name in CANDIDATURE_INDICATORS:
        value = (latest.values or {}).get(name)
        if value is None:
            continue
        if isinstance(value, float):
            value = round(value, 3)
        result[labels.get(name, name)] = value
    return result


SUMMARY_INDICATORS = (
    "commerces_proximite",
    "densite_commerciale",
    "solde",
    "taux_rotation",
    "taux_vacance",
    "indice_besoin",
)


def commune_summary(commune, user):
    """The commune's latest indicators and their change since the previous computation
    (public figures: every reader of the single view sees them)."""
    from django.urls import reverse
    from django.utils.formats import number_format

    rows = selectors.series("commune", commune.code)
    block = {
        "key": "observatory",
        "title": "Observatoire : indicateurs et tendance",
        "order": 10,
        "facts": [],
        "links": [
            {
                "label": "La commune dans l’observatoire",
                "url": reverse("observatory:commune", args=[commune.code]),
            }
        ],
        "data": {"reference_date": None, "previous_date": None, "indicators": {}},
        "empty": "Aucun calcul de l’observatoire ne couvre encore la commune.",
    }
    if not rows:
        return block
    latest, previous = rows[-1], (rows[-2] if len(rows) > 1 else None)
    labels = dict(COLUMNS)
    block["synthetic"] = latest.computation.synthetic
    block["data"].update(
        reference_date=latest.reference_date.isoformat(),
        previous_date=previous.reference_date.isoformat() if previous else None,
        synthetic=latest.computation.synthetic,
    )
    block["facts"].append(
        {"label": "Date de référence", "value": latest.reference_date.strftime("%d/%m/%Y")}
    )
    for name in SUMMARY_INDICATORS:
        value = (latest.values or {}).get(name)
        if not isinstance(value, int | float):
            continue
        before = (previous.values or {}).get(name) if previous else None
        block["data"]["indicators"][name] = {
            "value": value,
            "previous": before if isinstance(before, int | float) else None,
        }
        text = number_format(value, 2 if isinstance(value, float) else 0, force_grouping=True)
        if isinstance(before, int | float):
            change = value - before
            sign = "+" if change > 0 else ""
            text += f" ({sign}{number_format(change, 2 if isinstance(change, float) else 0)}"
            text += f" depuis le {previous.reference_date:%d/%m/%Y})"
        block["facts"].append({"label": labels.get(name, name), "value": text})
    return block


def annual_report_section(year, as_of):
    """The Métropole's indicators at the latest computation up to `as_of`, and a year before."""
    from django.utils.formats import number_format

    from cvv.observatory.models import IndicatorRow

    rows = list(
        IndicatorRow.objects.filter(level="metropole", reference_date__lte=as_of)
        .select_related("computation")
        .order_by("-reference_date")[:2]
    )
    if not rows:
        return None
    latest, previous = rows[0], (rows[1] if len(rows) > 1 else None)
    labels = dict(COLUMNS)

    def text(value):
        if not isinstance(value, int | float):
            return "—"
        return number_format(value, 2 if isinstance(value, float) else 0, force_grouping=True)

    table_rows = [
        [
            labels.get(name, name),
            text((latest.values or {}).get(name)),
            text((previous.values or {}).get(name)) if previous else "—",
        ]
        for name in SUMMARY_INDICATORS
        if name != "indice_besoin"
    ]
    return {
        "title": "Observatoire de l’attractivité des centres-villes",
        "order": 10,
        "synthetic": latest.computation.synthetic,
        "paragraphs": [
            f"Indicateurs de la Métropole au {latest.reference_date:%d/%m/%Y}"
            + (f", comparés au {previous.reference_date:%d/%m/%Y}." if previous else ".")
        ],
        "tables": [
            {
                "title": "Indicateurs de la Métropole",
                "columns": [
                    "Indicateur",
                    f"{latest.reference_date:%d/%m/%Y}",
                    f"{previous.reference_date:%d/%m/%Y}" if previous else "Précédent",
                ],
                "rows": table_rows,
            }
        ],
        "charts": [],
    }
