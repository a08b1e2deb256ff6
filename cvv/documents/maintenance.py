"""Files left in storage by a transaction rolled back after the upload (the file is written
before the row is committed): found by comparing storage with the vault, then removed."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.documents.models import Document


def _walk(storage, folder):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def orphan_files(*, older_than=timedelta(hours=24), storage=None, now=None):
    """Stored names under documents/ that no Document references, older than `older_than`."""
    storage = storage or default_storage
    now = now or timezone.now()
    try:
        names = list(_walk(storage, "documents"))
    except FileNotFoundError:
        return []
    known = set(Document.objects.filter(file__in=names).values_list("file", flat=True))
    result = []
    for name in names:
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        if now - modified >= older_than:
            result.append(name)
    return result


def purge_orphan_files(*, older_than=timedelta(hours=24), dry_run=False, storage=None) -> list:
    storage = storage or default_storage
    names = orphan_files(older_than=older_than, storage=storage)
    if not dry_run:
        for name in names:
            storage.delete(name)
        if names:
            log_action("documents.orphans.purged", actor=None, data={"files": names})
    return names
