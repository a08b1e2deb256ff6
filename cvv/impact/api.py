"""API of the measured impact (token auth, scoped): per accompanied commune and indicator,
the difference-in-differences estimate, its 90 % interval and the size of the comparison
group; `level=programme` gives the programme's average effects (Métropole staff)."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from cvv.api.auth import token_auth
from cvv.api.schemas import responses
from cvv.impact import selectors
from cvv.organisations.access import get_access

PREFIX = "/impact"
router = Router(tags=["Impact mesuré"], auth=token_auth)


class ImpactOut(Schema):
    level: str
    commune: str | None
    commune_nom: str | None
    indicator: str
    indicator_label: str
    before_date: datetime.date | None
    now_date: datetime.date | None
    treated_delta: float | None
    control_delta: float | None
    estimate: float | None
    low: float | None
    high: float | None
    interval_level: float
    comparison_group_size: int
    comparison_rule: str
    conclusive: bool
    synthetic: bool


def _row(level, name, e, *, impact=None, synthetic=False):
    return {
        "level": level,
        "commune": impact.commune.code if impact else None,
        "commune_nom": impact.commune.nom if impact else None,
        "indicator": name,
        "indicator_label": selectors.LABELS[name],
        "before_date": impact.before_date if impact else None,
        "now_date": impact.now_date if impact else None,
        "treated_delta": e.treated_delta,
        "control_delta": e.control_delta,
        "estimate": e.value,
        "low": e.low,
        "high": e.high,
        "interval_level": 0.9,
        "comparison_group_size": e.n,
        "comparison_rule": e.rule,
        "conclusive": e.conclusive,
        "synthetic": impact.synthetic if impact else synthetic,
    }


@router.get("", response=responses(list[ImpactOut], params=True), summary="Impact mesuré")
def list_impact(request: HttpRequest, level: Literal["commune", "programme"] = "commune"):
    """Estimations par commune accompagnée visible du compte, ou moyennes du programme
    (`level=programme`, équipes de la Métropole ; liste vide pour les autres)."""
    impacts = selectors.commune_impacts(request.user)
    if level == "programme":
        if not get_access(request.user).is_metropole_staff:
            return []
        synthetic = any(i.synthetic for i in impacts)
        return [
            _row("programme", name, e, synthetic=synthetic)
            for name, e in selectors.programme_averages(impacts).items()
        ]
    return [
        _row("commune", name, e, impact=impact)
        for impact in impacts
        for name, e in impact.estimates.items()
    ]


class PerimeterChangeOut(Schema):
    dossier: str
    commune: str
    decided_on: datetime.date
    perimeter: str
    before_date: datetime.date
    now_date: datetime.date
    indicators: dict[str, list[float | None]]
    reopened_premises: list[str]


@router.get(
    "/projects",
    response=responses(list[PerimeterChangeOut]),
    summary="Projets financés : périmètres avant et après",
)
def list_project_changes(request: HttpRequest):
    """Pour chaque dossier FIMACS aidé visible du compte, les indicateurs des périmètres de
    centre-ville de sa commune avant la décision et au dernier calcul (`[avant, maintenant]`),
    et les locaux du registre réoccupés dans ces centres-villes depuis la décision."""
    return [
        {
            "dossier": dossier.reference,
            "commune": dossier.commune.code,
            "decided_on": dossier.decided_on,
            "perimeter": change.name,
            "before_date": change.before_date,
            "now_date": change.now_date,
            "indicators": {name: list(pair) for name, pair in change.values.items()},
            "reopened_premises": [premises.reference for premises, _ in project.reopened],
        }
        for project in selectors.project_changes(request.user)
        for change in project.changes
        for dossier in (project.dossier,)
    ]
