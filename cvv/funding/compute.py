"""The compute contract shared by `cvv fimacs compute --json` and `POST /api/v1/fimacs/compute`.

One schema, `ComputeIn` (pydantic, unknown keys refused at every level), validates the request
for both and is the request body of the OpenAPI document. `load_request(raw)` reads the JSON
text without ever converting a number itself (numbers stay text, `JsonNumber`, until the
bounded parsers of `cvv.core.amounts` read them); `compute_request(data)` validates, resolves
the commune's facts from the platform when `population`/`fragile` are absent and returns the
answer object of the contract. Bad input raises `InputError(field, message)`."""

import json
import re
from decimal import Decimal
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from cvv.core.amounts import AmountError, amount_pattern, max_length, parse_amount
from cvv.funding.engine import Case, Expense, compute
from cvv.funding.rules import reglement_by_code, rules_of

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
MAX_REQUEST_BYTES = 1_000_000
MAX_EXPENSES = 500
MAX_POPULATION_DIGITS = 9
_COUNT = re.compile(rf"0|[1-9][0-9]{{0,{MAX_POPULATION_DIGITS - 1}}}")


class InputError(ValueError):
    def __init__(self, field, message):
        super().__init__(f"champ « {field} » : {message}")
        self.field = field
        self.message = message


class JsonNumber(str):
    """The raw text of a JSON number: `json` is told to keep numbers as text, so that a
    4,400-digit integer or `1e400000` is refused by a bounded grammar, never converted."""


def _amount(value):
    if isinstance(value, float):  # never from load_request; a Python caller's float
        raise PydanticCustomError("amount", 'montant attendu (chaîne décimale, "1200.50")')
    try:
        return parse_amount(value, field="montant")
    except AmountError as exc:
        raise PydanticCustomError("amount", exc.message) from None


def _count(value):
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < 10**MAX_POPULATION_DIGITS:
            return value
    elif isinstance(value, JsonNumber) and _COUNT.fullmatch(value):
        return int(value)  # at most MAX_POPULATION_DIGITS digits: the pattern bounds it
    raise PydanticCustomError(
        "count", f"entier positif d’au plus {MAX_POPULATION_DIGITS} chiffres attendu"
    )


Amount = Annotated[
    Decimal,
    PlainValidator(_amount),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": amount_pattern(),
            "maxLength": max_length(),
            "description": "Montant en euros, notation décimale simple, au plus deux "
            "décimales (ex. « 1200.50 »).",
            "examples": ["1200.50"],
        }
    ),
]
Population = Annotated[
    int,
    PlainValidator(_count),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 10**MAX_POPULATION_DIGITS - 1}),
]
Code = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class ExpenseIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    category: Annotated[str, StringConstraints(min_length=1, max_length=30)]
    amount_ht: Amount


class ComputeIn(BaseModel):
    """The request of the contract (docs/funding.md)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    reglement: Code = Field(examples=["defaut-2026"])
    commune: Annotated[str, StringConstraints(pattern=COMMUNE_CODE.pattern)] = Field(
        examples=["93005"]
    )
    population: Population | None = None
    fragile: bool | None = None
    accompagnement_actif: bool
    other_public_aid: Amount
    already_granted_in_edition: Amount
    expenses: list[ExpenseIn] = Field(max_length=MAX_EXPENSES)


MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu",
    "bool_type": "true ou false attendu",
    "string_type": "texte attendu",
    "list_type": "liste de dépenses attendue",
    "model_type": "objet JSON attendu",
    "model_attributes_type": "objet JSON attendu",
    "dict_type": "objet JSON attendu",
    "too_long": f"au plus {MAX_EXPENSES} éléments",
    "string_too_long": "texte trop long",
    "string_too_short": "texte vide",
    "string_pattern_mismatch": "format invalide",
}


def _field_name(loc):
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(racine)"


def _input_error(exc: PydanticValidationError) -> InputError:
    error = exc.errors(include_url=False, include_input=False)[0]
    loc = tuple(part for part in error["loc"] if part != "function-plain")
    field = _field_name(loc)
    if error["type"] in ("amount", "count"):
        message = error["msg"]
    elif field == "commune" and error["type"] == "string_pattern_mismatch":
        message = "code INSEE à 5 caractères attendu"
    else:
        message = MESSAGES.get(error["type"], "valeur invalide")
    return InputError(field, message)


def _reject_constant(name):
    raise ValueError(f"{name} n’est pas une valeur JSON admise")


def _unique_keys(pairs):
    data = {}
    for key, value in pairs:
        if key in data:
            raise InputError(key, "champ en double")
        data[key] = value
    return data


def load_request(raw) -> object:
    """The JSON value of a request body or file (bytes or text), numbers kept as text."""
    if len(raw) > MAX_REQUEST_BYTES:
        raise InputError(
            "(corps)", f"requête trop volumineuse (au plus {MAX_REQUEST_BYTES} octets)"
        )
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return json.loads(
            text,
            parse_int=JsonNumber,
            parse_float=JsonNumber,
            parse_constant=_reject_constant,
            object_pairs_hook=_unique_keys,
        )
    except UnicodeDecodeError:
        raise InputError("(corps)", "encodage UTF-8 attendu") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            "(corps)", f"JSON mal formé (ligne {exc.lineno}, colonne {exc.colno}) : {exc.msg}"
        ) from None
    except RecursionError:
        raise InputError("(corps)", "JSON trop imbriqué") from None
    except ValueError as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError("(corps)", f"JSON mal formé : {exc}") from None


def parse_request(data, *, categories) -> ComputeIn:
    """The validated request; `categories`: known category codes of the règlement (None:
    checked later by `check_categories`)."""
    if not isinstance(data, dict):
        raise InputError("(racine)", "un objet JSON est attendu")
    try:
        request = ComputeIn.model_validate(data)
    except PydanticValidationError as exc:
        raise _input_error(exc) from None
    if categories is not None:
        check_categories(request, categories)
    return request


def check_categories(request: ComputeIn, categories):
    for index, line in enumerate(request.expenses):
        if line.category not in categories:
            raise InputError(
                f"expenses[{index}].category",
                f"catégorie inconnue {line.category!r} (connues : {', '.join(categories)})",
            )


def compute_request(data) -> dict:
    """The contract's answer for a request object; raises InputError on bad input."""
    from cvv.territories.models import Arrondissement, Commune
    from cvv.territories.need import need_of

    if not isinstance(data, dict):
        raise InputError("(racine)", "un objet JSON est attendu")
    code = data.get("reglement")
    reglement = reglement_by_code(code) if isinstance(code, str) and len(code) <= 40 else None
    request = parse_request(data, categories=None)  # the structure first, then references
    if reglement is None:
        raise InputError("reglement", f"version du règlement inconnue : {code!r}")
    check_categories(request, [c.code for c in reglement.categories.all()])
    commune = Commune.objects.filter(code=request.commune).first()
    if commune is None:  # a Paris arrondissement (751xx) stands for Paris
        arrondissement = (
            Arrondissement.objects.filter(code=request.commune).select_related("commune").first()
        )
        commune = arrondissement.commune if arrondissement else None
    population, fragile = request.population, request.fragile
    if commune is not None:
        if population is None:
            population = commune.population
        if fragile is None:
            fragile = need_of(commune).fragile
    case = Case(
        commune=request.commune,
        in_metropole=commune is not None,
        population=population,
        fragile=bool(fragile),
        accompaniment_active=request.accompagnement_actif,
        other_public_aid=request.other_public_aid,
        already_granted_in_edition=request.already_granted_in_edition,
        expenses=tuple(
            Expense(category=line.category, amount_ht=line.amount_ht) for line in request.expenses
        ),
    )
    return compute(rules_of(reglement), case).as_json()


def request_json_schema() -> dict:
    """`ComputeIn` as a self-contained JSON schema (nested definitions inlined), for the
    OpenAPI document."""
    schema = ComputeIn.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    return inline(schema)
