"""Need of a commune, for the programme's rebalancing promise.

A commune is "petite" under 20 000 inhabitants (population municipale), and "fragile" when
its need index is in the top quartile of the Métropole's communes (communes without an index
do not count), or when Métropole staff marked it fragile with a reason. The need index itself
is computed by the observatory and written with `need_index_update`.
"""

from dataclasses import dataclass
from statistics import quantiles

from django.db import transaction

from cvv.audit.services import log_action

SMALL_COMMUNE_THRESHOLD = 20_000


@dataclass(frozen=True)
class Need:
    small: bool
    fragile: bool
    need_index: float | None
    quartile: int | None  # 1 (least need) … 4 (most need)
    reasons: tuple


def _thresholds():
    from cvv.territories.models import Commune

    values = sorted(
        v for v in Commune.objects.exclude(need_index=None).values_list("need_index", flat=True)
    )
    if len(values) < 4:
        return None
    return quantiles(values, n=4, method="inclusive")


def quartile_of(value, thresholds):
    if value is None or thresholds is None:
        return None
    q1, q2, q3 = thresholds
    if value > q3:
        return 4
    if value > q2:
        return 3
    if value > q1:
        return 2
    return 1


def need_of(commune, *, thresholds=None) -> Need:
    thresholds = thresholds if thresholds is not None else _thresholds()
    quartile = quartile_of(commune.need_index, thresholds)
    reasons = []
    small = commune.population < SMALL_COMMUNE_THRESHOLD
    if small:
        reasons.append(f"petite commune ({commune.population} habitants < 20 000)")
    fragile = False
    if quartile == 4:
        fragile = True
        reasons.append(
            f"indice de besoin {commune.need_index:.3f} dans le quartier supérieur de la Métropole"
        )
    if commune.fragile:
        fragile = True
        reasons.append(f"marquée fragile par la Métropole : {commune.fragile_reason}")
    return Need(small, fragile, commune.need_index, quartile, tuple(reasons))


def needs_by_code():
    """Need of every commune, computing the quartile thresholds once."""
    from cvv.territories.models import Commune

    thresholds = _thresholds()
    return {c.code: need_of(c, thresholds=thresholds) for c in Commune.objects.all()}


@transaction.atomic
def need_index_update(*, values: dict, source: str, actor=None):
    """Store need indices {commune code: value}; communes absent from `values` keep theirs.
    One prepared UPDATE run for every commune (`executemany`): `bulk_update` builds a CASE
    expression per field and row, ~0.3 s of Python for the Métropole's 130 communes."""
    from django.db import connection

    from cvv.territories.models import Commune

    meta, quote = Commune._meta, connection.ops.quote_name
    column = {name: quote(meta.get_field(name).column) for name in ("need_index",
              "need_index_source", "code")}  # fmt: skip
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {column['need_index']} = %s, "
        f"{column['need_index_source']} = %s WHERE {column['code']} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(value, source[:200], code) for code, value in values.items()])
    log_action(
        "territories.need_index.updated",
        actor=actor,
        data={"source": source, "communes": len(values)},
    )


@transaction.atomic
def commune_mark_fragile(*, commune, fragile: bool, reason: str, actor):
    from django.core.exceptions import ValidationError

    if fragile and not reason.strip():
        raise ValidationError({"reason": "Indiquez pourquoi la commune est marquée fragile."})
    commune.fragile = fragile
    commune.fragile_reason = reason.strip() if fragile else ""
    commune.save(update_fields=["fragile", "fragile_reason"])
    log_action(
        "territories.commune.fragility_marked",
        actor=actor,
        obj=commune,
        data={"fragile": fragile, "reason": reason},
    )
    return commune
