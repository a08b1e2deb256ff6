"""Synthetic SIRENE files in the exact official schema (54 columns of StockEtablissement,
16 of StockEtablissementHistorique), generated with numpy/pyarrow, reproducibly (seeded).

Used by the demo (Métropole only, density following population, concentrated around the
town halls, creations and closures over six years) and by bench/observatory.py (millions of
rows, ~13 % in the Métropole, the rest elsewhere in France). Pure Python: no Django."""

import datetime as dt
import zlib
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cvv.observatory.nomenclature import mapping
from cvv.observatory.schema import SIRENE_HISTORY_COLUMNS, SIRENE_STOCK_COLUMNS
from cvv.territories import geo

CATEGORY_WEIGHTS = {
    "alimentaire": 0.19,
    "equipement_personne": 0.10,
    "equipement_maison": 0.08,
    "culture_loisirs": 0.06,
    "hygiene_sante_beaute": 0.16,
    "cafes_hotels_restaurants": 0.25,
    "services_commerciaux": 0.11,
    "autres_commerces": 0.05,
}
OTHER_CODES = [
    "70.22Z", "68.20A", "62.01Z", "86.21Z", "43.21A", "49.32Z", "41.20A", "69.20Z",
    "85.59A", "90.01Z", "74.10Z", "81.21Z", "46.90Z", "86.90E", "53.20Z", "94.99Z",
]  # fmt: skip
STREETS = ["de la République", "Jean Jaurès", "Victor Hugo", "de Paris", "Gambetta",
           "du Général Leclerc", "Pasteur", "de la Gare", "Carnot", "des Écoles",
           "Jean Moulin", "de la Mairie", "Voltaire", "Émile Zola", "Louis Pasteur",
           "du Marché", "des Lilas", "de Verdun", "Anatole France", "Paul Vaillant-Couturier",
           "Maximilien Robespierre", "Marcel Cachin", "Henri Barbusse", "de Stalingrad",
           "du 8 Mai 1945", "de la Liberté", "des Tilleuls", "du Moulin", "Jules Ferry",
           "de Strasbourg", "Aristide Briand", "Gabriel Péri", "Danielle Casanova",
           "Lénine", "de l'Église", "du Château", "des Frères Lumière", "Saint-Denis",
           "de Metz", "du Progrès"]  # fmt: skip
STREET_TYPES = ["RUE", "AV", "BD", "PL", "ALL", "CHE"]
# Streets follow the position: each block of STREET_BLOCK_M metres has one street (type and
# name drawn from the block's coordinates) and numbers rising across it, so that
# establishments close together share a street and the same building shares an address, as
# in SIRENE (an establishment without coordinates keeps the street of where it stands).
STREET_BLOCK_M = 200.0
SIGNS = ["", "", "", "AU BON PAIN", "LE COMPTOIR", "CHEZ NOUS", "L'ATELIER", "BIO & CO",
         "LA FOURNEE", "LE PETIT CAFE", "OPTIQUE DU CENTRE", "PRESSING MODERNE"]  # fmt: skip
EPOCH = dt.date(1970, 1, 1)


def _streets(x, y):
    """(number, street type, street name) arrays of positions in Lambert-93 metres: one
    street per block of STREET_BLOCK_M metres, numbers 1–100 across the block (a building is
    a 4-metre step), see STREET_BLOCK_M."""
    bx = np.floor(x / STREET_BLOCK_M).astype(np.int64)
    by = np.floor(y / STREET_BLOCK_M).astype(np.int64)
    block = np.abs((bx * 73_856_093) ^ (by * 19_349_663))
    names = pa.array([s.upper() for s in STREETS])
    types = pa.array(STREET_TYPES)
    name = names.take(pa.array(block % len(STREETS)))
    kind = types.take(pa.array((block // len(STREETS)) % len(STREET_TYPES)))
    within = (x - bx * STREET_BLOCK_M + y - by * STREET_BLOCK_M) // 4
    number = pc.cast(pa.array(1 + within.astype(np.int64)), pa.string())
    return number, kind, name


def _pick(rng, values, size, p=None):
    return pa.array(values).take(pa.array(rng.choice(len(values), size=size, p=p)))


def _days(date):
    return (date - EPOCH).days


def _date_strings(days, null_mask=None):
    array = pa.array(days.astype("int32"), type=pa.int32()).cast(pa.date32())
    strings = pc.cast(array, pa.string())
    if null_mask is not None:
        strings = pc.if_else(pa.array(null_mask), pa.scalar(None, pa.string()), strings)
    return strings


# Calibration of the demonstration data on published orders of magnitude (the sources are
# stated on the observatory's sources page, `templates/observatory/sources.html`):
# - the stock of local shops moves by a few per cent a year: the yearly net change of a
#   commune is drawn from its profile, between −3 % and +2.5 %;
# - yearly rotation (openings + closures) / shops around 8–12 %, closures of the same order
#   as openings;
# - field-survey vacancy around 8–12 % (APUR, Paris: 9.3 % in 2017, 10.5 % in 2020, 10.9 %
#   in 2023; Procos: 11.9 % in 2018 across French town centres, alert threshold 7.5 %), a
#   few communes above 13 %.
PROFILE_SHARES = {"stable": 0.45, "declining": 0.22, "recovering": 0.18, "growing": 0.15}
PROFILE_LABELS = {
    "stable": "stable",
    "declining": "en déclin",
    "recovering": "en reprise",
    "growing": "en croissance",
}
ROTATION_RANGE = (0.08, 0.12)
HISTORY_CLOSED_SHARE = 0.25  # establishments closed before the window, per active one


@dataclass(frozen=True)
class Profile:
    kind: str
    rotation: float  # yearly (openings + closures) / stock
    trend: tuple  # yearly net change of the stock, one per year of the window
    vacancy: tuple  # field-survey vacancy rate: (earlier survey, later survey)

    @property
    def label(self):
        return PROFILE_LABELS[self.kind]

    def rates(self):
        """Yearly opening and closure rates (per establishment alive), per window year."""
        opening = [(self.rotation + g) / 2 for g in self.trend]
        closure = [(self.rotation - g) / 2 for g in self.trend]
        return opening, closure


def profile(code, *, years=6, seed=2026):
    """The commune's demonstration profile, drawn from its code and the seed only (the
    same for a commune whatever the other places generated with it)."""
    rng = np.random.default_rng([seed, zlib.crc32(code.encode())])
    kinds = list(PROFILE_SHARES)
    kind = kinds[rng.choice(len(kinds), p=list(PROFILE_SHARES.values()))]
    rotation = float(rng.uniform(*ROTATION_RANGE))
    down, up = float(rng.uniform(-0.03, -0.012)), float(rng.uniform(0.008, 0.025))
    if kind == "stable":
        trend = (float(rng.uniform(-0.008, 0.008)),) * years
        vacancy = float(rng.uniform(0.07, 0.11))
        vacancy = (vacancy, vacancy + float(rng.uniform(-0.01, 0.01)))
    elif kind == "declining":
        trend = (down,) * years
        vacancy = float(rng.uniform(0.10, 0.14))
        vacancy = (vacancy, vacancy + float(rng.uniform(0.01, 0.03)))
    elif kind == "recovering":
        trend = (down,) * (years // 2) + (up,) * (years - years // 2)
        vacancy = float(rng.uniform(0.11, 0.15))
        vacancy = (vacancy, vacancy - float(rng.uniform(0.02, 0.04)))
    else:
        trend = (float(rng.uniform(0.008, 0.02)),) * years
        vacancy = float(rng.uniform(0.05, 0.08))
        vacancy = (vacancy, vacancy - float(rng.uniform(0.0, 0.01)))
    return Profile(kind, rotation, trend, vacancy)


def _window_start(vintage, years):
    try:
        return vintage.replace(year=vintage.year - years)
    except ValueError:  # 29 February
        return vintage.replace(year=vintage.year - years, day=28)


def _life_dates(rng, place_index, codes, vintage, years, seed):
    """Creation and closure dates (days since 1970) of every row. Three kinds of rows per
    commune, in the proportions its profile implies: alive at the window's start (created
    over the decades before), opened during the window (year drawn in proportion to the
    expected openings of that year), closed before the window. Alive establishments close
    with the profile's yearly closure rate (a piecewise-constant hazard)."""
    n = len(place_index)
    start = _days(_window_start(vintage, years))
    year_days = (_days(vintage) - start) / years
    opening = np.empty((len(codes), years))
    hazard = np.empty((len(codes), years))
    for i, code in enumerate(codes):
        opening[i], hazard[i] = profile(code, years=years, seed=seed).rates()
    relative_stock = np.cumprod(
        np.hstack([np.ones((len(codes), 1)), 1 + opening - hazard]), axis=1
    )[:, :years]
    expected_openings = opening * relative_stock  # per year, per establishment at start
    total_openings = expected_openings.sum(axis=1)
    scale = 1 + total_openings + HISTORY_CLOSED_SHARE
    draw = rng.random(n)
    kind = np.where(
        draw < (1 / scale)[place_index],
        0,
        np.where(draw < ((1 + total_openings) / scale)[place_index], 1, 2),
    )
    # Start of each row's life, in window years (negative: before the window).
    # Ages of a stationary population (exponential, mean 1 / closure rate: ~20 years), so
    # that creations just before the window run at about the profile's opening rate.
    age = np.minimum(
        rng.exponential(1.0, n) / hazard[place_index, 0],
        (start - _days(dt.date(1975, 1, 1))) / 365.25,
    )
    year_cdf = np.cumsum(expected_openings, axis=1) / total_openings[:, None]
    opened_year = (rng.random(n)[:, None] > year_cdf[place_index]).sum(axis=1)
    t0 = np.where(kind == 1, opened_year + rng.random(n), -age * 365.25 / year_days)
    # Closure: cumulative hazard from max(t0, 0) reaches an exponential draw.
    cumulative = np.hstack([np.zeros((len(codes), 1)), np.cumsum(hazard, axis=1)])
    begin = np.clip(t0, 0, years)
    whole = np.minimum(begin.astype(int), years - 1)
    rows_hazard = hazard[place_index]
    at_begin = cumulative[place_index, whole] + rows_hazard[np.arange(n), whole] * (begin - whole)
    target = at_begin + rng.exponential(1.0, n)
    rows_cumulative = cumulative[place_index]
    closes = (target < rows_cumulative[:, years]) & (kind != 2)
    year = np.minimum((target[:, None] >= rows_cumulative[:, 1:]).sum(axis=1), years - 1)
    t_close = (
        year + (target - rows_cumulative[np.arange(n), year]) / rows_hazard[np.arange(n), year]
    )
    created = start + np.floor(t0 * year_days).astype("int64")
    closing = start + np.floor(t_close * year_days).astype("int64")
    # Closed before the window: created over the decades, closed before its start.
    history = kind == 2
    created = np.where(history, start - 1 - np.floor(age * 365.25).astype("int64"), created)
    closing = np.where(
        history, created + np.floor(rng.random(n) * (start - created)).astype("int64"), closing
    )
    closed = closes | history
    closing = np.where(closed, np.maximum(closing, created + 1), 0)
    return created, closed, closing


def generate(
    *,
    places,
    n_rows,
    vintage,
    seed=2026,
    metro_share=1.0,
    other_codes=None,
    history_years=6,
    centre_share=0.45,
):
    """`places`: list of (sirene code, weight, lon, lat, spread_m). Returns (stock, history)
    pyarrow tables in the official schemas."""
    rng = np.random.default_rng(seed)
    n = int(n_rows)
    is_metro = rng.random(n) < metro_share
    weights = np.array([p[1] for p in places], dtype="float64")
    place_index = rng.choice(len(places), size=n, p=weights / weights.sum())
    codes = np.array([p[0] for p in places], dtype=object)
    commune = pa.array(codes[place_index], type=pa.string())
    if other_codes:
        others = pa.array(other_codes).take(pa.array(rng.integers(0, len(other_codes), n)))
        commune = pc.if_else(pa.array(is_metro), commune, others)
    lon0 = np.array([p[2] for p in places])[place_index]
    lat0 = np.array([p[3] for p in places])[place_index]
    spread = np.array([p[4] for p in places])[place_index]
    x0, y0 = geo.wgs84_to_lambert93_arrays(lon0, lat0)
    central = rng.random(n) < centre_share
    sigma = np.where(central, 120.0, spread)
    x = x0 + rng.normal(0, 1, n) * sigma
    y = y0 + rng.normal(0, 1, n) * sigma
    diffusion_p = rng.random(n) < 0.04
    no_coords = diffusion_p | (rng.random(n) < 0.02)
    x_text = pc.cast(pa.array(np.round(x, 1)), pa.string())
    y_text = pc.cast(pa.array(np.round(y, 1)), pa.string())
    nd = pa.array(no_coords)
    x_text = pc.if_else(nd, pa.scalar("[ND]"), x_text)
    y_text = pc.if_else(nd, pa.scalar("[ND]"), y_text)

    # Activity: ~35 % local trade (the mapping), the rest other activities.
    by_category = {}
    for (nomenclature, code), category in mapping().items():
        if nomenclature == "NAFRev2":
            by_category.setdefault(category, []).append(code)
    mapped_codes, mapped_p = [], []
    for category, weight in CATEGORY_WEIGHTS.items():
        for code in by_category[category]:
            mapped_codes.append(code)
            mapped_p.append(weight / len(by_category[category]))
    mapped = rng.random(n) < 0.35
    activity = pc.if_else(
        pa.array(mapped),
        _pick(rng, mapped_codes, n, np.array(mapped_p) / sum(mapped_p)),
        _pick(rng, OTHER_CODES, n),
    )
    old_nomenclature = rng.random(n) < 0.006
    nomenclature = pc.if_else(
        pa.array(old_nomenclature),
        _pick(rng, ["NAFRev1", "NAF1993", "NAP"], n, [0.6, 0.3, 0.1]),
        pa.scalar("NAFRev2"),
    )
    naf25 = pc.if_else(pa.array(old_nomenclature), pa.scalar(None, pa.string()), activity)

    # Dates: each commune follows its profile (see `profiles`) over the window.
    created, closed, closing = _life_dates(rng, place_index, codes, vintage, history_years, seed)
    unknown_creation = (rng.random(n) < 0.004) & (created < _days(_window_start(vintage, 0)))
    end = _days(vintage)
    created_text = _date_strings(created)
    created_text = pc.if_else(pa.array(unknown_creation), pa.scalar("1900-01-01"), created_text)
    date_debut = np.where(closed, closing, created)
    etat = pc.if_else(pa.array(closed), pa.scalar("F"), pa.scalar("A"))
    employer = _pick(rng, ["O", "N", None], n, [0.3, 0.62, 0.08])

    number, street_type, street_name = _streets(x, y)
    siren = pc.utf8_lpad(pc.cast(pa.array(100_000_000 + np.arange(n) * 7), pa.string()), 9, "0")
    nic = pc.utf8_lpad(pc.cast(pa.array(rng.integers(1, 99_999, n)), pa.string()), 5, "0")
    siret = pc.binary_join_element_wise(siren, nic, "")
    empty = pa.nulls(n, pa.string())
    columns = dict.fromkeys(SIRENE_STOCK_COLUMNS, empty)
    columns.update(
        {
            "siren": siren,
            "nic": nic,
            "siret": siret,
            "statutDiffusionEtablissement": pc.if_else(
                pa.array(diffusion_p), pa.scalar("P"), pa.scalar("O")
            ),
            "dateCreationEtablissement": created_text,
            "trancheEffectifsEtablissement": _pick(rng, ["NN", "00", "01", "02", "03", "11"], n),
            "anneeEffectifsEtablissement": _pick(rng, [None, "2021", "2022", "2023"], n),
            "dateDernierTraitementEtablissement": pc.binary_join_element_wise(
                _date_strings(np.maximum(date_debut, end - 400)), pa.scalar("T03:12:45"), ""
            ),
            "etablissementSiege": _pick(rng, ["true", "false"], n, [0.7, 0.3]),
            "nombrePeriodesEtablissement": pc.if_else(
                pa.array(closed), pa.scalar("2"), pa.scalar("1")
            ),
            "numeroVoieEtablissement": number,
            "typeVoieEtablissement": street_type,
            "libelleVoieEtablissement": street_name,
            "codePostalEtablissement": pc.utf8_slice_codeunits(commune, 0, 5),
            "libelleCommuneEtablissement": commune,
            "codeCommuneEtablissement": commune,
            "coordonneeLambertAbscisseEtablissement": x_text,
            "coordonneeLambertOrdonneeEtablissement": y_text,
            "dateDebut": _date_strings(date_debut),
            "etatAdministratifEtablissement": etat,
            "enseigne1Etablissement": _pick(rng, SIGNS, n),
            "activitePrincipaleEtablissement": activity,
            "nomenclatureActivitePrincipaleEtablissement": nomenclature,
            "caractereEmployeurEtablissement": employer,
            "activitePrincipaleNAF25Etablissement": naf25,
        }
    )
    stock = pa.table({name: columns[name] for name in SIRENE_STOCK_COLUMNS})
    return stock, _history(stock, closed, created, closing)


def _history(stock, closed, created, closing):
    """Periods: one 'A' period from creation, and for closed establishments a 'F' period
    from the closure date (the active one ending the day before)."""
    closed_index = pa.array(np.flatnonzero(closed))
    first_end = np.where(closed, closing - 1, 0)
    first = {
        "siret": stock["siret"],
        "dateFin": _date_strings(first_end, ~closed),
        "dateDebut": _date_strings(created),
        "etatAdministratifEtablissement": pa.array(["A"] * len(stock)),
    }
    second = {
        "siret": stock["siret"].take(closed_index),
        "dateFin": pa.nulls(len(closed_index), pa.string()),
        "dateDebut": _date_strings(closing[closed]),
        "etatAdministratifEtablissement": pa.array(["F"] * len(closed_index)),
    }
    tables = []
    for part, index in ((first, None), (second, closed_index)):
        size = len(part["siret"])
        cols = {}
        for name in SIRENE_HISTORY_COLUMNS:
            if name in part:
                cols[name] = part[name]
            elif name in stock.column_names:
                column = stock[name].combine_chunks()
                cols[name] = column if index is None else column.take(index)
            elif name.startswith("changement"):
                cols[name] = pa.array(["false"] * size)
            else:
                cols[name] = pa.nulls(size, pa.string())
        tables.append(pa.table(cols))
    return pa.concat_tables(tables)
