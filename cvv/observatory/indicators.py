"""The contract's formulas (reference/INDICATORS.md), as pure functions of counts."""

import math
from dataclasses import dataclass, field

from cvv.observatory.nomenclature import CATEGORY_SLUGS

COUNT_FIELDS = ["actifs", "commerces", "employeurs", "ouvertures", "fermetures",
                "non_localises", "places_par_adresse"]  # fmt: skip

COLUMNS = [
    ("population", "Population municipale"),
    ("etablissements_actifs", "Établissements actifs"),
    ("commerces_proximite", "Commerces de proximité"),
    ("commerces_proximite_employeurs", "Commerces de proximité employeurs"),
    ("densite_commerciale", "Densité commerciale (pour 1 000 habitants)"),
    *[(f"part_{slug}", f"Part {slug}") for slug in CATEGORY_SLUGS],
    ("ouvertures", "Ouvertures (12 mois)"),
    ("fermetures", "Fermetures (12 mois)"),
    ("solde", "Solde ouvertures − fermetures"),
    ("taux_rotation", "Taux de rotation"),
    ("indice_diversite", "Indice de diversité (Pielou)"),
    ("locaux_observes", "Locaux observés (relevés)"),
    ("locaux_vacants", "Locaux vacants (relevés)"),
    ("locaux_en_travaux", "Locaux en travaux (relevés)"),
    ("taux_vacance", "Taux de vacance (relevés)"),
    # Additional indicators, defined on the methodology page.
    ("qualification_vacance", "Qualification de la vacance (échelle Procos)"),
    ("equipements_commerces_bpe", "Équipements commerciaux (BPE, domaine B)"),
    ("indice_besoin", "Indice de besoin (communes)"),
    # Establishments without SIRENE coordinates (see the methodology page).
    ("etablissements_places_par_adresse", "Établissements placés d’après leur adresse"),
    # Commune: its active establishments without a position. Perimeter: those of them whose
    # street has an establishment counted in it (it may miss them).
    ("etablissements_non_localises", "Établissements non localisables"),
    ("part_non_localisee", "Part des établissements non localisables"),
]
COLUMN_NAMES = [name for name, _ in COLUMNS]
RATIO_COLUMNS = {
    "densite_commerciale",
    "taux_rotation",
    "indice_diversite",
    "taux_vacance",
    "part_non_localisee",
    *[f"part_{slug}" for slug in CATEGORY_SLUGS],
}
MAP_INDICATORS = [
    ("densite_commerciale", "Densité commerciale (commerces pour 1 000 habitants)"),
    ("commerces_proximite", "Commerces de proximité"),
    ("solde", "Solde ouvertures − fermetures"),
    ("taux_rotation", "Taux de rotation"),
    ("indice_diversite", "Indice de diversité (Pielou)"),
    ("taux_vacance", "Taux de vacance (relevés de terrain)"),
    ("indice_besoin", "Indice de besoin"),
    *[(f"part_{slug}", f"Part de la catégorie {slug}") for slug in CATEGORY_SLUGS],
]


@dataclass
class Counts:
    actifs: int = 0
    commerces: int = 0
    employeurs: int = 0
    ouvertures: int = 0
    fermetures: int = 0
    # Active establishments without a position (no coordinates, address unknown to the
    # platform), and those placed from their address (see addresses.py).
    non_localises: int = 0
    places_par_adresse: int = 0
    categories: dict = field(default_factory=lambda: dict.fromkeys(CATEGORY_SLUGS, 0))

    def add(self, other):
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for slug in CATEGORY_SLUGS:
            self.categories[slug] += other.categories[slug]
        return self


@dataclass
class Vacancy:
    observed: int = 0
    vacant: int = 0
    works: int = 0
    surveys: int = 0

    def add(self, other):
        self.observed += other.observed
        self.vacant += other.vacant
        self.works += other.works
        self.surveys += other.surveys
        return self


def ratio(numerator, denominator):
    if not denominator:
        return None
    return round(numerator / denominator, 6)


def pielou(categories: dict):
    total = sum(categories.values())
    if not total:
        return None
    entropy = 0.0
    for count in categories.values():
        if count:
            p = count / total
            entropy -= p * math.log(p)
    return round(entropy / math.log(len(CATEGORY_SLUGS)), 6)


def procos(rate):
    """Qualification of a vacancy rate on the Procos scale."""
    if rate is None:
        return None
    if rate < 0.05:
        return "faible"
    if rate < 0.075:
        return "modérée"
    if rate < 0.10:
        return "élevée"
    return "très élevée"


def values_of(counts: Counts, population, vacancy: Vacancy | None, bpe=None) -> dict:
    values = {
        "population": population,
        "etablissements_actifs": counts.actifs,
        "commerces_proximite": counts.commerces,
        "commerces_proximite_employeurs": counts.employeurs,
        "densite_commerciale": (
            round(counts.commerces / population * 1000, 4) if population else None
        ),
    }
    for slug in CATEGORY_SLUGS:
        values[f"part_{slug}"] = ratio(counts.categories[slug], counts.commerces)
    values["ouvertures"] = counts.ouvertures
    values["fermetures"] = counts.fermetures
    values["solde"] = counts.ouvertures - counts.fermetures
    values["taux_rotation"] = ratio(counts.ouvertures + counts.fermetures, counts.commerces)
    values["indice_diversite"] = pielou(counts.categories)
    if vacancy is not None and vacancy.surveys:
        values["locaux_observes"] = vacancy.observed
        values["locaux_vacants"] = vacancy.vacant
        values["locaux_en_travaux"] = vacancy.works
        values["taux_vacance"] = ratio(vacancy.vacant, vacancy.observed)
    else:
        values.update(
            locaux_observes=None, locaux_vacants=None, locaux_en_travaux=None, taux_vacance=None
        )
    values["qualification_vacance"] = procos(values["taux_vacance"])
    values["equipements_commerces_bpe"] = bpe
    values["indice_besoin"] = None
    values["etablissements_non_localises"] = counts.non_localises
    values["etablissements_places_par_adresse"] = counts.places_par_adresse
    values["part_non_localisee"] = ratio(counts.non_localises, counts.actifs)
    return values
