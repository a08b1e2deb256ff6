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
