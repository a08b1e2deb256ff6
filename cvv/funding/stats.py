"""Rebalancing figures: where the FIMACS money goes, by commune size and by need, and the
simulation of a draft règlement on the current dossiers."""

from collections import OrderedDict
from decimal import Decimal

from cvv.funding.engine import Case, Expense, compute
from cvv.funding.models import Dossier
from cvv.funding.rules import rules_of
from cvv.territories.models import Commune
from cvv.territories.need import needs_by_code

ZERO = Decimal("0")
SIZE_CLASSES = [
    ("petite", "Moins de 20 000 hab.", 0, 20_000),
    ("moyenne", "20 000 à 50 000 hab.", 20_000, 50_000),
    ("grande", "50 000 à 100 000 hab.", 50_000, 100_000),
    ("tres_grande", "100 000 hab. et plus", 100_000, None),
]
QUARTILES = [
    (1, "Quartile 1 (besoin le plus faible)"),
    (2, "Quartile 2"),
    (3, "Quartile 3"),
    (4, "Quartile 4 (besoin le plus fort)"),
    (None, "Sans indice de besoin"),
]


def size_class(population):
    for key, _label, low, high in SIZE_CLASSES:
        if population >= low and (high is None or population < high):
            return key
    return SIZE_CLASSES[-1][0]


def aid_of(dossier):
    if dossier.final_amount is not None:
        return dossier.final_amount
    return dossier.granted_amount or ZERO


def _groups(communes, needs, amounts):
    """Aid and population per size class and per need quartile."""
    by_size = OrderedDict(
        (key, {"label": label, "aid": ZERO, "population": 0, "communes": 0})
        for key, label, _, _ in SIZE_CLASSES
    )
    by_quartile = OrderedDict(
        (q, {"label": label, "aid": ZERO, "population": 0, "communes": 0}) for q, label in QUARTILES
    )
    for commune in communes:
        aid = amounts.get(commune.code, ZERO)
        for group in (
            by_size[size_class(commune.population)],
            by_quartile[needs[commune.code].quartile],
        ):
            group["aid"] += aid
            group["population"] += commune.population
            group["communes"] += 1
    for groups in (by_size, by_quartile):
        for group in groups.values():
            group["per_inhabitant"] = (
                (group["aid"] / group["population"]).quantize(Decimal("0.01"))
                if group["population"]
                else ZERO
            )
    return by_size, by_quartile


def share(part, total):
    return (part * 100 / total).quantize(Decimal("0.1")) if total else ZERO


def rebalancing(edition=None, *, as_of=None):
    """`as_of`: only the aid decided by that date (the yearly report)."""
    communes = list(Commune.objects.order_by("code"))
    needs = needs_by_code()
    dossiers = Dossier.objects.filter(state__in=Dossier.AID_STATES)
    if edition is not None:
        dossiers = dossiers.filter(edition=edition)
    if as_of is not None:
        dossiers = dossiers.filter(decided_on__lte=as_of)
    amounts = {}
    for dossier in dossiers.select_related("commune"):
        amounts[dossier.commune.code] = amounts.get(dossier.commune.code, ZERO) + aid_of(dossier)
    total = sum(amounts.values(), ZERO)
    by_size, by_quartile = _groups(communes, needs, amounts)
    small = sum((a for c, a in amounts.items() if needs[c].small), ZERO)
    fragile = sum((a for c, a in amounts.items() if needs[c].fragile), ZERO)
    either = sum((a for c, a in amounts.items() if needs[c].small or needs[c].fragile), ZERO)
    rows = [
        {
            "commune": commune,
            "aid": amounts.get(commune.code, ZERO),
            "per_inhabitant": (amounts.get(commune.code, ZERO) / commune.population).quantize(
                Decimal("0.01")
            )
            if commune.population
            else ZERO,
            "small": needs[commune.code].small,
            "fragile": needs[commune.code].fragile,
            "quartile": needs[commune.code].quartile,
        }
        for commune in communes
    ]
    return {
        "total": total,
        "dossiers": dossiers.count(),
        "by_size": by_size,
        "by_quartile": by_quartile,
        "share_small": share(small, total),
        "share_fragile": share(fragile, total),
        "share_small_or_fragile": share(either, total),
        "rows": rows,
    }


SIMULATED_STATES = (
    Dossier.State.SUBMITTED,
    Dossier.State.RESUBMITTED,
    Dossier.State.COMPLETION_REQUESTED,
    Dossier.State.UNDER_INSTRUCTION,
    Dossier.State.READY_FOR_COMMITTEE,
    Dossier.State.DEFERRED,
    *Dossier.COMMITTED_STATES,
)


def simulate(reglement, edition=None):
    """Each current dossier under `reglement`: current amount (granted, or requested while
    pending) beside the simulated aid; totals by size class and need quartile."""
    from cvv.funding.services.dossiers import accompaniment_is_active

    rules = rules_of(reglement)
    needs = needs_by_code()
    dossiers = (
        Dossier.objects.filter(state__in=SIMULATED_STATES)
        .select_related("commune", "edition")
        .prefetch_related("expenses")
    )
    if edition is not None:
        dossiers = dossiers.filter(edition=edition)
    known = set(rules.category_codes)
    rows, current_amounts, simulated_amounts = [], {}, {}
    granted_so_far, active = {}, {}
    for dossier in dossiers.order_by("submitted_at", "pk"):
        need = needs[dossier.commune.code]
        key = (dossier.commune_id, dossier.edition_id)
        if key not in active:  # one query per commune and edition, not per dossier
            active[key] = accompaniment_is_active(dossier.commune, dossier.edition)
        case = Case(
            commune=dossier.commune.code,
            in_metropole=True,
            population=dossier.commune.population,
            fragile=need.fragile,
            accompaniment_active=active[key],
            other_public_aid=dossier.other_public_aid,
            already_granted_in_edition=granted_so_far.get(key, ZERO),
            expenses=tuple(
                Expense(e.category, e.amount_ht)
                for e in dossier.expenses.all()
                if e.category in known
            ),
        )
        result = compute(rules, case)
        granted_so_far[key] = granted_so_far.get(key, ZERO) + result.aid_total
        current = (
            aid_of(dossier)
            if dossier.state in Dossier.COMMITTED_STATES
            else dossier.requested_amount
        )
        code = dossier.commune.code
        current_amounts[code] = current_amounts.get(code, ZERO) + current
        simulated_amounts[code] = simulated_amounts.get(code, ZERO) + result.aid_total
        rows.append(
            {
                "dossier": dossier,
                "current": current,
                "simulated": result.aid_total,
                "difference": result.aid_total - current,
                "eligible": result.eligible,
            }
        )
    communes = list(Commune.objects.order_by("code"))
    current_size, current_quartile = _groups(communes, needs, current_amounts)
    simulated_size, simulated_quartile = _groups(communes, needs, simulated_amounts)
    return {
        "rows": rows,
        "current_total": sum(current_amounts.values(), ZERO),
        "simulated_total": sum(simulated_amounts.values(), ZERO),
        "by_size": [
            (current_size[k]["label"], current_size[k], simulated_size[k]) for k in current_size
        ],
        "by_quartile": [
            (current_quartile[k]["label"], current_quartile[k], simulated_quartile[k])
            for k in current_quartile
        ],
    }
