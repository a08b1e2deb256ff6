import datetime
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from cvv.documents.maintenance import orphan_files
from cvv.documents.services import document_upload
from tests.documents.helpers import pdf
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_orphans_are_found_and_purged(users, settings):
    kept = document_upload(
        commune=commune("93005"),
        uploaded_file=pdf(),
        kind="devis",
        title="Devis",
        actor=users["commune_agent"],
    )
    orphan = default_storage.save("documents/93005/orphelin.pdf", pdf())
    old = time.time() - 3 * 86400
    os.utime(default_storage.path(orphan), (old, old))
    os.utime(default_storage.path(kept.file.name), (old, old))
    assert orphan_files() == [orphan]
    assert orphan_files(older_than=datetime.timedelta(days=5)) == []
    call_command("documents", "purge-orphans", "--dry-run", verbosity=0)
    assert default_storage.exists(orphan)
    call_command("documents", "purge-orphans", verbosity=0)
    assert not default_storage.exists(orphan) and default_storage.exists(kept.file.name)
    with pytest.raises(CommandError, match="au moins 1"):
        call_command("documents", "purge-orphans", "--hours", "0")
