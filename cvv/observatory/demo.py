"""Demo data of the observatory ("données de démonstration"): a reproducible synthetic
SIRENE stock and history for the 130 communes, imported through the real importer, field
surveys for twenty communes, then the indicators at six year-ends (so the need index
exists). Idempotent: a second run imports nothing again."""

import csv
import datetime as dt
import math
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from cvv.observatory import services, synthetic
from cvv.observatory.compute_service import compute_indicators
from cvv.observatory.models import Computation, DataImport
from cvv.observatory.schema import SURVEY_COLUMNS
from cvv.territories import geo
from cvv.territories.models import PARIS_CODE, Arrondissement, Commune

ORDER = 20
VINTAGE = dt.date(2025, 12, 31)
REFERENCE_DATES = [dt.date(year, 12, 31) for year in range(2020, 2026)]
INHABITANTS_PER_ESTABLISHMENT = 25
SEED = 2026
SURVEY_YEARS = (2023, 2025)
SURVEY_COMMUNES = [
    "93005", "93048", "93066", "92012", "92025", "94028", "94068", "93008", "92044", "94081",
    "92004", "93029", "94033", "93070", "92050", "94017", "93051", "92036", "94080", "75056",
]  # fmt: skip


def places():
    result = []
    for commune in Commune.objects.exclude(code=PARIS_CODE):
        spread = math.sqrt(geo.area_m2(commune.geometry)) / 4
        result.append(
            (commune.code, commune.population, commune.mairie_lon, commune.mairie_lat, spread)
        )
    for a in Arrondissement.objects.all():
        lon, lat = a.mairie_lon, a.mairie_lat
        if lon is None:
            centre = a.geometry.representative_point()
            lon, lat = centre.x, centre.y
        result.append((a.code, a.population, lon, lat, math.sqrt(geo.area_m2(a.geometry)) / 4))
    return result


def profile_summary():
    """« 60 communes ou arrondissements stables, 30 en déclin… » (demonstration profiles)."""
    kinds = Counter(synthetic.profile(p[0], seed=SEED).kind for p in places())
    parts = [f"{kinds[k]} {synthetic.PROFILE_LABELS[k]}" for k in synthetic.PROFILE_SHARES]
    return "profils des communes et arrondissements : " + ", ".join(parts)


def _write_sirene(folder: Path):
    items = places()
    total = sum(p[1] for p in items)
    stock, history = synthetic.generate(
        places=items, n_rows=total // INHABITANTS_PER_ESTABLISHMENT, vintage=VINTAGE, seed=SEED
    )
    pq.write_table(stock, folder / "StockEtablissement_demo.parquet", compression="zstd")
    pq.write_table(history, folder / "StockEtablissementHistorique_demo.parquet")
    return (
        folder / "StockEtablissement_demo.parquet",
        folder / "StockEtablissementHistorique_demo.parquet",
    )


def _write_surveys(folder: Path, survey: int):
    """The demo's field-survey file of campaign `survey` (one per year of SURVEY_YEARS: the
    importer makes one survey per commune and file, dated by its latest observation)."""
    year = SURVEY_YEARS[survey]
    rng = np.random.default_rng(93 + survey)
    path = folder / f"releves_demo_{year}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SURVEY_COLUMNS)
        writer.writeheader()
        communes = {c.code: c for c in Commune.objects.filter(code__in=SURVEY_COMMUNES)}
        arrondissements = list(Arrondissement.objects.all())
        for code in SURVEY_COMMUNES:
            commune = communes[code]
            for i in range(int(rng.integers(60, 140))):
                target = arrondissements[i % 20] if code == PARIS_CODE else commune
                # Vacancy of the commune's (or arrondissement's) demonstration profile.
                rate = synthetic.profile(target.code, seed=SEED).vacancy[survey]
                lon = (target.mairie_lon or commune.mairie_lon) + rng.normal(0, 0.0025)
                lat = (target.mairie_lat or commune.mairie_lat) + rng.normal(0, 0.0017)
                draw = rng.random()
                status = "vacant" if draw < rate else "travaux" if draw < rate + 0.02 else "occupe"
                writer.writerow(
                    {
                        "code_commune": target.code,
                        "date_releve": dt.date(year, 6, 1 + i % 20).isoformat(),
                        "adresse": f"{1 + i} {synthetic.STREETS[i % 10].lower()}",
                        "longitude": f"{lon:.6f}",
                        "latitude": f"{lat:.6f}",
                        "statut": status,
                        "activite": "" if status != "occupe" else "commerce",
                        "enqueteur": "Relevé de démonstration",
                    }
                )
    return path


def load(*, stdout):
    imports = DataImport.objects.filter(synthetic=True, status=DataImport.Status.SUCCEEDED)
    with tempfile.TemporaryDirectory(prefix="cvv-demo-observatoire-") as tmp:
        folder = Path(tmp)
        if not imports.filter(kind=DataImport.Kind.SIRENE, vintage=VINTAGE).exists():
            stock, history = _write_sirene(folder)
            done = services.import_file(
                kind=DataImport.Kind.SIRENE,
                path=stock,
                history=history,
                vintage=VINTAGE,
                synthetic=True,
            )
            if done.status != DataImport.Status.SUCCEEDED:
                raise RuntimeError(done.error)
            stdout.write(
                f"Observatoire : {done.rows_kept} établissements de démonstration importés "
                f"({profile_summary()})."
            )
        for survey, year in enumerate(SURVEY_YEARS):
            if imports.filter(kind=DataImport.Kind.SURVEY, vintage__year=year).exists():
                continue
            done = services.import_file(
                kind=DataImport.Kind.SURVEY, path=_write_surveys(folder, survey), synthetic=True
            )
            if done.status != DataImport.Status.SUCCEEDED:
                raise RuntimeError(done.error)
            stdout.write(
                f"Observatoire : {done.rows_kept} locaux relevés en {year} (démonstration)."
            )
    existing = set(Computation.objects.values_list("reference_date", flat=True))
    for reference_date in REFERENCE_DATES:
        if reference_date not in existing:
            compute_indicators(reference_date=reference_date)
    stdout.write("Observatoire : indicateurs calculés (2020–2025) et indice de besoin à jour.")
