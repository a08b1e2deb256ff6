"""Live progress of an import by rows read (not only kept), and imports whose worker died
shown as failed on the import pages (issue 15, "Also")."""

import datetime as dt
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import timezone

from cvv.observatory import housekeeping, importers, services, storage
from cvv.observatory.models import DataImport
from tests.observatory import files

pytestmark = pytest.mark.django_db


def _stock(tmp_path, writer):
    rows = []
    for i in range(40):  # one row in four in the Métropole, in file order
        rows.append(files.establishment("93005" if i % 4 == 0 else "69123"))
    return writer(tmp_path / "stock", rows)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_the_rows_read_are_reported_while_reading(tmp_path, monkeypatch, fmt):
    monkeypatch.setattr(importers, "BATCH_ROWS", 3)
    writer = files.write_parquet if fmt == "parquet" else files.write_csv
    stock = _stock(tmp_path, lambda p, rows: writer(p.with_suffix(f".{fmt}"), rows))
    calls = []
    out = tmp_path / "out"
    out.mkdir()
    report = importers.import_sirene(
        stock=stock,
        out_dir=out,
        work_dir=tmp_path / "work",
        progress=lambda percent, label, **counters: calls.append((percent, counters)),
    )
    assert (report.rows_read, report.rows_kept) == (40, 10)
    counted = [c for _, c in calls if "rows_kept" in c]
    assert counted[0] == {"rows_total": 40, "rows_read": 0, "rows_kept": 0}
    kept = [c["rows_kept"] for c in counted]
    assert kept == sorted(kept) and kept[-1] == 10
    read = [c["rows_read"] for c in counted if "rows_read" in c]
    assert read == sorted(read) and read[-1] == 40
    percents = [p for p, _ in calls]
    assert percents == sorted(percents)
    assert kept[1:] == [3, 6, 9, 10, 10]  # batches of 3 kept rows, then the end
    if fmt == "parquet":  # the row indices tell how far the read went, before the end
        assert any(0 < n < 40 for n in read)


def test_the_counters_are_stored_and_shown_while_the_import_runs(client, users, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 0)
    item = services.import_create(kind="sirene", file_name="StockEtablissement.parquet")
    DataImport.objects.filter(pk=item.pk).update(
        status=DataImport.Status.RUNNING, runner=housekeeping.RUNNER, heartbeat_at=timezone.now()
    )
    update = services._progress_writer(item)
    update(10, "Lecture", rows_total=43_900_000, rows_read=0, rows_kept=0)
    update(40, "Lecture", rows_read=17_560_000, rows_kept=2_282_800)
    item.refresh_from_db()
    assert (item.rows_total, item.rows_read, item.rows_kept) == (43_900_000, 17_560_000, 2_282_800)
    client.force_login(users["instructor"])
    url = reverse("observatory:import_detail", args=[item.pk])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" in partial  # still running: the page keeps polling
    assert "17\u202f560\u202f000 sur 43\u202f900\u202f000" in partial
    assert "2\u202f282\u202f800 jusqu’ici" in partial


def _dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("page", ["imports", "import_detail"])
def test_an_import_whose_worker_died_is_failed_and_cleaned_when_the_page_is_shown(
    client, users, settings, page
):
    settings.OBSERVATORY_IMPORT_STALE_AFTER = 600
    dead = services.import_create(kind="sirene", file_name="stock.csv")
    silent = services.import_create(kind="sirene", file_name="stock2.csv")
    alive = services.import_create(kind="sirene", file_name="stock3.csv")
    now = timezone.now()
    for item, runner, beat in (
        (dead, f"{housekeeping.HOST}:{_dead_pid()}:abc", now),
        (silent, "other-host:12:abc", now - dt.timedelta(minutes=11)),
        (alive, "other-host:13:abc", now - dt.timedelta(minutes=1)),
    ):
        DataImport.objects.filter(pk=item.pk).update(
            status=DataImport.Status.RUNNING, runner=runner, heartbeat_at=beat
        )
    partial = {}
    for item in (dead, silent, alive):
        partial[item.pk] = [storage.new_staging_dir(item), storage.new_work_dir(item)]
        (partial[item.pk][0] / "etablissements.parquet").write_bytes(b"partial")
    client.force_login(users["instructor"])
    args = [dead.pk] if page == "import_detail" else []
    response = client.get(reverse(f"observatory:{page}", args=args))
    assert response.status_code == 200
    text = response.content.decode()
    if page == "imports":
        assert text.count("Échoué") == 2 and text.count("En cours") == 1
    else:
        assert "Import interrompu" in text
    for item in (dead, silent):
        item.refresh_from_db()
        assert item.status == DataImport.Status.FAILED
        assert not any(path.exists() for path in partial[item.pk])
    alive.refresh_from_db()
    assert alive.status == DataImport.Status.RUNNING
    assert all(path.exists() for path in partial[alive.pk])


def test_nothing_running_means_no_sweep(monkeypatch):
    monkeypatch.setattr(housekeeping, "sweep_stale_imports", lambda: pytest.fail("swept"))
    assert housekeeping.sweep_before_showing_imports() == []
