"""The list of a commune's participations in other programmes, imported from CSV or XLSX in
the platform's template. Every line is checked first; any error refuses the whole file with
the list of errors by line, and nothing is written (an import that keeps nothing replaces
nothing)."""

import datetime as dt
import unicodedata

from cvv.coordination.models import MetroProgramme, ParticipationStatus
from cvv.core.amounts import FRENCH, AmountError, parse_amount
from cvv.core.tabular import read_table
from cvv.territories.models import Commune

COLUMNS = ["code_commune", "programme", "projet", "montant", "statut", "debut", "fin"]
REQUIRED = ["code_commune", "programme", "projet"]
EXAMPLE = {
    "code_commune": "93005",
    "programme": "tiers-lieux",
    "projet": "Tiers-lieu de la gare",
    "montant": "45 000,00",
    "statut": "Retenu",
    "debut": "2026-03-01",
    "fin": "",
}
MAX_ERRORS_SHOWN = 50


def _fold(text):
    text = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


STATUS_ALIASES = {_fold(label): value for value, label in ParticipationStatus.choices} | {
    value: value for value in ParticipationStatus.values
}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, label, errors, line):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(f"Ligne {line} : {label} « {text} » illisible (AAAA-MM-JJ ou JJ/MM/AAAA).")
    return None


def check_file(data: bytes, label="Liste des participations"):
    """(rows ready for `participations_import`, errors). Raises `TableError` for an
    unreadable or oversized file."""
    header, raw_rows = read_table(data, label)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [
            f"{label} : colonnes manquantes : {', '.join(missing)} (modèle : {', '.join(COLUMNS)})."
        ]
    if not raw_rows:
        return [], [f"{label} : aucune ligne de données."]
    communes = {c.code: c for c in Commune.objects.all()}
    programmes = {p.code: p for p in MetroProgramme.objects.all()}
    rows, errors, seen = [], [], {}
    for number, raw in enumerate(raw_rows, start=2):
        line_errors = []
        code = _text(raw.get("code_commune")).zfill(5) if _text(raw.get("code_commune")) else ""
        commune = communes.get(code)
        if commune is None:
            line_errors.append(
                f"Ligne {number} : commune « {code or '(vide)'} » inconnue "
                "(code INSEE d’une des 130 communes)."
            )
        programme = programmes.get(_text(raw.get("programme")).lower())
        if programme is None:
            line_errors.append(
                f"Ligne {number} : programme « {_text(raw.get('programme')) or '(vide)'} » "
                f"inconnu (codes : {', '.join(sorted(programmes)) or 'aucun'})."
            )
        project = _text(raw.get("projet"))
        if not project:
            line_errors.append(f"Ligne {number} : le projet est vide.")
        elif len(project) > 300:
            line_errors.append(f"Ligne {number} : projet trop long (300 caractères au plus).")
        amount = None
        if _text(raw.get("montant")):
            value = raw.get("montant")
            if isinstance(value, float):
                value = f"{value:.2f}"
            try:
                amount = parse_amount(
                    value if not isinstance(value, int) else value,
                    field="montant",
                    grammar=FRENCH,
                )
            except AmountError as exc:
                line_errors.append(f"Ligne {number} : {exc}")
        status_text = _text(raw.get("statut"))
        status = STATUS_ALIASES.get(_fold(status_text)) if status_text else "planned"
        if status is None:
            line_errors.append(
                f"Ligne {number} : statut « {status_text} » inconnu "
                f"({', '.join(ParticipationStatus.labels)})."
            )
        started = _date(raw.get("debut"), "date de début", line_errors, number)
        ended = _date(raw.get("fin"), "date de fin", line_errors, number)
        if started and ended and ended < started:
            line_errors.append(f"Ligne {number} : la fin précède le début.")
        key = (code, programme.pk if programme else None, project)
        if not line_errors and key in seen:
            line_errors.append(f"Ligne {number} : doublon de la ligne {seen[key]}.")
        seen.setdefault(key, number)
        if line_errors:
            errors.extend(line_errors)
            continue
        rows.append(
            {
                "commune": commune,
                "programme": programme,
                "project": project,
                "amount": amount,
                "status": status,
                "started_on": started,
                "ended_on": ended,
            }
        )
    return rows, errors
