"""Selectors for règlement versions and their conversion to engine rules."""

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

from cvv.funding.engine import REQUIRED_PARAMETERS, Category, Parameter, Rules
from cvv.funding.models import Reglement


def rules_of(reglement: Reglement) -> Rules:
    parameters = {
        p.key: Parameter(key=p.key, value=p.value, label=p.label, unit=p.unit, source=p.source)
        for p in reglement.parameters.all()
    }
    categories = tuple(
        Category(
            code=c.code,
            label=c.label,
            eligible=c.eligible,
            base_rate=c.base_rate,
            ceiling=c.ceiling,
            source=c.source,
        )
        for c in reglement.categories.all()
    )
    missing = [key for key in REQUIRED_PARAMETERS if key not in parameters]
    if missing:
        raise ValidationError(
            f"Le règlement {reglement.code} est incomplet : paramètres manquants "
            f"({', '.join(parameter_label(key) for key in missing)})."
        )
    return Rules(code=reglement.code, parameters=parameters, categories=categories)


def reglement_by_code(code):
    return Reglement.objects.filter(code=code).prefetch_related("parameters", "categories").first()


@cache
def _default_labels() -> dict:
    path = Path(__file__).parent / "reference" / "defaut-2026.json"
    return {p["key"]: p["label"] for p in json.loads(path.read_text("utf-8"))["parameters"]}


def parameter_label(key) -> str:
    """The French name of a règlement parameter (« Taux maximal après modulation »)."""
    return _default_labels().get(key, key)
