"""The "commerce de proximité" perimeter: (nomenclature, code) → category, read from the
copy of the contract's table in `reference/` (see reference/SOURCE.md)."""

import csv
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

CATEGORIES = [
    ("alimentaire", "Alimentaire"),
    ("equipement_personne", "Équipement de la personne"),
    ("equipement_maison", "Équipement de la maison"),
    ("culture_loisirs", "Culture et loisirs"),
    ("hygiene_sante_beaute", "Hygiène, santé, beauté"),
    ("cafes_hotels_restaurants", "Cafés, hôtels, restaurants"),
    ("services_commerciaux", "Services commerciaux"),
    ("autres_commerces", "Autres commerces de détail"),
]
CATEGORY_SLUGS = [slug for slug, _ in CATEGORIES]
CATEGORY_LABELS = dict(CATEGORIES)
# SIRENE's names of the activity nomenclatures, as the public reads them.
NOMENCLATURE_LABELS = {
    "NAFRev2": "NAF rév. 2",
    "NAFRev1": "NAF rév. 1",
    "NAF1993": "NAF 1993",
    "NAP": "NAP",
    "NAF25": "NAF 2025",
}


@cache
def mapping() -> dict:
    """{(nomenclature, code): category slug}."""
    with (REFERENCE_DIR / "naf_rev2_proximite.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    result = {}
    for row in rows:
        if row["categorie"] not in CATEGORY_LABELS:
            raise ValueError(f"naf_rev2_proximite.csv: catégorie inconnue {row['categorie']!r}")
        result[(row["nomenclature"], row["code"])] = row["categorie"]
    return result


@cache
def mapping_rows() -> list:
    with (REFERENCE_DIR / "naf_rev2_proximite.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def known_nomenclatures() -> set:
    return {nomenclature for nomenclature, _ in mapping()}


def indicators_markdown() -> str:
    return (REFERENCE_DIR / "INDICATORS.md").read_text(encoding="utf-8")
