"""Reads of the impact measure: the accompanied communes (programme), their indicators before
the accompaniment and now (observatory), and their comparison groups (`engine`).

`commune_impacts(user)` returns the impacts of the accompanied communes the person may see,
and `programme_averages(impacts)` the average effects over them. The comparison pool is
always every never-accompanied commune (what a reader may see does not change the figures
shown for a commune they may see)."""

from collections import defaultdict
from dataclasses import dataclass

from cvv.impact import engine
from cvv.observatory.models import IndicatorRow
from cvv.observatory.selectors import reference_dates, size_class
from cvv.organisations.access import visible
from cvv.programme.models import Accompaniment
from cvv.territories.models import Commune

INDICATORS = [
    ("commerces_proximite", "Commerces de proximité"),
    ("densite_commerciale", "Densité commerciale (pour 1 000 habitants)"),
    ("solde", "Solde ouvertures − fermetures"),
    ("taux_rotation", "Taux de rotation"),
    ("taux_vacance", "Taux de vacance (relevés)"),
    ("indice_diversite", "Indice de diversité"),
]
LABELS = dict(INDICATORS)


@dataclass(frozen=True)
class CommuneImpact:
    commune: Commune
    started_on: object
    before_date: object  # None: no computation before the accompaniment
    now_date: object
    synthetic: bool
    estimates: dict  # indicator -> engine.Estimate

    @property
    def measurable(self) -> bool:
        return self.before_date is not None and self.before_date != self.now_date


def _number(values, name):
    value = (values or {}).get(name)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _first_accompaniments():
    """{commune id: start date of its first accompaniment} (abandoned ones included: the
    commune was treated)."""
    first = {}
    for commune_id, started in Accompaniment.objects.order_by("started_on").values_list(
        "commune_id", "started_on"
    ):
        first.setdefault(commune_id, started)
    return first


def commune_impacts(user, *, indicators=INDICATORS):
    dates = sorted(reference_dates())
    treated_start = _first_accompaniments()
    seen = visible(Commune.objects.select_related("territoire"), user, commune="")
    treated = list(seen.filter(pk__in=treated_start).order_by("nom"))
    if not dates or not treated:
        return []
    now = dates[-1]
    before_of = {
        c.pk: max((d for d in dates if d < treated_start[c.pk]), default=None) for c in treated
    }
    needed = {now} | {d for d in before_of.values() if d}
    rows = defaultdict(dict)
    synthetic = {}
    for code, date, values, is_synthetic in IndicatorRow.objects.filter(
        level="commune", reference_date__in=needed
    ).values_list("code", "reference_date", "values", "computation__synthetic"):
        rows[date][code] = values
        synthetic[date] = is_synthetic
    communes = list(Commune.objects.select_related("territoire"))
    pool_communes = [c for c in communes if c.pk not in treated_start]
    result = []
    for commune in treated:
        before = before_of[commune.pk]
        estimates = {}
        if before is not None and before != now:
            for name, _ in indicators:
                unit = _unit(commune, rows, before, now, name)
                pool = [_unit(c, rows, before, now, name) for c in pool_communes]
                group, rule = engine.comparison_group(unit, pool)
                estimates[name] = engine.estimate(unit, group, rule)
        result.append(
            CommuneImpact(
                commune=commune,
                started_on=treated_start[commune.pk],
                before_date=before,
                now_date=now,
                synthetic=synthetic.get(now, False) or synthetic.get(before, False),
                estimates=estimates,
            )
        )
    return result


def _unit(commune, rows, before, now, name):
    before_values = rows[before].get(commune.code)
    return engine.Unit(
        code=commune.code,
        size_class=size_class(commune.population)[2],
        territoire=commune.territoire.code,
        need=_number(before_values, "indice_besoin"),
        before=_number(before_values, name),
        now=_number(rows[now].get(commune.code), name),
    )


def programme_averages(impacts, *, indicators=INDICATORS):
    return {
        name: engine.average_effect([i.estimates[name] for i in impacts if name in i.estimates])
        for name, _ in indicators
    }
