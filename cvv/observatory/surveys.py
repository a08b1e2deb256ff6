"""Field surveys of premises (relevés de locaux), the only source of vacancy: file import
(CSV or XLSX in the platform's template), form entry by a commune's agents, review by the
Métropole's staff (declared workflow)."""

import csv
import datetime as dt
import io
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cvv.audit.services import log_action
from cvv.documents.models import DocumentKind
from cvv.documents.services import document_upload
from cvv.observatory import limits, plausibility, schema, survey_entry
from cvv.observatory.importers import Report
from cvv.observatory.models import Premise, Survey
from cvv.observatory.readers import ImportFileError
from cvv.observatory.territory import commune_of, metropole_sirene_codes
from cvv.observatory.workflows import SURVEY_WORKFLOW
from cvv.territories.models import PARIS_CODE, Commune

# Keys are accent-folded (see _fold).
STATUS_ALIASES = {
    "occupe": "occupe",
    "vacant": "vacant",
    "vide": "vacant",
    "travaux": "travaux",
    "en travaux": "travaux",
}
EXAMPLE_ROW = {
    "code_commune": "93005",
    "date_releve": "2026-03-15",
    "adresse": "12 boulevard de Strasbourg",
    "longitude": "2.4976",
    "latitude": "48.9386",
    "statut": "vacant",
    "activite": "ancienne boulangerie",
    "enqueteur": "Manager de commerce",
}


def _fold(text):
    text = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def parse_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_status(value):
    return STATUS_ALIASES.get(_fold(value))


def valid_codes():
    return set(metropole_sirene_codes()) | {PARIS_CODE}


def _too_big(label):
    size = limits.megabytes(limits.get("OBSERVATORY_SURVEY_MAX_BYTES"))
    return ImportFileError(
        f"{label} : fichier refusé, un relevé ne peut dépasser {size} une fois décompressé "
        "(limite de sécurité contre les bombes de décompression)."
    )


def _check_xlsx(path: Path, label):
    """Before openpyxl opens a workbook: the sizes its zip declares (central directory), then
    the real sizes, read with a hard cap (declared sizes can lie)."""
    maximum = limits.get("OBSERVATORY_SURVEY_MAX_BYTES")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            declared = sum(m.file_size for m in members)
            if declared > maximum:
                raise _too_big(label)
            limits.check_ratio(label, declared, sum(m.compress_size for m in members))
            total = 0
            for member in members:
                with archive.open(member) as handle:
                    seen = 0
                    while chunk := handle.read(1024 * 1024):
                        seen += len(chunk)
                        total += len(chunk)
                        if seen > member.file_size or total > maximum:
                            raise _too_big(label)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error):
        raise ImportFileError(f"{label} : classeur XLSX illisible ou tronqué.") from None


def _capped(rows, label, *, header_rows):
    maximum = limits.get("OBSERVATORY_SURVEY_MAX_ROWS")
    for number, row in enumerate(rows):
        if number - header_rows >= maximum:
            limits.check_rows(label, maximum + 1, maximum)
        yield row


def _read_rows(path: Path, label):
    if path.stat().st_size > limits.get("OBSERVATORY_SURVEY_MAX_BYTES"):
        raise _too_big(label)
    with path.open("rb") as handle:
        head = handle.read(2)
    if head == b"PK":
        from openpyxl import load_workbook

        _check_xlsx(path, label)
        workbook = None
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            width = len(schema.SURVEY_COLUMNS) + 20  # extra columns are ignored anyway
            rows = _capped(sheet.iter_rows(values_only=True, max_col=width), label, header_rows=1)
            first = next(rows, None)
            if first is None:
                raise ImportFileError(f"{label} : la feuille est vide.")
            header = [str(c or "").strip() for c in first]
            return header, [dict(zip(header, r, strict=False)) for r in rows if any(r)]
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError(f"{label} : classeur XLSX illisible ou tronqué.") from None
        finally:
            if workbook is not None:
                workbook.close()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = _capped(reader, label, header_rows=0)
    return header, [row for row in rows if any((v or "").strip() for v in row.values() if v)]


def _float(value):
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return "invalid"


def _check_row(row, codes):
    code = str(row.get("code_commune") or "").strip()
    if code not in codes:
        return None, f"code commune hors Métropole ou invalide ({code or 'vide'})"
    date = parse_date(row.get("date_releve"))
    if date is None:
        return None, "date de relevé illisible (AAAA-MM-JJ ou JJ/MM/AAAA attendu)"
    status = parse_status(row.get("statut"))
    if status is None:
        return None, "statut inconnu (occupe, vacant ou travaux attendu)"
    lon, lat = _float(row.get("longitude")), _float(row.get("latitude"))
    if "invalid" in (lon, lat) or (lon is None) != (lat is None):
        return None, "coordonnées illisibles ou incomplètes"
    if lon is not None and not (1.9 < lon < 2.8 and 48.6 < lat < 49.1):
        return None, "coordonnées hors de la Métropole (longitude, latitude WGS84 attendues)"
    address = str(row.get("adresse") or "").strip()
    if not address and lon is None:
        return None, "ni adresse ni coordonnées"
    return {
        "code": code,
        "observed_on": date,
        "status": status,
        "lon": lon,
        "lat": lat,
        "address": address[:300],
        "activity": str(row.get("activite") or "").strip()[:200],
        "surveyor": str(row.get("enqueteur") or "").strip()[:200],
    }, None


def import_survey_file(*, data_import, path) -> Report:
    """One Survey per commune in the file, dated by its latest observation; re-importing a
    commune's survey of the same date replaces it."""
    label = data_import.file_name or Path(path).name
    header, rows = _read_rows(Path(path), label)
    missing = [c for c in schema.SURVEY_REQUIRED if c not in header]
    if missing:
        raise ImportFileError(
            f"{label} : colonne(s) manquante(s) pour un relevé de locaux : {', '.join(missing)}."
        )
    report = Report()
    report.rows_read = len(rows)
    codes = valid_codes()
    by_commune = {}
    numbered = []
    for number, row in enumerate(rows, start=2):
        item, reason = _check_row(row, codes)
        if reason:
            report.reject(reason, 1, [f"ligne {number}"])
            continue
        by_commune.setdefault(commune_of(item["code"]), []).append(item)
        numbered.append((number, item))
    if not by_commune:
        raise ImportFileError(f"{label} : aucune ligne valide ({report.rows_rejected} rejetées).")
    plausibility.survey_warnings(report, numbered)
    communes = {c.code: c for c in Commune.objects.filter(code__in=by_commune)}
    with transaction.atomic():
        for code, items in by_commune.items():
            date = max(i["observed_on"] for i in items)
            Survey.objects.filter(
                commune=communes[code], date=date, data_import__isnull=False
            ).delete()
            survey = Survey.objects.create(
                commune=communes[code],
                date=date,
                title=f"Import {label}",
                state=Survey.State.VALIDATED,
                data_import=data_import,
                synthetic=data_import.synthetic,
                created_by=data_import.created_by,
            )
            Premise.objects.bulk_create(Premise(survey=survey, **i) for i in items)
            report.rows_kept += len(items)
    if data_import.vintage is None:
        data_import.vintage = max(
            max(i["observed_on"] for i in items) for items in by_commune.values()
        )
    report.extra["communes"] = sorted(by_commune)
    return report


def template_rows():
    return [EXAMPLE_ROW]


def survey_create(*, commune, date, title, actor) -> Survey:
    survey = Survey(commune=commune, date=date, title=title.strip(), created_by=actor)
    survey.full_clean()
    survey.save()
    log_action("observatory.survey.created", actor=actor, obj=survey, data={"date": str(date)})
    return survey


class PremiseEntry(NamedTuple):
    premise: Premise
    created: bool


@transaction.atomic
def premise_add(
    *,
    survey,
    actor,
    code,
    status,
    address="",
    lon=None,
    lat=None,
    activity="",
    client_id=None,
    photo=None,
) -> PremiseEntry:
    """Add a premises to a draft survey typed in by a commune's people.

    `client_id`: the UUID the phone gave the entry. An entry the survey already has (sent
    again from the offline queue, or twice because the answer was lost) returns the existing
    line with `created=False`, whatever the survey's state now. `photo`: an uploaded image
    from the camera, stored in the commune's vault and linked to the premises.
    """
    survey = Survey.objects.select_for_update().select_related("commune").get(pk=survey.pk)
    if client_id is not None:
        existing = survey.premises.filter(client_id=client_id).first()
        if existing is not None:
            return PremiseEntry(existing, False)
    if survey.state != Survey.State.DRAFT:
        raise ValidationError("Ce relevé n’est plus modifiable (transmis ou validé).")
    if code != survey.commune.code and commune_of(code) != survey.commune.code:
        raise ValidationError({"code": "Ce code n’appartient pas à la commune du relevé."})
    if not address.strip() and lon is None:
        raise ValidationError({"address": "Indiquez l’adresse ou la position du local."})
    survey_entry.check_position(code=code, lon=lon, lat=lat)
    if photo is not None:
        survey_entry.check_photo(photo)
    premise = Premise(
        survey=survey,
        code=code,
        status=status,
        address=address.strip(),
        lon=lon,
        lat=lat,
        activity=activity.strip(),
        observed_on=survey.date,
        surveyor=str(actor),
        client_id=client_id,
    )
    premise.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            premise.save()
    except IntegrityError:
        # The same entry committed by a concurrent request between the check and the save.
        existing = survey.premises.filter(client_id=client_id).first()
        if client_id is None or existing is None:
            raise
        return PremiseEntry(existing, False)
    if photo is not None:
        premise.photo = document_upload(
            commune=survey.commune,
            uploaded_file=photo,
            kind=DocumentKind.AUTRE,
            title=f"Photo du local {premise.address or premise.code} — {survey}"[:200],
            actor=actor,
        )
        premise.save(update_fields=["photo"])
    log_action(
        "observatory.survey.premise_added",
        actor=actor,
        obj=survey,
        data={
            "premise": premise.pk,
            "status": status,
            "client_id": str(client_id) if client_id else None,
            "photo": premise.photo_id,
        },
    )
    return PremiseEntry(premise, True)


def premise_delete(*, premise, actor):
    survey = premise.survey
    if survey.state != Survey.State.DRAFT:
        raise ValidationError("Ce relevé n’est plus modifiable (transmis ou validé).")
    data = {"premise": premise.pk, "address": premise.address}
    premise.delete()
    log_action("observatory.survey.premise_deleted", actor=actor, obj=survey, data=data)


def survey_transition(*, survey, name, actor, reason=""):
    SURVEY_WORKFLOW.check(survey, name, actor)
    if name == "submit" and not survey.premises.exists():
        raise ValidationError("Ajoutez au moins un local avant de transmettre le relevé.")
    extra = ()
    if name in {"validate", "reject"}:
        survey.review_comment = reason.strip()
        extra = ("review_comment",)
    return SURVEY_WORKFLOW.apply(
        survey, name, actor=actor, reason=reason, extra_update_fields=extra
    )
