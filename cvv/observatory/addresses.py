"""Normalised street addresses, to place establishments whose SIRENE coordinates are
`[ND]` at a position the platform already knows for the same address: a surveyed premises,
or an establishment located in a SIRENE vintage (this one or another) at that address.

An address is five parts: commune, number (an integer above 0), suffix (B, T, Q… or ''),
street type (INSEE's code: RUE, AV, BD… or '') and street name, letters without accents,
upper case, anything else than letters and digits as one space. SIRENE gives them in
separate columns; DuckDB normalises them at import (`sirene_parts_sql`) and the stock file
keeps them as four columns beside the commune (`numero`, `indice`, `type_voie`, `voie`:
cheaper to compute, store and join than one concatenated key). A surveyed address is free
text ("12 bis avenue de la République"); `parts_of_text` reads it into the same parts. Both
normalise the same way (a property test compares them). `Address.key` writes the parts as
one text, `commune|number+suffix|street type|street name`, the form stock files kept before
(`compute` rewrites such files once)."""

import re
import unicodedata
from typing import NamedTuple

from cvv.observatory.readers import ident, trimmed

# Street words as typed → INSEE's street type codes (SIRENE's typeVoieEtablissement).
STREET_TYPES = {
    "ALLEE": "ALL", "ALL": "ALL", "AVENUE": "AV", "AV": "AV", "AVE": "AV",
    "BOULEVARD": "BD", "BD": "BD", "BLD": "BD", "CARREFOUR": "CAR", "CHEMIN": "CHE",
    "CHE": "CHE", "CHAUSSEE": "CHS", "CITE": "CITE", "CORNICHE": "COR", "COURS": "CRS",
    "CRS": "CRS", "DOMAINE": "DOM", "ESPLANADE": "ESP", "FAUBOURG": "FG", "FG": "FG",
    "GALERIE": "GAL", "HAMEAU": "HAM", "IMPASSE": "IMP", "IMP": "IMP", "LOTISSEMENT": "LOT",
    "MAIL": "MAIL", "PARC": "PARC", "PASSAGE": "PAS", "PAS": "PAS", "PARVIS": "PRV",
    "PLACE": "PL", "PL": "PL", "PROMENADE": "PRO", "QUAI": "QUAI", "QUARTIER": "QUA",
    "RESIDENCE": "RES", "ROND-POINT": "RPT", "RPT": "RPT", "ROUTE": "RTE", "RTE": "RTE",
    "RUE": "RUE", "R": "RUE", "RUELLE": "RLE", "SENTE": "SEN", "SENTIER": "SEN",
    "SQUARE": "SQ", "SQ": "SQ", "TERRASSE": "TSSE", "VILLA": "VLA", "VOIE": "VOIE",
}  # fmt: skip
SUFFIXES = {"B": "B", "BIS": "B", "T": "T", "TER": "T", "Q": "Q", "QUATER": "Q", "C": "C"}
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_NUMBER = re.compile(r"[0-9]{1,9}")


def normalise(text) -> str:
    """Upper case, accents removed, every run of other characters one space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", bare.upper()).strip()


class Address(NamedTuple):
    commune: str
    numero: int
    indice: str
    type_voie: str
    voie: str

    @property
    def key(self) -> str:
        return f"{self.commune}|{self.numero}{self.indice}|{self.type_voie}|{self.voie}"


# The stock file's address columns, in this order after the commune.
COLUMNS = ["numero", "indice", "type_voie", "voie"]


def parts(commune, number, suffix, street_type, street) -> Address | None:
    """The address of SIRENE-like parts, None without a commune, a number or a street name."""
    street = normalise(street)
    digits = str(number if number is not None else "").strip(" ")
    if not _NUMBER.fullmatch(digits):
        return None
    number = int(digits)
    if not commune or not street or number <= 0:
        return None
    return Address(str(commune), number, normalise(suffix)[:1], normalise(street_type), street)


def parts_of_text(commune, text) -> Address | None:
    """Address of a typed text ("12 bis av. de la République, 93600 Aulnay"): the part
    before the first comma, number, optional suffix, optional street type, street name."""
    words = normalise(str(text or "").split(",")[0]).split()
    if not words:
        return None
    match = re.fullmatch(r"(\d+)([A-Z]?)", words[0])
    if not match:
        return None
    number, suffix, rest = match.group(1), match.group(2), words[1:]
    if not suffix and rest and rest[0] in SUFFIXES:
        suffix, rest = SUFFIXES[rest[0]], rest[1:]
    street_type = ""
    if len(rest) > 1 and rest[0] in STREET_TYPES:
        street_type, rest = STREET_TYPES[rest[0]], rest[1:]
    return parts(commune, number, suffix, street_type, " ".join(rest))


def normalise_sql(expression) -> str:
    """DuckDB's `normalise` of a text expression."""
    return (
        f"trim(regexp_replace(strip_accents(upper(coalesce(CAST({expression} AS VARCHAR), "
        "''))), '[^A-Z0-9]+', ' ', 'g'))"
    )


def sirene_parts_sql() -> list[tuple[str, str]]:
    """(column, DuckDB expression) of a StockEtablissement row's address parts (`COLUMNS`):
    `numero` NULL unless 1 to 9 digits above 0, `voie` NULL when empty, `indice` and
    `type_voie` '' when absent (so that they compare equal in joins). A row has an address
    when both `numero` and `voie` are set (its commune always is: it was kept for it)."""
    raw = trimmed(ident("numeroVoieEtablissement"))
    return [
        (
            "numero",
            f"nullif(CASE WHEN regexp_full_match({raw}, '[0-9]{{1,9}}') THEN CAST({raw} AS "
            "INTEGER) END, 0)",
        ),
        ("indice", f"left({normalise_sql(ident('indiceRepetitionEtablissement'))}, 1)"),
        ("type_voie", normalise_sql(ident("typeVoieEtablissement"))),
        ("voie", f"nullif({normalise_sql(ident('libelleVoieEtablissement'))}, '')"),
    ]


def street_sql(table) -> str:
    """A 64-bit hash of the street of a row of `table` (commune, street type, street name),
    NULL when it has no address."""
    return (
        f"CASE WHEN {table}.numero IS NOT NULL AND {table}.voie IS NOT NULL THEN "
        f"hash({table}.commune, {table}.type_voie, {table}.voie) END"
    )


def legacy_parts_sql(key_column) -> list[tuple[str, str]]:
    """The address parts of a key written as one text (`Address.key`), as stock files kept
    it before: `commune|number+suffix|street type|street name`."""
    number_suffix = f"split_part({key_column}, '|', 2)"
    return [
        (
            "numero",
            f"TRY_CAST(nullif(regexp_extract({number_suffix}, '^[0-9]+'), '') AS INTEGER)",
        ),
        ("indice", f"coalesce(regexp_extract({number_suffix}, '^[0-9]+(.*)$', 1), '')"),
        ("type_voie", f"coalesce(split_part({key_column}, '|', 3), '')"),
        ("voie", f"nullif(split_part({key_column}, '|', 4), '')"),
    ]
