"""Open API of the observatory (public, no token): published indicators only — never any
establishment-level data."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from cvv.api.schemas import Code, responses
from cvv.observatory import selectors
from cvv.observatory.models import IndicatorRow

PREFIX = "/observatory"
router = Router(tags=["Observatoire"])


class IndicatorOut(Schema):
    level: str
    code: str
    nom: str
    annee: int
    reference_date: dt.date
    donnees_de_demonstration: bool
    centralite_version: int | None
    indicateurs: dict


@router.get(
    "/indicators",
    response=responses(list[IndicatorOut], auth=False, not_found=True, params=True),
    auth=None,
    summary="Indicateurs de l’observatoire",
)
def indicators(
    request,
    level: Code = "commune",
    code: Code | None = None,
    reference_date: dt.date | None = None,
):
    """Indicateurs d’un niveau (`commune`, `arrondissement`, `ept`, `metropole`, `centralite`)
    à une date de référence (défaut : la plus récente), éventuellement d’un seul territoire
    (`code`). Noms et définitions : page méthodologie de l’observatoire."""
    if level not in IndicatorRow.Level.values:
        raise Http404(f"Niveau inconnu : {level}.")
    if reference_date is None:
        latest = selectors.computation_for()
        if latest is None:
            return []
        reference_date = latest.reference_date
    rows = IndicatorRow.objects.filter(level=level, reference_date=reference_date).select_related(
        "computation"
    )
    if code:
        rows = rows.filter(code=code)
        if not rows.exists():
            raise Http404("Aucun indicateur pour ce territoire à cette date.")
    return [
        {
            "level": r.level,
            "code": r.code,
            "nom": r.nom,
            "annee": r.reference_date.year,
            "reference_date": r.reference_date,
            "donnees_de_demonstration": r.computation.synthetic,
            "centralite_version": r.centralite_version_id,
            "indicateurs": r.values,
        }
        for r in rows.order_by("code")
    ]
