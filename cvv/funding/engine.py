"""The FIMACS computation engine: pure functions over Decimal, no database access.

It follows the contract in cvv/funding/reference/FIMACS_DEFAULT_RULES.md, in order:
eligibility, per-category rate (base + bonuses, capped), per-category aid (rate x base,
capped by the ceiling), total, public funding cap, edition cap, floor at 0 and rounding down
to the euro, then the split of step 6 (amended 2026-12-03): each category's aid rounded down
to the euro, shared by the largest remainder method when a cap binds (ties broken by the
règlement's category table order), so that no part ever exceeds its category's own rate or
ceiling. Every step is explained with its parameter and source. The payment rule (aid due so
far, amount payable) is exact to the cent; step 6 is computed in integers of euros.
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

# Step 6 and the display helpers live in their own modules; they are part of the engine's API.
from cvv.funding.apportionment import STEP6_SOURCE, split  # noqa: F401
from cvv.funding.formatting import euros, exact_euros, percent, points  # noqa: F401

ZERO = Decimal("0")
EURO = Decimal("1")
CENT = Decimal("0.01")
RATE = Decimal("0.01")


@dataclass(frozen=True)
class Parameter:
    key: str
    value: Decimal
    label: str = ""
    unit: str = ""
    source: str = ""


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    eligible: bool
    base_rate: Decimal | None
    ceiling: Decimal | None
    source: str = ""


@dataclass(frozen=True)
class Rules:
    """A règlement version as the engine sees it (built from the database or from JSON)."""

    code: str
    parameters: dict  # key -> Parameter
    categories: tuple  # Category, in the règlement's table order

    def value(self, key) -> Decimal:
        return self.parameters[key].value

    def source(self, key) -> str:
        return self.parameters[key].source

    def category(self, code) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    @property
    def category_codes(self):
        return [c.code for c in self.categories]


REQUIRED_PARAMETERS = (
    "min_expense",
    "rate_cap",
    "public_cap",
    "edition_cap",
    "small_threshold",
    "small_bonus",
    "fragile_bonus",
    "advance_cap",
    "interim_cap",
    "start_months",
    "final_months",
)


def rules_from_dict(data) -> Rules:
    """Rules from the JSON layout of cvv/funding/reference/defaut-2026.json."""
    parameters = {
        p["key"]: Parameter(
            key=p["key"],
            value=Decimal(str(p["value"])),
            label=p.get("label", ""),
            unit=p.get("unit", ""),
            source=p.get("source", ""),
        )
        for p in data["parameters"]
    }
    missing = [key for key in REQUIRED_PARAMETERS if key not in parameters]
    if missing:
        raise ValueError(f"Paramètres manquants : {', '.join(missing)}")
    categories = tuple(
        Category(
            code=c["code"],
            label=c.get("label", c["code"]),
            eligible=bool(c["eligible"]),
            base_rate=Decimal(str(c["base_rate"])) if c.get("base_rate") is not None else None,
            ceiling=Decimal(str(c["ceiling"])) if c.get("ceiling") is not None else None,
            source=c.get("source", ""),
        )
        for c in data["categories"]
    )
    return Rules(code=data["code"], parameters=parameters, categories=categories)


@dataclass(frozen=True)
class Expense:
    category: str
    amount_ht: Decimal


@dataclass(frozen=True)
class Case:
    """The facts of one dossier (or one command-line request)."""

    commune: str
    in_metropole: bool
    population: int | None
    fragile: bool | None
    accompaniment_active: bool
    other_public_aid: Decimal
    already_granted_in_edition: Decimal
    expenses: tuple  # Expense


@dataclass
class Result:
    eligible: bool
    reasons: list = field(default_factory=list)
    rates: dict = field(default_factory=dict)  # category -> Decimal rate
    bases: dict = field(default_factory=dict)  # category -> Decimal eligible HT
    aid_by_category: dict = field(default_factory=dict)  # category -> Decimal whole euros
    aid_total: Decimal = ZERO
    explanation: list = field(default_factory=list)

    def as_json(self):
        """The command-line / API answer (amounts as strings of whole euros)."""
        return {
            "eligible": self.eligible,
            "reasons": list(self.reasons),
            "rates": {code: str(rate) for code, rate in self.rates.items()},
            "aid_by_category": {code: str(amount) for code, amount in self.aid_by_category.items()},
            "aid_total": str(self.aid_total),
            "explanation": list(self.explanation),
        }


def floor_euro(value: Decimal) -> Decimal:
    return Decimal(value).quantize(EURO, rounding=ROUND_DOWN)


def floor_cent(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_DOWN)


def rates_for(rules: Rules, *, population, fragile, categories, explanation=None):
    """Rate per eligible category: base + bonuses, capped at the rate cap."""
    bonus = ZERO
    bonus_text = []
    if population is not None and population < rules.value("small_threshold"):
        bonus += rules.value("small_bonus")
        bonus_text.append(
            f"+{points(rules.value('small_bonus'))} petite commune ({population} habitants "
            f"< {int(rules.value('small_threshold'))} ; source : {rules.source('small_bonus')})"
        )
    if fragile:
        bonus += rules.value("fragile_bonus")
        bonus_text.append(
            f"+{points(rules.value('fragile_bonus'))} commune fragile "
            f"(source : {rules.source('fragile_bonus')})"
        )
    cap = rules.value("rate_cap")
    rates = {}
    for code in categories:
        category = rules.category(code)
        raw = category.base_rate + bonus
        rate = min(raw, cap).normalize()
        if rate.as_tuple().exponent > -2:
            rate = rate.quantize(RATE)
        rates[code] = rate
        if explanation is not None:
            line = (
                f"Taux « {category.label} » : taux de base {percent(category.base_rate)} "
                f"(source : {category.source})"
            )
            if bonus_text:
                line += " " + " ".join(bonus_text)
            if raw > cap:
                line += (
                    f" = {percent(raw)}, plafonné au taux maximal {percent(cap)} "
                    f"(source : {rules.source('rate_cap')})"
                )
            line += f" → {percent(rate)}"
            explanation.append(line)
    return rates


def _eligible_bases(rules, expenses, explanation):
    """Sum of HT per eligible category, in order of first appearance; ineligible noted."""
    bases, excluded = {}, {}
    for expense in expenses:
        category = rules.category(expense.category)
        if category.eligible:
            bases[expense.category] = bases.get(expense.category, ZERO) + expense.amount_ht
        else:
            excluded[expense.category] = excluded.get(expense.category, ZERO) + expense.amount_ht
    for code, amount in excluded.items():
        explanation.append(
            f"Catégorie « {rules.category(code).label} » non éligible : {euros(amount)} HT "
            "exclus de l’assiette "
            f"(source : {rules.category(code).source})"
        )
    return bases


def compute(rules: Rules, case: Case) -> Result:
    explanation = [f"Règlement {rules.code}."]
    bases = _eligible_bases(rules, case.expenses, explanation)
    total_base = sum(bases.values(), ZERO)
    rates = rates_for(
        rules,
        population=case.population,
        fragile=case.fragile,
        categories=list(bases),
        explanation=explanation,
    )
    result = Result(eligible=True, rates=rates, bases=bases, explanation=explanation)

    # Eligibility: every failing condition is listed.
    reasons = []
    if not case.in_metropole:
        reasons.append(f"La commune {case.commune} n’est pas une commune de la Métropole.")
    if not case.accompaniment_active:
        reasons.append(
            f"La commune {case.commune} n’a pas d’accompagnement actif dans l’édition du programme."
        )
    minimum = rules.value("min_expense")
    if total_base < minimum:
        reasons.append(
            f"Dépense éligible {euros(total_base)} HT inférieure au minimum de "
            f"{euros(minimum)} HT (source : {rules.source('min_expense')})."
        )
    if reasons:
        result.eligible = False
        result.reasons = reasons
        result.aid_by_category = dict.fromkeys(bases, ZERO)
        result.aid_total = ZERO
        explanation.extend(f"Inéligible : {reason}" for reason in reasons)
        explanation.append("Aide : 0 €.")
        return result

    # 1. Aid per category.
    raw = {}
    for code, base in bases.items():
        category = rules.category(code)
        product = rates[code] * base
        raw[code] = min(product, category.ceiling)
        line = (
            f"Aide « {category.label} » : {percent(rates[code])} × {euros(base)} "
            f"= {exact_euros(product)}"
        )
        if product > category.ceiling:
            line += (
                f", plafonnée à {euros(category.ceiling)} par dossier (source : {category.source})"
            )
        explanation.append(line)
    # 2. Total.
    subtotal = sum(raw.values(), ZERO)
    explanation.append(f"Total des aides par catégorie : {exact_euros(subtotal)}")
    total = subtotal
    # 3. Public funding cap.
    public_ratio = rules.value("public_cap")
    public_room = public_ratio * total_base - case.other_public_aid
    if total > public_room:
        explanation.append(
            f"Plafond des financements publics : {percent(public_ratio)} × {euros(total_base)} "
            f"− autres aides publiques {euros(case.other_public_aid)} = "
            f"{exact_euros(public_room)} ; total ramené de {exact_euros(total)} à "
            f"{exact_euros(public_room)} "
            f"(source : {rules.source('public_cap')})"
        )
        total = public_room
    # 4. Edition cap.
    edition_cap = rules.value("edition_cap")
    edition_room = edition_cap - case.already_granted_in_edition
    if total > edition_room:
        explanation.append(
            f"Plafond par commune et par édition : {euros(edition_cap)} − déjà accordé "
            f"{euros(case.already_granted_in_edition)} = {euros(edition_room)} ; total ramené "
            f"de {exact_euros(total)} à {euros(edition_room)} "
            f"(source : {rules.source('edition_cap')})"
        )
        total = edition_room
    # 5. Floor at zero, rounding down to the euro.
    if total < ZERO:
        explanation.append(f"Total négatif ({exact_euros(total)}) ramené à 0 €.")
        total = ZERO
    rounded = floor_euro(total)
    if rounded != total:
        explanation.append(f"Arrondi à l’euro inférieur : {exact_euros(total)} → {euros(rounded)}")
    total = rounded
    # 6. Split: categories rounded down, largest remainder when a cap binds.
    result.aid_by_category = split(rules, raw, total, explanation)
    result.aid_total = sum(result.aid_by_category.values(), ZERO)
    explanation.append(f"Aide FIMACS : {euros(result.aid_total)}.")
    return result


# Payments ------------------------------------------------------------------------------

ADVANCE, INTERIM, FINAL = "advance", "interim", "final"


@dataclass
class PaymentComputation:
    aid_due: Decimal
    payable: Decimal
    over_paid: Decimal  # on a final request, what was paid above the aid due (to recover)
    explanation: list


def _label(rules, code):
    category = rules.category(code)
    return category.label if category is not None else code


def payment_due(
    rules: Rules,
    *,
    kind: str,
    granted: Decimal,
    rates: dict,
    aid_by_category: dict,
    justified: dict,
    already_paid: Decimal,
) -> PaymentComputation:
    """Aid due so far and amount payable for a payment request (exact to the cent).

    aid due = min(granted, Σ_c min(r_c × justified_c, aid_c)); payable = aid due − already
    paid, bounded by the advance cap (advance) or the interim cap (interim) until the final
    request. An advance is paid at the signature without justified expenses: its aid due is
    the advance cap share of the aid granted.
    """
    explanation = []
    if kind == ADVANCE:
        cap_ratio = rules.value("advance_cap")
        aid_due = floor_cent(cap_ratio * granted)
        explanation.append(
            f"Avance : {percent(cap_ratio)} × {euros(granted)} = {euros(aid_due)} "
            f"(source : {rules.source('advance_cap')})"
        )
        payable = max(aid_due - already_paid, ZERO)
        explanation.append(f"Déjà versé : {euros(already_paid)} ; à verser : {euros(payable)}")
        return PaymentComputation(aid_due, payable, ZERO, explanation)

    total = ZERO
    for code, amount in justified.items():
        if code not in aid_by_category:
            explanation.append(
                f"« {_label(rules, code)} » : catégorie sans aide accordée, dépense non retenue."
            )
            continue
        due = floor_cent(min(rates[code] * amount, aid_by_category[code]))
        explanation.append(
            f"« {_label(rules, code)} » : min({percent(rates[code])} × {euros(amount)} justifiés ; "
            f"aide accordée {euros(aid_by_category[code])}) = {euros(due)}"
        )
        total += due
    aid_due = min(granted, total)
    explanation.append(
        f"Aide due à ce jour : min({euros(granted)} ; {euros(total)}) = {euros(aid_due)}"
    )
    bound = aid_due
    if kind == INTERIM:
        cap_ratio = rules.value("interim_cap")
        cap = floor_cent(cap_ratio * granted)
        if cap < bound:
            explanation.append(
                f"Plafond des acomptes cumulés avec l’avance : {percent(cap_ratio)} × "
                f"{euros(granted)} = {euros(cap)} (source : {rules.source('interim_cap')})"
            )
            bound = cap
    payable = max(bound - already_paid, ZERO)
    over_paid = max(already_paid - aid_due, ZERO) if kind == FINAL else ZERO
    explanation.append(f"Déjà versé : {euros(already_paid)} ; à verser : {euros(payable)}")
    if over_paid:
        explanation.append(f"Trop-perçu à reverser : {euros(over_paid)}")
    return PaymentComputation(aid_due, payable, over_paid, explanation)
