"""Triennial revision (L145-38 C. com.) and renewal (L145-34 C. com.) of a commercial
lease's rent: a pure engine, each result explained step by step with its article.

Rules (docs/fonciere.md §Revision and renewal, from the reference FONCIERE_RULES.md §3):

- **revision**: may be asked three years after entry or the last fixing of the rent, then
  every three years; the rent moves by at most the index variation since the last fixing,
  `rent × I(quarter of the request) / I(quarter of the last fixing)` (the cap). A rental
  value below the cap becomes the rent; above, the cap. Except when a material change of
  the local trading factors moved the rental value by more than 10 %: the rental value then
  applies, any increase phased at 10 % of the previous year's rent per year;
- **renewal**: the new rent is capped at the index variation over the expiring lease,
  `initial rent × I(renewal quarter) / I(quarter of the initial fixing)`, unless the lease
  ran more than 9 years by contract or more than 12 years by tacit prolongation: then the
  rental value applies, an increase phased at 10 % a year (L145-34 last paragraph);
- amounts rounded half up to the cent; ratios exact.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cvv.fonciere.indexation import IndexationError, quarter_text
from cvv.premises.vacancy import add_months

CENT = Decimal("0.01")
PHASE = Decimal("0.10")
ARTICLE_REVISION = "art. L145-38 du code de commerce"
ARTICLE_RENEWAL = "art. L145-34 du code de commerce"
ARTICLE_PHASING = "art. L145-34 dernier alinéa du code de commerce (10 % par an)"


@dataclass(frozen=True)
class Step:
    text: str
    amount: Decimal | None
    article: str


@dataclass(frozen=True)
class Outcome:
    possible_from: dt.date | None
    cap: Decimal | None
    capped: bool
    rent: Decimal | None  # None when a rental value is needed and not given
    phasing: tuple  # ((date, rent), …) when an increase is phased at 10 % a year
    steps: tuple


def _money(value):
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def _fr(value):
    return f"{value:,.2f}".replace(",", " ").replace(".", ",") + " €"


def _value(values, index, quarter):
    try:
        return values[(index, quarter)]
    except KeyError:
        raise IndexationError("index", f"no {index} value for {quarter_text(quarter)}") from None


def phase(previous, target, start, *, article=ARTICLE_PHASING):
    """Yearly rents from `start`: each at most the previous year's rent + 10 %, until
    `target`. Empty when `target` does not exceed `previous` × 1.10."""
    rows, current, k = [], Decimal(previous), 0
    while current < target:
        current = min(target, _money(current * (1 + PHASE)))
        rows.append((add_months(start, 12 * k), current))
        k += 1
    return tuple(rows) if len(rows) > 1 else ()


def _settle(*, base, cap, rental_value, uncapped, effective, steps, article):
    """The rent from the cap and the rental value (see the module's rules)."""
    if rental_value is None:
        if uncapped:
            steps.append(Step("Plafond écarté : le loyer est fixé à la valeur locative, à "
                              "déterminer (amiable ou judiciaire).", None, article))  # fmt: skip
            return None, ()
        steps.append(Step("Sans valeur locative connue, le loyer est au plus le plafond.",
                          cap, article))  # fmt: skip
        return cap, ()
    rental_value = _money(rental_value)
    if not uncapped:
        rent = min(rental_value, cap)
        steps.append(Step(
            f"Valeur locative {_fr(rental_value)} : le loyer retenu est la plus faible de la "
            "valeur locative et du plafond.", rent, article,
        ))  # fmt: skip
        return rent, ()
    steps.append(Step("Plafond écarté : le loyer est la valeur locative.", rental_value, article))
    phasing = phase(base, rental_value, effective)
    if phasing:
        steps.append(Step(
            f"Hausse étalée : au plus 10 % du loyer de l’année précédente par an, "
            f"{_fr(rental_value)} atteint le {phasing[-1][0]:%d/%m/%Y}.",
            phasing[0][1], ARTICLE_PHASING,
        ))  # fmt: skip
    return rental_value, phasing


def triennial_revision(
    *, index, rent, fixed_on, fixing_quarter, requested_on, request_quarter, values,
    rental_value=None, material_change=False,
) -> Outcome:  # fmt: skip
    """The revised rent asked on `requested_on` of a rent `rent` fixed on `fixed_on` with
    index quarter `fixing_quarter` ((year, n)); the request's quarter `request_quarter`."""
    possible_from = add_months(fixed_on, 36)
    steps = [Step(f"Révision possible trois ans après la dernière fixation du loyer "
                  f"({fixed_on:%d/%m/%Y}), soit à partir du {possible_from:%d/%m/%Y}.",
                  None, ARTICLE_REVISION)]  # fmt: skip
    if requested_on < possible_from:
        raise IndexationError("requested_on", "before three years since the last fixing")
    if request_quarter <= fixing_quarter:
        raise IndexationError("request_quarter", "not after the quarter of the last fixing")
    base = _money(rent)
    new, old = _value(values, index, request_quarter), _value(values, index, fixing_quarter)
    cap = _money(base * new / old)
    steps.append(Step(
        f"Plafond : {_fr(base)} × {index} {quarter_text(request_quarter)} ({new}) / "
        f"{index} {quarter_text(fixing_quarter)} ({old}).", cap, ARTICLE_REVISION,
    ))  # fmt: skip
    if material_change:
        steps.append(Step("Modification matérielle des facteurs locaux de commercialité "
                          "(valeur locative variée de plus de 10 %) : plafond écarté.",
                          None, ARTICLE_REVISION))  # fmt: skip
    rent_out, phasing = _settle(
        base=base, cap=cap, rental_value=rental_value, uncapped=material_change,
        effective=requested_on, steps=steps, article=ARTICLE_REVISION,
    )  # fmt: skip
    return Outcome(possible_from, cap, not material_change, rent_out, phasing, tuple(steps))


def renewal(
    *, index, initial_rent, start, reference_quarter, renewal_on, renewal_quarter, values,
    contractual_years=9, rental_value=None, material_change=False, current_rent=None,
) -> Outcome:  # fmt: skip
    """The renewed rent on `renewal_on` of a lease that started on `start` at
    `initial_rent` (index quarter `reference_quarter`), for `contractual_years`;
    `current_rent` (the rent paid in the last year, the initial rent by default) is the
    base of the 10 % phasing."""
    if renewal_on <= start:
        raise IndexationError("renewal_on", "not after the start of the lease")
    if renewal_quarter <= reference_quarter:
        raise IndexationError("renewal_quarter", "not after the reference quarter")
    steps = []
    base = _money(initial_rent)
    new, old = _value(values, index, renewal_quarter), _value(values, index, reference_quarter)
    cap = _money(base * new / old)
    steps.append(Step(
        f"Plafond : loyer initial {_fr(base)} × {index} {quarter_text(renewal_quarter)} "
        f"({new}) / {index} {quarter_text(reference_quarter)} ({old}).", cap, ARTICLE_RENEWAL,
    ))  # fmt: skip
    over_twelve = renewal_on > add_months(start, 144)
    reasons = []
    if contractual_years > 9:
        reasons.append(f"bail conclu pour {contractual_years} ans (plus de 9 ans)")
    if over_twelve:
        reasons.append("bail prolongé tacitement au-delà de 12 ans")
    if material_change:
        reasons.append("modification notable des éléments de la valeur locative")
    if reasons:
        steps.append(Step("Plafond écarté : " + ", ".join(reasons) + ".", None,
                          ARTICLE_RENEWAL))  # fmt: skip
    else:
        steps.append(Step("Bail de 9 ans au plus, pas plus de 12 ans avec la prolongation "
                          "tacite : le plafond s’applique.", None, ARTICLE_RENEWAL))  # fmt: skip
    rent_out, phasing = _settle(
        base=_money(initial_rent if current_rent is None else current_rent), cap=cap,
        rental_value=rental_value,
        uncapped=bool(reasons), effective=renewal_on, steps=steps, article=ARTICLE_RENEWAL,
    )  # fmt: skip
    return Outcome(None, cap, not reasons, rent_out, phasing, tuple(steps))
