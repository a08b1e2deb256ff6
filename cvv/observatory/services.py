"""Writes of the observatory: running imports (recorded in DataImport, data written as
parquet under OBSERVATORY_DATA_DIR), atomically and idempotently."""

import contextlib
import datetime as dt
import hashlib
import shutil
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.core.workflows import SYSTEM
from cvv.observatory import housekeeping, readers, storage
from cvv.observatory.models import DataImport
from cvv.observatory.readers import ImportFileError, literal
from cvv.observatory.workflows import IMPORT_WORKFLOW

# An import keeping less than this share of the rows of the import it replaces is refused
# unless the operator confirms it (DataImport.confirm_shrink).
SHRINK_FLOOR = 0.5
CONFIRM_HINT = (
    "Les données précédentes restent en place. Si c’est voulu, relancez l’import en "
    "confirmant la réduction (option --confirm-shrink en ligne de commande, case « Confirmer "
    "la réduction » sur le formulaire d’import)."
)


def sha256_of(path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def uploads_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "observatory-uploads"


def import_create(
    *,
    kind,
    file_name,
    upload_path="",
    vintage=None,
    actor=None,
    extra_files=None,
    synthetic=False,
    confirm_shrink=False,
) -> DataImport:
    data_import = DataImport.objects.create(
        kind=kind,
        file_name=file_name[:255],
        upload_path=str(upload_path),
        vintage=vintage,
        extra_files=extra_files or {},
        synthetic=synthetic,
        confirm_shrink=confirm_shrink,
        created_by=actor,
    )
    log_action(
        "observatory.import.created",
        actor=actor,
        obj=data_import,
        data={
            "kind": kind,
            "file": file_name,
            "vintage": str(vintage or ""),
            "confirm_shrink": confirm_shrink,
        },
    )
    return data_import


PROGRESS_COUNTERS = {"rows_total", "rows_read", "rows_kept"}
PROGRESS_EVERY = 0.5  # seconds between two progress writes


def _progress_writer(data_import):
    """progress(percent, label, rows_total=, rows_read=, rows_kept=): written at most twice
    a second (the import page polls every 2 s); each write is also the heartbeat."""
    state = {"last": 0.0}

    def update(percent, label, **counters):
        now = time.monotonic()
        if now - state["last"] < PROGRESS_EVERY and percent < 100 and "rows_total" not in counters:
            return
        state["last"] = now
        values = {
            k: int(v) for k, v in counters.items() if k in PROGRESS_COUNTERS and v is not None
        }
        DataImport.objects.filter(pk=data_import.pk).update(
            progress=min(percent, 100),
            progress_label=label[:200],
            heartbeat_at=timezone.now(),
            **values,
        )

    return update


def _default_vintage(kind, out_dir, report):
    con = readers.connect(read=[out_dir])
    try:
        if kind == DataImport.Kind.SIRENE:
            row = con.execute(
                "SELECT max(greatest(coalesce(date_creation, DATE '1901-01-01'), "
                f"coalesce(date_debut, DATE '1901-01-01'))) FROM "
                f"read_parquet({literal(out_dir / 'etablissements.parquet')})"
            ).fetchone()
            return row[0] if row and row[0] else timezone.localdate()
        if kind == DataImport.Kind.BPE:
            row = con.execute(
                f"SELECT max(annee) FROM read_parquet({literal(out_dir / 'equipements.parquet')})"
            ).fetchone()
            return dt.date(row[0], 1, 1) if row and row[0] else timezone.localdate()
    finally:
        con.close()
    return dt.date(timezone.localdate().year, 1, 1)


def import_run(import_id, *, source_path=None) -> DataImport:
    """Run a pending import. On failure the import is marked failed with a French message and
    the data of earlier imports stays as it was."""
    data_import = DataImport.objects.get(pk=import_id)
    if data_import.status != DataImport.Status.PENDING:
        return data_import
    source_path = Path(source_path or data_import.upload_path)
    started = time.monotonic()
    if not _claim(import_id):  # another worker took it meanwhile
        return DataImport.objects.get(pk=import_id)
    data_import.refresh_from_db()
    checksum = {}
    hasher = threading.Thread(
        target=lambda: checksum.setdefault("value", sha256_of(source_path)), daemon=True
    )
    # Created after the import is marked running: the sweep never removes them from under it.
    out_dir = storage.new_staging_dir(data_import)
    work = storage.new_work_dir(data_import)
    progress = _progress_writer(data_import)
    final_dir = None
    # Survey imports write rows in the database: they and the success record form one
    # transaction. File imports write parquet only and must not hold a write transaction.
    writes_rows = data_import.kind == DataImport.Kind.SURVEY
    try:
        with transaction.atomic() if writes_rows else contextlib.nullcontext():
            if not source_path.exists():
                raise ImportFileError(f"Fichier introuvable : {source_path}.")
            hasher.start()
            report = _run_importer(data_import, source_path, out_dir, work, progress)
            hasher.join()
            vintage = data_import.vintage or _default_vintage(data_import.kind, out_dir, report)
            data_import.vintage = vintage
            _refuse_shrink(data_import, report)
            final_dir = storage.move_into_place(out_dir, data_import)
            _record_success(data_import, report, final_dir, checksum.get("value", ""), started)
    except ImportFileError as exc:
        _remove_unrecorded(out_dir, final_dir)
        _record_failure(data_import, str(exc), checksum, hasher, started)
    except Exception as exc:
        _remove_unrecorded(out_dir, final_dir)
        _record_failure(
            data_import, f"Erreur inattendue pendant l’import : {exc}", checksum, hasher, started
        )
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
        _remove_upload(source_path)
    data_import.refresh_from_db()
    return data_import


def _claim(import_id) -> bool:
    """Mark the import running for this worker (the platform fires the transition)."""
    with transaction.atomic():
        item = (
            DataImport.objects.select_for_update()
            .filter(pk=import_id, status=DataImport.Status.PENDING)
            .first()
        )
        if item is None:
            return False
        item.progress, item.progress_label = 1, "Démarrage"
        item.runner, item.heartbeat_at = housekeeping.RUNNER, timezone.now()
        IMPORT_WORKFLOW.apply(
            item,
            "start",
            actor=SYSTEM,
            data={"kind": item.kind, "runner": item.runner},
            extra_update_fields=["progress", "progress_label", "runner", "heartbeat_at"],
        )
    return True


def _refuse_shrink(data_import, report):
    """An import that keeps nothing, or under SHRINK_FLOOR of what the import it replaces
    kept, is refused unless the operator confirmed it: a header-only file, a file of the
    wrong type or a broken export must not erase a good vintage. Surveys are per commune
    and already refuse a file without any valid row."""
    if data_import.kind == DataImport.Kind.SURVEY or data_import.confirm_shrink:
        return
    label = data_import.file_name
    kept = report.rows_kept
    if kept == 0:
        raise ImportFileError(
            f"{label} : import refusé, aucune ligne retenue ({report.rows_read} lue(s), "
            f"{report.rows_rejected} rejetée(s)). {CONFIRM_HINT}"
        )
    previous = _replaced_import(data_import)
    if previous is not None and kept < previous.rows_kept * SHRINK_FLOOR:
        raise ImportFileError(
            f"{label} : import refusé, il ne retient que {kept} ligne(s) contre "
            f"{previous.rows_kept} pour l’import n° {previous.pk} (millésime "
            f"{previous.vintage:%d/%m/%Y}) qu’il remplacerait : moins de la moitié. "
            f"{CONFIRM_HINT}"
        )


def _replaced_import(data_import):
    """The import of the same vintage if any, else the closest earlier (or later) vintage:
    the data this import would take the place of."""
    imports = DataImport.objects.filter(
        kind=data_import.kind, status=DataImport.Status.SUCCEEDED
    ).exclude(pk=data_import.pk)
    vintage = data_import.vintage
    return (
        imports.filter(vintage=vintage).order_by("-pk").first()
        or imports.filter(vintage__lt=vintage).order_by("-vintage", "-pk").first()
        or imports.filter(vintage__gt=vintage).order_by("vintage", "-pk").first()
    )


def _remove_unrecorded(out_dir, final_dir):
    """After a failure, no directory of this import may stay: staging or already moved."""
    storage.remove_dir(out_dir)
    if final_dir is not None:
        storage.remove_dir(final_dir)


def _remove_upload(source_path):
    """Uploaded files (web imports) are removed once imported: the SHA-256 stays on record,
    and the official files remain available from their publisher."""
    uploads = uploads_dir().resolve()
    folder = source_path.resolve().parent
    while folder != uploads and uploads in folder.parents:
        if folder.parent == uploads:
            shutil.rmtree(folder, ignore_errors=True)
            return
        folder = folder.parent


def _run_importer(data_import, source_path, out_dir, work, progress):
    # Imported here: the compute engine and the pages use this module without needing
    # the importers (pyarrow.compute and parquet writing cost ~0.2 s of start-up).
    from cvv.observatory import importers, importers_ref

    kind = data_import.kind
    if kind == DataImport.Kind.SIRENE:
        extra = data_import.extra_files or {}
        return importers.import_sirene(
            stock=source_path,
            history=extra.get("history_path"),
            geo=extra.get("geo_path"),
            out_dir=out_dir,
            work_dir=work,
            progress=progress,
        )
    if kind == DataImport.Kind.BPE:
        return importers_ref.import_bpe(path=source_path, out_dir=out_dir, work_dir=work)
    if kind == DataImport.Kind.POPULATION:
        return importers_ref.import_population(path=source_path, out_dir=out_dir, work_dir=work)
    if kind == DataImport.Kind.SURVEY:
        from cvv.observatory import surveys

        return surveys.import_survey_file(data_import=data_import, path=source_path)
    raise ImportFileError(f"Type d’import inconnu : {kind}.")


def _record_success(data_import, report, final_dir, checksum, started):
    old_dirs = []
    with transaction.atomic():
        previous = (
            DataImport.objects.select_for_update()
            .filter(
                kind=data_import.kind,
                vintage=data_import.vintage,
                status=DataImport.Status.SUCCEEDED,
            )
            .exclude(pk=data_import.pk)
        )
        if data_import.kind == DataImport.Kind.SURVEY:
            # Surveys replace each other per commune and date (see surveys.py).
            previous = previous.none()
        for item in previous:
            old_dirs.append(item.data_path)
        replaced = [item.pk for item in previous]
        for item in previous:
            IMPORT_WORKFLOW.apply(
                item, "replace", actor=SYSTEM, data={"kind": item.kind, "by": data_import.pk}
            )
        fields = {
            "vintage": data_import.vintage,
            "data_path": str(final_dir),
            "checksum": checksum,
            "rows_total": report.rows_read,
            "rows_read": report.rows_read,
            "rows_kept": report.rows_kept,
            "rows_rejected": report.rows_rejected,
            "rows_outside": max(report.rows_read - report.rows_kept - report.rows_rejected, 0),
            "report": {**report.as_dict(), "remplace": replaced},
            "progress": 100,
            "progress_label": "Terminé",
            "duration_s": round(time.monotonic() - started, 3),
            "finished_at": timezone.now(),
        }
        for key, value in fields.items():
            setattr(data_import, key, value)
        IMPORT_WORKFLOW.apply(
            data_import,
            "succeed",
            actor=SYSTEM,
            data={
                "kind": data_import.kind,
                "vintage": str(data_import.vintage),
                "rows_kept": report.rows_kept,
                "rows_rejected": report.rows_rejected,
                "replaced": replaced,
                "created_by": data_import.created_by_id,
            },
            extra_update_fields=list(fields),
        )
        transaction.on_commit(lambda: [storage.remove_dir(p) for p in old_dirs])


def _record_failure(data_import, message, checksum, hasher, started):
    if hasher.is_alive() or hasher.ident is not None:
        hasher.join()
    fields = {
        "error": message,
        "checksum": checksum.get("value", ""),
        "progress": 100,
        "progress_label": "Échec",
        "duration_s": round(time.monotonic() - started, 3),
        "finished_at": timezone.now(),
    }
    for key, value in fields.items():
        setattr(data_import, key, value)
    IMPORT_WORKFLOW.apply(
        data_import,
        "fail",
        actor=SYSTEM,
        data={"kind": data_import.kind, "error": message, "created_by": data_import.created_by_id},
        extra_update_fields=list(fields),
    )


def import_file(
    *, kind, path, vintage=None, actor=None, synthetic=False, confirm_shrink=False, **extra
) -> DataImport:
    """Create and run an import synchronously (command line, demo, tests)."""
    extra_files = {
        f"{key}_path": str(Path(value).resolve()) for key, value in extra.items() if value
    }
    data_import = import_create(
        kind=kind,
        file_name=Path(path).name,
        upload_path=str(Path(path).resolve()),
        vintage=vintage,
        actor=actor,
        extra_files=extra_files,
        synthetic=synthetic,
        confirm_shrink=confirm_shrink,
    )
    return import_run(data_import.pk)


def latest_import(kind, *, on_or_before=None):
    imports = DataImport.objects.filter(kind=kind, status=DataImport.Status.SUCCEEDED)
    if on_or_before is not None:
        imports = imports.filter(vintage__lte=on_or_before)
    return imports.order_by("-vintage", "-pk").first()
