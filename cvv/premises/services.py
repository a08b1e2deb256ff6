"""Writes of the premises register. Keyword-only, atomic, audited.

- `premises_create(*, actor, commune, address, status, on=None, **fields)`
- `premises_update(*, actor, premises, **fields)`
- `premises_set_status(*, actor, premises, status, on, note="", source=MANUAL)`
- `link_survey_line(*, survey_line, actor=None)`: ties an observatory survey line to the
  register: to the entry of the same commune at the same address (or within
  `SAME_PLACE_METRES`), or to a new entry when the line reports a vacant premises.
- `link_survey(*, survey, actor=None)`: every line of a survey.
"""

import datetime as dt
import math
import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from shapely.geometry import Point

from cvv.audit.services import log_action
from cvv.observatory.nomenclature import mapping as naf_mapping
from cvv.organisations.access import get_access
from cvv.organisations.enums import Role
from cvv.premises import selectors
from cvv.premises.enums import PremisesStatus, StatusSource
from cvv.premises.models import Premises, PremisesStatusChange, SurveyLink
from cvv.territories.models import Arrondissement, Commune
from cvv.territories.selectors import current_perimeters

SAME_PLACE_METRES = 15
NAF_CODE = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
EDITABLE_FIELDS = {
    "address", "lon", "lat", "sales_area_m2", "storage_area_m2", "upper_floors_area_m2",
    "frontage_m", "ground_floor", "erp_category", "step_free", "extraction_possible",
    "permitted_use", "owner_kind", "owner_name", "occupant_name", "naf_code",
    "activity_category", "activity", "fonciere_followed",
}  # fmt: skip


def locate(commune, lon, lat):
    """(centralité or None, in_centre or None) of a point of the commune; a point outside
    the commune is refused."""
    if lon is None or lat is None:
        return None, None
    point = Point(lon, lat)
    if not commune.geometry.buffer(1e-4).contains(point):  # ~10 m of tolerance on the edge
        raise ValidationError({"lon": f"Ce point est hors du territoire de {commune.nom}."})
    for centralite, version in current_perimeters(commune):
        if version is not None and version.shape.contains(point):
            return centralite, True
    return None, False


def category_of_naf(code: str) -> str:
    """The indicator contract's category of a NAF rev. 2 code ("" outside the perimeter)."""
    return naf_mapping().get(("NAFRev2", code), "")


def _clean_fields(premises):
    premises.naf_code = (premises.naf_code or "").strip().upper()
    if premises.naf_code:
        if not NAF_CODE.match(premises.naf_code):
            raise ValidationError({"naf_code": "Code NAF attendu sous la forme 47.11B."})
        category = category_of_naf(premises.naf_code)
        if category:
            premises.activity_category = category
    if (premises.lon is None) != (premises.lat is None):
        raise ValidationError({"lon": "Donnez la longitude et la latitude, ou aucune des deux."})
    premises.centralite, premises.in_centre = locate(premises.commune, premises.lon, premises.lat)
    premises.full_clean(exclude=["created_by"])


def _check_create(actor, commune):
    if actor is not None and not selectors.can_create_in(actor, commune):
        raise PermissionDenied("Vous ne pouvez pas ajouter de local dans cette commune.")


def _check_edit(actor, premises):
    if actor is not None and not selectors.can_edit(actor, premises):
        raise PermissionDenied("Vous ne pouvez pas modifier ce local.")


@transaction.atomic
def premises_create(*, actor, commune, address, status, on=None, **fields) -> Premises:
    """A new register entry; `on` is the date of its status (today by default): the start
    of its vacancy when vacant. A foncière officer's premises is followed by the foncière."""
    _check_create(actor, commune)
    unknown = set(fields) - EDITABLE_FIELDS - {"synthetic"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    on = on or dt.date.today()
    premises = Premises(commune=commune, address=address.strip(), status=status, **fields)
    if actor is not None and get_access(actor).has_role(Role.FONCIERE_OFFICER):
        premises.fonciere_followed = True
    premises.vacant_since = on if status == PremisesStatus.VACANT else None
    premises.created_by = actor
    _clean_fields(premises)
    premises.save()
    PremisesStatusChange.objects.create(
        premises=premises, status=status, on=on, source=StatusSource.MANUAL, actor=actor
    )
    log_action("premises.premises.create", actor=actor, obj=premises)
    return premises


@transaction.atomic
def premises_update(*, actor, premises, **fields) -> Premises:
    """Changes the description of a premises (not its status: `premises_set_status`)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    premises = Premises.objects.select_for_update().get(pk=premises.pk)
    _check_edit(actor, premises)
    changed = {}
    for name, value in fields.items():
        if getattr(premises, name) != value:
            changed[name] = str(value)
            setattr(premises, name, value)
    _clean_fields(premises)
    premises.save()
    if changed:
        log_action("premises.premises.update", actor=actor, obj=premises, data=changed)
    return premises


def _apply_status(premises, status, on, *, source, actor, note="", survey_line=None):
    """Records a status observed on `on`. An observation older than the latest one goes to
    the history without changing the current status."""
    latest = premises.status_changes.order_by("-on", "-pk").first()
    PremisesStatusChange.objects.create(
        premises=premises,
        status=status,
        on=on,
        source=source,
        actor=actor,
        note=note,
        survey_line=survey_line,
    )
    if latest is not None and on < latest.on:
        return False
    if status != premises.status:
        premises.vacant_since = on if status == PremisesStatus.VACANT else None
        premises.status = status
        premises.save(update_fields=["status", "vacant_since", "updated_at"])
        return True
    return False


@transaction.atomic
def premises_set_status(
    *, actor, premises, status, on, note="", source=StatusSource.MANUAL
) -> Premises:
    premises = Premises.objects.select_for_update().get(pk=premises.pk)
    _check_edit(actor, premises)
    if status not in PremisesStatus.values:
        raise ValidationError({"status": "Statut inconnu."})
    if on > dt.date.today():
        raise ValidationError({"on": "La date du statut ne peut pas être dans le futur."})
    _apply_status(premises, status, on, source=source, actor=actor, note=note)
    log_action(
        "premises.premises.status",
        actor=actor,
        obj=premises,
        data={"status": status, "on": on.isoformat()},
    )
    return premises


def normalised_address(text: str) -> str:
    """Lower case, no accents, punctuation and repeated spaces folded: "12, Rue  de l'Église"
    and "12 rue de l eglise" match."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _metres(lon1, lat1, lon2, lat2):
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000 * math.hypot(x, y)


def commune_of_code(code):
    """The commune of an INSEE code (a Paris arrondissement belongs to Paris)."""
    commune = Commune.objects.filter(code=code).first()
    if commune is None:
        arrondissement = Arrondissement.objects.select_related("commune").filter(code=code).first()
        commune = arrondissement.commune if arrondissement else None
    return commune


def find_same_premises(commune, address, lon, lat):
    key = normalised_address(address)
    candidates = Premises.objects.filter(commune=commune)
    for candidate in candidates.only("pk", "address", "lon", "lat"):
        if key and normalised_address(candidate.address) == key:
            return candidate
    if lon is not None and lat is not None:
        for candidate in candidates.filter(lon__isnull=False).only("pk", "lon", "lat"):
            if _metres(lon, lat, candidate.lon, candidate.lat) <= SAME_PLACE_METRES:
                return candidate
    return None


@transaction.atomic
def link_survey_line(*, survey_line, actor=None):
    """The register entry of a survey line (None when the line reports an occupied premises
    the register does not know: the register records vacant premises and what it follows).
    Idempotent: a linked line keeps its link."""
    existing = SurveyLink.objects.filter(survey_line=survey_line).select_related("premises")
    if existing:
        return existing[0].premises
    commune = commune_of_code(survey_line.code)
    if commune is None:
        raise ValidationError(f"Code commune inconnu : {survey_line.code}.")
    match = find_same_premises(commune, survey_line.address, survey_line.lon, survey_line.lat)
    created = False
    if match is None:
        if survey_line.status != PremisesStatus.VACANT or not survey_line.address:
            return None
        lon, lat = survey_line.lon, survey_line.lat
        try:
            centralite, in_centre = locate(commune, lon, lat)
        except ValidationError:  # a mistyped position: keep the entry, drop the point
            lon = lat = centralite = in_centre = None
        match = Premises.objects.create(
            commune=commune,
            address=survey_line.address,
            lon=lon,
            lat=lat,
            centralite=centralite,
            in_centre=in_centre,
            status=PremisesStatus.VACANT,
            vacant_since=survey_line.observed_on,
            activity=survey_line.activity,
            synthetic=survey_line.survey.synthetic,
        )
        created = True
    else:
        match = Premises.objects.select_for_update().get(pk=match.pk)
    _apply_status(
        match,
        survey_line.status,
        survey_line.observed_on,
        source=StatusSource.SURVEY,
        actor=actor,
        survey_line=survey_line,
    )
    SurveyLink.objects.create(survey_line=survey_line, premises=match, created_entry=created)
    log_action(
        "premises.survey_line.link",
        actor=actor,
        obj=match,
        data={"survey_line": survey_line.pk, "created": created},
    )
    return match


def link_survey(*, survey, actor=None) -> dict:
    """Links every line of a survey; {"linked": n, "created": n, "skipped": n}."""
    counts = {"linked": 0, "created": 0, "skipped": 0}
    for line in survey.premises.order_by("observed_on", "pk"):
        had_link = SurveyLink.objects.filter(survey_line=line).exists()
        premises = link_survey_line(survey_line=line, actor=actor)
        if premises is None:
            counts["skipped"] += 1
        elif not had_link:
            link = SurveyLink.objects.get(survey_line=line)
            counts["created" if link.created_entry else "linked"] += 1
    return counts
