"""The activities a commune's town centre wants, proposed from the observatory.

A category is proposed when its share of the shops in the commune's town-centre perimeter
(the observatory's `centralite` indicator rows, `part_<category>`) is below BOTH the median
of every town centre of the Métropole and the median of the town centres of communes of the
same size class (`cvv.observatory.selectors.SIZE_CLASSES`), at the latest computed date.
`under_represented` is pure; `proposals(commune)` reads the rows.
"""

from dataclasses import dataclass

from cvv.observatory.models import IndicatorRow
from cvv.observatory.nomenclature import CATEGORIES
from cvv.observatory.selectors import computation_for, median, rows, size_class


@dataclass(frozen=True)
class Proposal:
    category: str
    label: str
    share: float
    metropole_median: float
    peer_median: float

    @property
    def source(self) -> str:
        return (
            f"Part de {_pct(self.share)} dans le centre-ville, contre {_pct(self.metropole_median)}"
            f" (médiane des centres-villes de la Métropole) et {_pct(self.peer_median)}"
            " (médiane des communes de même taille)"
        )


def _pct(value) -> str:
    return f"{value * 100:.1f} %".replace(".", ",")


def under_represented(own: dict, all_rows: list, peer_rows: list) -> list[Proposal]:
    """`own`, and each element of the lists, are `values` dicts of indicator rows."""
    found = []
    for slug, label in CATEGORIES:
        name = f"part_{slug}"
        share = own.get(name)
        metro = median(r.get(name) for r in all_rows)
        peers = median(r.get(name) for r in peer_rows)
        if share is None or metro is None or peers is None:
            continue
        if share < metro and share < peers:
            found.append(Proposal(slug, label, share, metro, peers))
    return found


def proposals(commune) -> tuple[list[Proposal], str]:
    """(proposals, explanation) for `commune` at the latest computation."""
    from cvv.territories.models import Commune

    computation = computation_for()
    if computation is None:
        return [], "Aucun indicateur n’a encore été calculé par l’observatoire."
    centres = rows(IndicatorRow.Level.CENTRALITE, computation.reference_date)
    own = [r for r in centres if r.commune_code == commune.code]
    if not own:
        return [], "L’observatoire n’a pas d’indicateur pour le centre-ville de cette commune."
    main = max(own, key=lambda r: r.values.get("commerces") or 0)
    low, high, label = size_class(commune.population)
    peer_codes = set(
        Commune.objects.filter(population__gte=low, population__lt=high).values_list(
            "code", flat=True
        )
    )
    peers = [r.values for r in centres if r.commune_code in peer_codes]
    found = under_represented(main.values, [r.values for r in centres], peers)
    explanation = (
        f"Indicateurs de l’observatoire au {computation.reference_date:%d/%m/%Y} : centre-ville "
        f"« {main.nom or main.code} » comparé à {len(centres)} centres-villes de la Métropole "
        f"et à {len(peers)} de communes de {label}."
    )
    return found, explanation
