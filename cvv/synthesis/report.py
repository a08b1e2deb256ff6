"""The programme's yearly report for the Métropole's council, built from live data and
reproducible for any past date (`as_of`): every module contributes its section through the
`annual_report_section(year, as_of)` hook of its `contributions.py`, counting only what had
happened by `as_of`.

A section is a dict: `title`, `order`, `paragraphs` (list of str), `tables` (list of
{"title", "columns", "rows"}: rows are lists of str) and `charts` (list of {"title", "labels",
"values", "unit"}: a bar chart). Rendered as ODT (`report_odt`) or PDF (`report_pdf`)."""

import datetime

from django.utils import timezone

from cvv.core.plugins import contributions


def default_as_of(year: int, today=None) -> datetime.date:
    """The end of `year`, or today for the current year."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def build(year: int, as_of: datetime.date | None = None) -> dict:
    as_of = as_of or default_as_of(year)
    if as_of < datetime.date(year, 1, 1):
        raise ValueError(f"La date d’arrêté {as_of:%d/%m/%Y} précède l’année {year}.")
    sections = [
        section for hook in contributions("annual_report_section") if (section := hook(year, as_of))
    ]
    sections.sort(key=lambda section: (section.get("order", 100), section["title"]))
    return {
        "title": f"Centres-Villes Vivants — rapport annuel {year}",
        "subtitle": "Programme métropolitain de revitalisation des centres-villes et des "
        "commerces de proximité",
        "year": year,
        "as_of": as_of,
        "synthetic": any(section.get("synthetic") for section in sections),
        "sections": sections,
    }


def intro(report) -> list[str]:
    lines = [
        f"Données arrêtées au {report['as_of']:%d/%m/%Y}, calculées par la plateforme à partir "
        "de ses données au moment de la génération : le même rapport régénéré plus tard pour "
        "la même date donne les mêmes chiffres, sauf correction des données elles-mêmes."
    ]
    if report["synthetic"]:
        lines.append(
            "ATTENTION : ce rapport est calculé sur des données de démonstration "
            "(synthétiques). Il illustre le document, il ne décrit pas le programme réel."
        )
    return lines
