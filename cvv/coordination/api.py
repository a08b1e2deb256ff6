"""API of the coordination module (token auth, scoped like the pages): the catalogue of the
Métropole's other programmes with their calls, and the participations the token may see."""

import datetime
from decimal import Decimal

from ninja import Router, Schema

from cvv.api.auth import token_auth
from cvv.api.schemas import Code, responses
from cvv.coordination import selectors

PREFIX = "/coordination"
router = Router(tags=["Coordination avec les programmes métropolitains"], auth=token_auth)


class CallOut(Schema):
    title: str
    opens_on: datetime.date
    closes_on: datetime.date
    min_population: int | None
    max_population: int | None
    territoires: list[str]


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    purpose: str
    who_may_apply: str
    what_commune_gets: str
    rate: Decimal | None
    ceiling: Decimal | None
    contact_name: str
    contact_email: str
    website: str
    is_active: bool
    synthetic: bool
    calls: list[CallOut]


class ParticipationOut(Schema):
    id: int
    commune: str
    commune_nom: str
    programme: str
    project: str
    amount: Decimal | None
    status: str
    status_label: str
    started_on: datetime.date | None
    ended_on: datetime.date | None
    synthetic: bool


@router.get("/programmes", response=responses(list[ProgrammeOut]), summary="Programmes")
def list_programmes(request):
    """Les autres programmes de la Métropole et leurs appels."""
    programmes = selectors.programmes_for(request.user).prefetch_related("calls__territoires")
    return [
        {
            **{
                name: getattr(p, name)
                for name in ProgrammeOut.model_fields
                if name not in ("id", "calls")
            },
            "id": p.pk,
            "calls": [
                {
                    "title": c.title,
                    "opens_on": c.opens_on,
                    "closes_on": c.closes_on,
                    "min_population": c.min_population,
                    "max_population": c.max_population,
                    "territoires": [t.code for t in c.territoires.all()],
                }
                for c in p.calls.all()
            ],
        }
        for p in programmes
    ]


@router.get(
    "/participations",
    response=responses(list[ParticipationOut], params=True),
    summary="Participations des communes",
)
def list_participations(request, commune: Code | None = None, programme: Code | None = None):
    """Participations visibles du compte (une commune : les siennes), filtrables par code
    INSEE de commune et par code de programme."""
    qs = selectors.participations_visible_to(request.user).order_by("commune__code", "pk")
    if commune:
        qs = qs.filter(commune__code=commune)
    if programme:
        qs = qs.filter(programme__code=programme.lower())
    return [
        {
            "id": p.pk,
            "commune": p.commune.code,
            "commune_nom": p.commune.nom,
            "programme": p.programme.code,
            "project": p.project,
            "amount": p.amount,
            "status": p.status,
            "status_label": p.get_status_display(),
            "started_on": p.started_on,
            "ended_on": p.ended_on,
            "synthetic": p.synthetic,
        }
        for p in qs
    ]
