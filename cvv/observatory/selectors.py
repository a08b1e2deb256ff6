"""Reads of the observatory: published indicators (public), scoped surveys (private)."""

import statistics
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from cvv.observatory.models import Computation, DataImport, IndicatorRow, Survey
from cvv.organisations.access import visible

SIZE_CLASSES = [
    (0, 20_000, "moins de 20 000 habitants"),
    (20_000, 50_000, "20 000 à 50 000 habitants"),
    (50_000, 100_000, "50 000 à 100 000 habitants"),
    (100_000, 10**9, "100 000 habitants et plus"),
]


def reference_dates():
    return list(
        Computation.objects.order_by("-reference_date").values_list("reference_date", flat=True)
    )


def computation_for(date=None):
    computations = Computation.objects.order_by("-reference_date")
    if date:
        return computations.filter(reference_date=date).first()
    return computations.first()


def rows(level, reference_date):
    return list(
        IndicatorRow.objects.filter(level=level, reference_date=reference_date).order_by("code")
    )


def series(level, code):
    return list(
        IndicatorRow.objects.filter(level=level, code=code)
        .select_related("computation")
        .order_by("reference_date")
    )


def latest_commune_values(codes, name) -> dict:
    """One indicator of these communes (INSEE codes) at the latest computation: {code:
    value}, communes without a value left out (used by the network's peer matching)."""
    computation = computation_for()
    if computation is None or not codes:
        return {}
    found = IndicatorRow.objects.filter(
        computation=computation, level=IndicatorRow.Level.COMMUNE, code__in=list(codes)
    ).values_list("code", "values")
    return {code: values[name] for code, values in found if values.get(name) is not None}


def size_class(population):
    for low, high, label in SIZE_CLASSES:
        if low <= (population or 0) < high:
            return low, high, label
    return SIZE_CLASSES[-1]


def median(values):
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


@dataclass(frozen=True)
class PeerComparison:
    """A commune's indicators next to the medians of every commune and of its peers (the
    communes of its size class), at the date of its latest computed row."""

    size_label: str
    peers: int  # communes of the size class computed at that date (the commune included)
    medians: dict  # indicator name -> (median of all communes, median of the peers)


def peer_comparison(commune, reference_date, names) -> PeerComparison:
    """Medians of `names` at `reference_date`: over every commune, and over the communes of
    the commune's size class (by its population; peers by the population of their row)."""
    same_date = rows(IndicatorRow.Level.COMMUNE, reference_date)
    low, high, size_label = size_class(commune.population)
    peers = [r for r in same_date if low <= (r.values.get("population") or 0) < high]
    return PeerComparison(
        size_label=size_label,
        peers=len(peers),
        medians={
            name: (
                median(r.values.get(name) for r in same_date),
                median(r.values.get(name) for r in peers),
            )
            for name in names
        },
    )


def public_imports():
    return DataImport.objects.filter(
        status__in=[DataImport.Status.SUCCEEDED, DataImport.Status.REPLACED]
    ).order_by("kind", "-vintage", "-pk")


def surveys_visible_to(user):
    """Surveys of the person's own communes (territory agents see none), all for staff."""
    return visible(Survey.objects.select_related("commune", "created_by"), user, own=True)


def survey_for_view(user, pk):
    return get_object_or_404(surveys_visible_to(user), pk=pk)


def survey_for_edit(user, pk):
    """A survey the user may edit: one they can see (own commune, or any for the Métropole's
    staff) that was entered on the platform, not imported from a file."""
    survey = survey_for_view(user, pk)
    if survey.data_import_id is not None:
        raise Http404("Relevé hors de votre périmètre.")
    return survey
