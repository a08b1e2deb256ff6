"""Step 6 of the FIMACS computation (contract amended 2026-12-03): the total shared
between the categories in whole euros.

Each category's aid is rounded down, `a_c = floor(aid_c)`. When the total is at least
`Σ a_c` the parts are the `a_c`; otherwise the total is shared over the `a_c` by the largest
remainder method, ties in the règlement's category table order. Integer arithmetic only, so
no part ever exceeds its category's own rate or ceiling and the parts add up exactly.
"""

from decimal import ROUND_FLOOR, Decimal

from cvv.funding.formatting import euros, exact_euros

STEP6_SOURCE = (
    "contrat de calcul FIMACS, étape 6, amendée le 3 décembre 2026 (répartition au plus fort reste)"
)


def _whole_euros(value: Decimal) -> int:
    """floor(value) as an integer of euros (exact, no float)."""
    return int(Decimal(value).to_integral_value(rounding=ROUND_FLOOR))


def split(rules, raw: dict, total: Decimal, explanation=None) -> dict:
    """The contract's step 6: per-category parts in whole euros (`rules`: the engine's Rules).

    Each category's aid is rounded down, `a_c = floor(aid_c)`. If `total >= Σ a_c` the parts
    are the `a_c` (and the total becomes `Σ a_c`). Otherwise `total` is shared in proportion
    to the `a_c` by the largest remainder method: `floor(a_c × total / Σ a_c)` each, then the
    missing euros one each to the largest fractional parts, ties in the order of the
    règlement's category table. Integer arithmetic throughout; the parts always add up to
    the returned total, and no part exceeds its `a_c`. The result keeps the order of `raw`.
    """
    floors = {code: max(_whole_euros(value), 0) for code, value in raw.items()}
    target = _whole_euros(total)
    if target != Decimal(total):
        raise ValueError(f"Le total à répartir doit être en euros entiers : {total}.")
    target = max(target, 0)
    sum_floors = sum(floors.values())
    table = rules.category_codes

    def name(code):
        category = rules.category(code)
        return f"« {category.label if category is not None else code} »"

    order = sorted(raw, key=lambda code: table.index(code) if code in table else len(table))

    if target >= sum_floors:
        parts = floors
        if explanation is not None:
            rounded = [code for code in order if Decimal(raw[code]) != floors[code]]
            if rounded:
                line = "Aides par catégorie arrondies chacune à l’euro inférieur : " + ", ".join(
                    f"{name(code)} {exact_euros(raw[code])} → {euros(floors[code])}"
                    for code in rounded
                )
                if target > sum_floors:
                    line += (
                        f" ; le total est la somme des aides arrondies, ramené de "
                        f"{euros(target)} à {euros(sum_floors)}"
                    )
                explanation.append(f"{line} (source : {STEP6_SOURCE})")
        return {code: Decimal(parts[code]) for code in raw}

    # A cap binds (target < Σ a_c, so Σ a_c > 0): largest remainder over the a_c.
    quotients, remainders = {}, {}
    for code in raw:
        quotients[code], remainders[code] = divmod(floors[code] * target, sum_floors)
    missing = target - sum(quotients.values())
    # missing < number of categories with a non-zero remainder (their fractions add up to it).
    ranked = sorted(order, key=lambda code: -remainders[code])  # stable: table order on ties
    favoured = ranked[:missing]
    parts = {code: quotients[code] + (1 if code in favoured else 0) for code in raw}
    positive = [code for code in order if floors[code] > 0]
    if explanation is not None and len(positive) == 1:
        explanation.append(
            f"Aide {positive[0]} ramenée au total : {euros(floors[positive[0]])} → "
            f"{euros(target)} (source : {STEP6_SOURCE})"
        )
    elif explanation is not None:
        shares = ", ".join(
            f"{name(code)} {_number(floors[code])} × {_number(target)} / {_number(sum_floors)} = "
            f"{_fraction(floors[code] * target, sum_floors)}"
            for code in positive
        )
        line = (
            f"Répartition du total de {euros(target)} au prorata des aides par catégorie "
            f"arrondies à l’euro inférieur (somme {euros(sum_floors)}), méthode du plus fort "
            f"reste : {shares}, parties entières retenues"
        )
        if missing:
            # The table order decided when the first category left out has the same
            # remainder as the last one served.
            ties = len(ranked) > missing and (
                remainders[ranked[missing]] == remainders[favoured[-1]]
            )
            line += (
                f" ; {missing} € restant{'s' if missing > 1 else ''} attribué"
                f"{'s' if missing > 1 else ''} un par un aux plus forts restes : "
                + ", ".join(name(code) for code in favoured)
            )
            if ties:
                line += (
                    f" (à égalité de reste, ordre du tableau des catégories du règlement "
                    f"{rules.code} : {', '.join(name(code) for code in order)})"
                )
        line += (
            " → "
            + ", ".join(f"{name(code)} {euros(parts[code])}" for code in order)
            + f" (source : {STEP6_SOURCE})"
        )
        explanation.append(line)
    return {code: Decimal(parts[code]) for code in raw}


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _fraction(numerator: int, denominator: int) -> str:
    """An exact quotient shown to two decimals, truncated (for the explanation only)."""
    whole, cents = divmod(numerator * 100 // denominator, 100)
    return f"{_number(whole)},{cents:02d}"
