"""Selectors for règlement versions and their conversion to engine rules."""

from cvv.funding.engine import Category, Parameter, Rules
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
    return Rules(code=reglement.code, parameters=parameters, categories=categories)


def current_reglement():
    return Reglement.objects.current()


def reglement_by_code(code):
    return Reglement.objects.filter(code=code).prefetch_related("parameters", "categories").first()
