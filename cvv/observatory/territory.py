"""The Métropole's codes as SIRENE and BPE write them: communes, and Paris as its 20
arrondissements (75101…75120), never 75056."""

from functools import cache

from cvv.territories import reference

PARIS_CODE = "75056"  # cvv.territories.models.PARIS_CODE (this module stays Django-free)

PARIS_ARRONDISSEMENTS = [f"751{n:02d}" for n in range(1, 21)]


@cache
def metropole_sirene_codes() -> frozenset:
    communes = {item["code"] for item in reference.load_communes()}
    communes.discard(PARIS_CODE)
    return frozenset(communes | set(PARIS_ARRONDISSEMENTS))


def commune_of(code: str) -> str:
    """The commune of a SIRENE code (an arrondissement belongs to Paris)."""
    return PARIS_CODE if code in PARIS_ARRONDISSEMENTS else code
