"""Normalised street addresses, to place establishments whose SIRENE coordinates are
`[ND]` at a position the platform already knows for the same address: a surveyed premises,
or an establishment located in a SIRENE vintage (this one or another) at that address.

The key is `commune|number+suffix|street type|street name`, letters without accents,
upper case, anything else than letters and digits as one space. SIRENE gives the parts in
separate columns (the street type as INSEE's code: RUE, AV, BD…); the key is computed by
DuckDB at import (`sirene_key_sql`). A surveyed address is free text ("12 bis avenue de la
République"); `key_of_text` reads it into the same parts. Both normalise the street name
the same way (a property test compares them)."""

import re
import unicodedata

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


def key(commune, number, suffix, street_type, street) -> str | None:
    street = normalise(street)
    digits = str(number if number is not None else "").strip(" ")
    if not _NUMBER.fullmatch(digits):
        return None
    number = int(digits)
    if not commune or not street or number <= 0:
        return None
    suffix = normalise(suffix)[:1]
    return f"{commune}|{number}{suffix}|{normalise(street_type)}|{street}"


def key_of_text(commune, text) -> str | None:
    """Key of a typed address ("12 bis av. de la République, 93600 Aulnay"): the part
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
    return key(commune, number, suffix, street_type, " ".join(rest))


def normalise_sql(expression) -> str:
    """DuckDB's `normalise` of a text expression."""
    return (
        f"trim(regexp_replace(strip_accents(upper(coalesce(CAST({expression} AS VARCHAR), "
        "''))), '[^A-Z0-9]+', ' ', 'g'))"
    )


def sirene_key_sql(commune="codeCommuneEtablissement") -> str:
    """The key of a StockEtablissement row, NULL without a number or a street name. Each part
    is computed once: a missing commune, number or street name is NULL, which makes the
    whole key NULL (a CASE around the key would compute its parts twice, ~1 s at national
    size)."""
    raw = trimmed(ident("numeroVoieEtablissement"))
    number = (
        f"CAST(nullif(CASE WHEN regexp_full_match({raw}, '[0-9]{{1,9}}') THEN CAST({raw} AS "
        "BIGINT) END, 0) AS VARCHAR)"
    )
    street = f"nullif({normalise_sql(ident('libelleVoieEtablissement'))}, '')"
    suffix = f"left({normalise_sql(ident('indiceRepetitionEtablissement'))}, 1)"
    street_type = normalise_sql(ident("typeVoieEtablissement"))
    code = f"nullif({trimmed(ident(commune))}, '')"
    return f"{code} || '|' || {number} || {suffix} || '|' || {street_type} || '|' || {street}"
