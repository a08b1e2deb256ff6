"""Financial analysis of an opportunity (pure: inputs in, explained result out).

- total cost of the operation = price + notary fees + works budget;
- gross yield = target annual rent HT ÷ total cost;
- net yield = (target rent − non-recoverable annual charges) ÷ total cost;
- rent-to-turnover ratio (taux d'effort) = target rent ÷ the activity's expected annual
  turnover, judged against the benchmarks of FONCIERE_RULES.md §5: sound up to 9 % for
  retail and 7 % for food, unsustainable above 15 %, strained in between;
- financing = equity + loan + commune contribution + FIMACS aid; the gap is the total cost
  minus the financing (positive: missing, negative: surplus);
- annual debt service of the loan (constant annuity: L × r ÷ (1 − (1 + r)^−n), L ÷ n at
  a zero rate) and the yearly cash flow = rent − charges − debt service.

Ratios are exact fractions (Decimal) rounded to 4 places only for display; money rounded
half up to the cent."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
ZERO = Decimal("0")
SOUND_RATIO = {"commerce": Decimal("0.09"), "alimentaire": Decimal("0.07")}
UNSUSTAINABLE_RATIO = Decimal("0.15")
RATIO_SOURCE = "FONCIERE_RULES §5 : 8–9 % sain (commerce), 5–7 % (alimentaire), > 15 % insoutenable"
RATIO_LABELS = {
    "sain": "soutenable",
    "tendu": "tendu",
    "insoutenable": "insoutenable",
}


class AppraisalError(ValueError):
    def __init__(self, field_name, message):
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class Appraisal:
    total_cost: Decimal
    gross_yield: Decimal | None
    net_yield: Decimal | None
    rent_to_turnover: Decimal | None
    ratio_verdict: str  # "sain", "tendu", "insoutenable" or "" (no turnover)
    financing: Decimal
    financing_gap: Decimal
    debt_service: Decimal
    cash_flow: Decimal
    steps: list = field(default_factory=list)

    @staticmethod
    def shown(ratio):
        return None if ratio is None else ratio.quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _money(value):
    return value.quantize(CENT, ROUND_HALF_UP)


def annuity(loan: Decimal, rate: Decimal, years: int) -> Decimal:
    """Constant yearly payment repaying `loan` over `years` at `rate` (a fraction)."""
    if loan == 0:
        return ZERO
    if years <= 0:
        raise AppraisalError("loan_years", "La durée de l’emprunt doit être d’au moins un an.")
    if rate == 0:
        return _money(loan / years)
    with localcontext() as ctx:
        ctx.prec = 34
        return _money(loan * rate / (1 - (1 + rate) ** -years))


def appraise(
    *,
    price,
    target_rent,
    notary_fees=ZERO,
    works_budget=ZERO,
    annual_charges=ZERO,
    target_turnover=None,
    activity_kind="commerce",
    equity=ZERO,
    loan=ZERO,
    loan_rate=ZERO,
    loan_years=15,
    commune_contribution=ZERO,
    fimacs_amount=ZERO,
) -> Appraisal:
    amounts = {
        "price": price,
        "target_rent": target_rent,
        "notary_fees": notary_fees,
        "works_budget": works_budget,
        "annual_charges": annual_charges,
        "equity": equity,
        "loan": loan,
        "loan_rate": loan_rate,
        "commune_contribution": commune_contribution,
        "fimacs_amount": fimacs_amount,
    }
    for name, value in amounts.items():
        if not isinstance(value, Decimal) or not value.is_finite():
            raise AppraisalError(name, "Montant attendu (nombre décimal).")
        if value < 0:
            raise AppraisalError(name, "Le montant ne peut pas être négatif.")
    if target_turnover is not None and target_turnover <= 0:
        raise AppraisalError("target_turnover", "Le chiffre d’affaires doit être positif.")
    if activity_kind not in SOUND_RATIO:
        raise AppraisalError("activity_kind", "Type d’activité inconnu.")

    total = price + notary_fees + works_budget
    steps = [
        f"Coût total = prix {price} + frais de notaire {notary_fees} + travaux "
        f"{works_budget} = {total} €"
    ]
    gross = net = None
    if total > 0:
        gross = target_rent / total
        net = (target_rent - annual_charges) / total
        steps.append(f"Rendement brut = loyer {target_rent} ÷ coût total {total}")
        steps.append(
            f"Rendement net = (loyer {target_rent} − charges non récupérables "
            f"{annual_charges}) ÷ coût total {total}"
        )
    ratio, verdict = None, ""
    if target_turnover is not None:
        ratio = target_rent / target_turnover
        if ratio > UNSUSTAINABLE_RATIO:
            verdict = "insoutenable"
        elif ratio > SOUND_RATIO[activity_kind]:
            verdict = "tendu"
        else:
            verdict = "sain"
        steps.append(
            f"Taux d’effort = loyer {target_rent} ÷ chiffre d’affaires {target_turnover}"
            f" ({RATIO_SOURCE})"
        )
    financing = equity + loan + commune_contribution + fimacs_amount
    gap = total - financing
    steps.append(
        f"Financement = fonds propres {equity} + emprunt {loan} + commune "
        f"{commune_contribution} + FIMACS {fimacs_amount} = {financing} €"
    )
    debt = annuity(loan, loan_rate, loan_years)
    if loan:
        steps.append(
            f"Annuité de l’emprunt = {loan} × {loan_rate} ÷ (1 − (1 + {loan_rate})"
            f"^−{loan_years}) = {debt} €"
        )
    cash_flow = _money(target_rent - annual_charges - debt)
    return Appraisal(
        total_cost=total,
        gross_yield=gross,
        net_yield=net,
        rent_to_turnover=ratio,
        ratio_verdict=verdict,
        financing=financing,
        financing_gap=gap,
        debt_service=debt,
        cash_flow=cash_flow,
        steps=steps,
    )


@dataclass(frozen=True)
class SaleResult:
    invested: Decimal  # acquisition price + costs + works' actual cost
    capital_gain: Decimal  # sale price − invested (negative: a loss)
    months_held: int  # whole months from the acquisition deed to the sale deed
    gain_rate: Decimal | None  # capital gain ÷ invested


def sale_result(*, price, costs, works_cost, sale_price, acquired_on, sold_on) -> SaleResult:
    """What the foncière made on a premises it sells (pure)."""
    if sold_on < acquired_on:
        raise AppraisalError("deed_on", "La vente ne peut précéder l’acquisition.")
    for name, value in (
        ("price", price),
        ("costs", costs),
        ("works_cost", works_cost),
        ("sale_price", sale_price),
    ):
        if value < 0:
            raise AppraisalError(name, "Le montant ne peut pas être négatif.")
    invested = price + costs + works_cost
    gain = sale_price - invested
    months = (sold_on.year - acquired_on.year) * 12 + sold_on.month - acquired_on.month
    if sold_on.day < acquired_on.day and not _last_day(sold_on):
        months -= 1
    return SaleResult(
        invested=invested,
        capital_gain=gain,
        months_held=max(months, 0),
        gain_rate=gain / invested if invested else None,
    )


def _last_day(day) -> bool:
    import datetime as dt

    return (day + dt.timedelta(days=1)).day == 1
