"""`cvv observatory compute`: indicators of every level for a reference date, stored as one
Computation (recomputing a date replaces it), and the communes' need index."""

import statistics
import time

from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.observatory import compute
from cvv.observatory.indicators import Counts, Vacancy, ratio, values_of
from cvv.observatory.models import Computation, IndicatorRow
from cvv.observatory.territory import PARIS_ARRONDISSEMENTS
from cvv.territories.models import (
    METROPOLE_CODE,
    METROPOLE_NAME,
    PARIS_CODE,
    Arrondissement,
    Commune,
    Territoire,
)
from cvv.territories.need import need_index_update

NEED_SOURCE = "Observatoire des centres-villes, indicateurs au {date}"


def _sum(items, factory):
    total = factory()
    for item in items:
        if item is not None:
            total.add(item)
    return total


def compute_indicators(*, reference_date=None, actor=None) -> Computation:
    started = time.monotonic()
    if reference_date is None:
        latest = compute.choose_sirene_import(timezone.localdate())
        if latest is None:
            raise compute.ComputeError(
                "Aucun import SIRENE réussi : importez d’abord un stock d’établissements "
                "(cvv observatory import-sirene FICHIER)."
            )
        reference_date = latest.vintage
    sirene = compute.choose_sirene_import(reference_date)
    if sirene is None:
        raise compute.ComputeError(
            "Aucun import SIRENE réussi : importez d’abord un stock d’établissements."
        )
    versions = compute.current_versions()
    by_code, by_version, report = compute.sirene_counts(sirene, reference_date, versions)
    pops, pop_import = compute.populations(reference_date)
    bpe, bpe_import = compute.bpe_counts(reference_date)
    has_bpe = bpe_import is not None
    vacancy, vacancy_version = compute.vacancy_by(reference_date, versions)
    if sirene.vintage < reference_date:
        report["avertissement"] = (
            f"Date de référence postérieure au millésime SIRENE le plus récent "
            f"({sirene.vintage:%d/%m/%Y}) : les établissements créés ou fermés depuis manquent."
        )
    rows = []
    year = reference_date.year

    def add(level, code, nom, counts, population, vac, bpe_count, **extra):
        rows.append(
            IndicatorRow(
                reference_date=reference_date,
                level=level,
                code=code,
                nom=nom,
                values=values_of(counts, population, vac, bpe_count),
                **extra,
            )
        )

    arrondissements = list(Arrondissement.objects.defer("contour").order_by("code"))
    for a in arrondissements:
        add(
            IndicatorRow.Level.ARRONDISSEMENT,
            a.code,
            a.nom,
            by_code.get(a.code, Counts()),
            pops.get(a.code),
            vacancy.get(a.code),
            bpe.get(a.code, 0) if has_bpe else None,
            commune_code=PARIS_CODE,
        )
    commune_counts, commune_vac, commune_bpe = {}, {}, {}
    communes = list(Commune.objects.select_related("territoire").defer("contour").order_by("code"))
    for commune in communes:
        if commune.code == PARIS_CODE:
            counts = _sum((by_code.get(c) for c in PARIS_ARRONDISSEMENTS), Counts)
            bpe_count = sum(bpe.get(c, 0) for c in PARIS_ARRONDISSEMENTS) if has_bpe else None
        else:
            counts = by_code.get(commune.code, Counts())
            bpe_count = bpe.get(commune.code, 0) if has_bpe else None
        commune_counts[commune.code] = counts
        commune_vac[commune.code] = vacancy.get(commune.code)
        commune_bpe[commune.code] = bpe_count
        add(
            IndicatorRow.Level.COMMUNE,
            commune.code,
            commune.nom,
            counts,
            pops.get(commune.code),
            commune_vac[commune.code],
            bpe_count,
            commune_code=commune.code,
        )
    groups = [
        (IndicatorRow.Level.EPT, t.code, t.nom, [c for c in communes if c.territoire_id == t.pk])
        for t in Territoire.objects.all()
    ]
    groups.append((IndicatorRow.Level.METROPOLE, METROPOLE_CODE, METROPOLE_NAME, communes))
    for level, code, nom, members in groups:
        codes = [c.code for c in members]
        add(
            level,
            code,
            nom,
            _sum((commune_counts[c] for c in codes), Counts),
            sum(pops.get(c) or 0 for c in codes),
            _sum((commune_vac[c] for c in codes), Vacancy),
            sum(commune_bpe[c] or 0 for c in codes) if has_bpe else None,
        )
    for version in versions:
        centralite = version.centralite
        add(
            IndicatorRow.Level.CENTRALITE,
            str(centralite.pk),
            f"{centralite.nom} — {centralite.commune.nom}",
            by_version.get(version.pk, Counts()),
            None,
            vacancy_version.get(version.pk),
            None,
            commune_code=centralite.commune.code,
            centralite_version=version,
        )
        # Establishments that cannot be placed but stand on the perimeter's streets may be in
        # it: their number, and their share of those counted plus them, go with its figures.
        missed = by_version.get(version.pk, Counts())
        rows[-1].values.update(
            etablissements_non_localises=missed.non_localises,
            part_non_localisee=ratio(missed.non_localises, missed.actifs + missed.non_localises),
        )
    need = need_indices([r for r in rows if r.level == IndicatorRow.Level.COMMUNE])
    for row in rows:
        if row.level == IndicatorRow.Level.COMMUNE:
            row.values["indice_besoin"] = need.get(row.code)
    report.update(
        {
            "sirene_import": sirene.pk,
            "sirene_millesime": sirene.vintage.isoformat(),
            "population_import": pop_import.pk if pop_import else None,
            "bpe_import": bpe_import.pk if bpe_import else None,
            "annee": year,
        }
    )
    with transaction.atomic():
        Computation.objects.filter(reference_date=reference_date).delete()
        computation = Computation.objects.create(
            reference_date=reference_date,
            sirene_import=sirene,
            bpe_import=bpe_import,
            population_import=pop_import,
            report=report,
            synthetic=sirene.synthetic,
            created_by=actor,
        )
        for row in rows:
            row.computation = computation
        IndicatorRow.objects.bulk_create(rows, batch_size=500)
        is_latest = not Computation.objects.filter(reference_date__gt=reference_date).exists()
        if is_latest and need:
            need_index_update(
                values=need, source=NEED_SOURCE.format(date=reference_date.strftime("%d/%m/%Y"))
            )
        computation.duration_s = round(time.monotonic() - started, 3)
        computation.save(update_fields=["duration_s"])
        log_action(
            "observatory.indicators.computed",
            actor=actor,
            obj=computation,
            data={"reference_date": str(reference_date), "rows": len(rows)},
        )
    return computation


def _zscores(values: dict) -> dict:
    present = {k: v for k, v in values.items() if v is not None}
    if len(present) < 2:
        return {}
    mean = statistics.fmean(present.values())
    spread = statistics.pstdev(present.values())
    if not spread:
        return dict.fromkeys(present, 0.0)
    return {k: (v - mean) / spread for k, v in present.items()}


def need_indices(commune_rows) -> dict:
    """Need index of each commune (see the methodology page): the mean of the available
    standardised components — low commercial density (−z of densite_commerciale), vacancy
    (z of taux_vacance, only where surveyed) and a negative net balance (−z of
    solde / commerces_proximite)."""
    values = {r.code: r.values for r in commune_rows}
    density = _zscores({c: v["densite_commerciale"] for c, v in values.items()})
    vacancy = _zscores({c: v["taux_vacance"] for c, v in values.items()})
    balance = _zscores(
        {
            c: (v["solde"] / v["commerces_proximite"]) if v["commerces_proximite"] else None
            for c, v in values.items()
        }
    )
    result = {}
    for code in values:
        parts = []
        if code in density:
            parts.append(-density[code])
        if code in vacancy:
            parts.append(vacancy[code])
        if code in balance:
            parts.append(-balance[code])
        if parts:
            result[code] = round(statistics.fmean(parts), 4)
    return result
