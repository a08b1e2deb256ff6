"""The compute contract shared by `cvv fimacs compute --json` and `POST /api/v1/fimacs/compute`.

`parse_request(data)` validates the JSON object and raises `InputError(field, message)` on bad
input; `compute_request(data)` resolves the commune's facts from the platform when
`population`/`fragile` are absent and returns the answer object of the contract."""

import re
from decimal import Decimal, InvalidOperation

from cvv.funding.engine import Case, Expense, compute
from cvv.funding.rules import reglement_by_code, rules_of

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
REQUIRED = (
    "reglement",
    "commune",
    "accompagnement_actif",
    "other_public_aid",
    "already_granted_in_edition",
    "expenses",
)
KNOWN = {*REQUIRED, "population", "fragile"}


class InputError(ValueError):
    def __init__(self, field, message):
        super().__init__(f"champ « {field} » : {message}")
        self.field = field
        self.message = message


def parse_amount(value, field):
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal | float):
        raise InputError(field, 'montant attendu (chaîne décimale, par exemple "1200.50")')
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(field, f"montant illisible : {value!r}") from None
    if not amount.is_finite():
        raise InputError(field, f"montant illisible : {value!r}")
    if amount < 0:
        raise InputError(field, f"montant négatif : {value}")
    if amount.as_tuple().exponent < -2:
        raise InputError(field, f"au plus deux décimales (centimes) : {value}")
    return amount


def parse_request(data, *, categories):
    """Validated request (a dict of Python values); `categories`: known category codes."""
    if not isinstance(data, dict):
        raise InputError("(racine)", "un objet JSON est attendu")
    for key in REQUIRED:
        if key not in data:
            raise InputError(key, "champ obligatoire manquant")
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        raise InputError(unknown[0], "champ inconnu")
    if not isinstance(data["reglement"], str) or not data["reglement"].strip():
        raise InputError("reglement", "code de version du règlement attendu (ex. defaut-2026)")
    commune = data["commune"]
    if not isinstance(commune, str) or not COMMUNE_CODE.match(commune):
        raise InputError("commune", f"code INSEE à 5 caractères attendu : {commune!r}")
    population = data.get("population")
    if population is not None and (
        isinstance(population, bool) or not isinstance(population, int) or population < 0
    ):
        raise InputError("population", f"entier positif attendu : {population!r}")
    fragile = data.get("fragile")
    if fragile is not None and not isinstance(fragile, bool):
        raise InputError("fragile", f"true ou false attendu : {fragile!r}")
    if not isinstance(data["accompagnement_actif"], bool):
        raise InputError("accompagnement_actif", "true ou false attendu")
    other = parse_amount(data["other_public_aid"], "other_public_aid")
    already = parse_amount(data["already_granted_in_edition"], "already_granted_in_edition")
    if not isinstance(data["expenses"], list):
        raise InputError("expenses", "liste de dépenses attendue")
    expenses = []
    for index, line in enumerate(data["expenses"]):
        where = f"expenses[{index}]"
        if not isinstance(line, dict):
            raise InputError(where, "objet {category, amount_ht} attendu")
        for key in ("category", "amount_ht"):
            if key not in line:
                raise InputError(f"{where}.{key}", "champ obligatoire manquant")
        if line["category"] not in categories:
            raise InputError(
                f"{where}.category",
                f"catégorie inconnue {line['category']!r} (connues : {', '.join(categories)})",
            )
        amount = parse_amount(line["amount_ht"], f"{where}.amount_ht")
        expenses.append(Expense(category=line["category"], amount_ht=amount))
    return {
        "reglement": data["reglement"].strip(),
        "commune": commune,
        "population": population,
        "fragile": fragile,
        "accompaniment_active": data["accompagnement_actif"],
        "other_public_aid": other,
        "already_granted_in_edition": already,
        "expenses": tuple(expenses),
    }


def compute_request(data) -> dict:
    """The contract's answer for a request object; raises InputError on bad input."""
    from cvv.territories.models import Arrondissement, Commune
    from cvv.territories.need import need_of

    if not isinstance(data, dict):
        raise InputError("(racine)", "un objet JSON est attendu")
    code = data.get("reglement")
    reglement = reglement_by_code(code) if isinstance(code, str) else None
    if reglement is None and "reglement" in data:
        raise InputError("reglement", f"version du règlement inconnue : {code!r}")
    categories = [c.code for c in reglement.categories.all()] if reglement else []
    request = parse_request(data, categories=categories)
    commune = Commune.objects.filter(code=request["commune"]).first()
    if commune is None:  # a Paris arrondissement (751xx) stands for Paris
        arrondissement = (
            Arrondissement.objects.filter(code=request["commune"]).select_related("commune").first()
        )
        commune = arrondissement.commune if arrondissement else None
    population, fragile = request["population"], request["fragile"]
    if commune is not None:
        if population is None:
            population = commune.population
        if fragile is None:
            fragile = need_of(commune).fragile
    case = Case(
        commune=request["commune"],
        in_metropole=commune is not None,
        population=population,
        fragile=bool(fragile),
        accompaniment_active=request["accompaniment_active"],
        other_public_aid=request["other_public_aid"],
        already_granted_in_edition=request["already_granted_in_edition"],
        expenses=request["expenses"],
    )
    return compute(rules_of(reglement), case).as_json()
