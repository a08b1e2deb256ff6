"""The yearly report: figures from live data, reproducible for a past date, ODT and PDF."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cvv.funding.loader import load_default
from cvv.funding.models import Dossier
from cvv.synthesis import report, report_odt, report_pdf
from tests.funding.factories import make_draft, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(users):
    load_default()
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    return dossier


def _section(built, title):
    return next((s for s in built["sections"] if s["title"] == title), None)


def test_report_counts_what_had_happened_by_the_date_of_record(granted):
    decided = granted.decided_on
    built = report.build(decided.year, decided)
    funding = _section(built, "Fonds FIMACS")
    assert "1 dossier(s) aidé(s)" in funding["paragraphs"][0]
    assert "63\u202f000 €" in funding["paragraphs"][0]  # the one French format
    assert _section(built, "Programme d’accompagnement") is not None
    before = report.build(decided.year, decided - dt.timedelta(days=1))
    assert _section(before, "Fonds FIMACS") is None  # decided the day after: not yet there
    assert report.build(decided.year, decided) == built  # regenerated: the same figures


def test_report_refuses_a_date_before_its_year():
    with pytest.raises(ValueError, match="précède l’année 2026"):
        report.build(2026, dt.date(2025, 12, 31))


def test_odt_and_pdf_carry_the_sections_and_charts(granted):
    built = report.build(granted.decided_on.year, granted.decided_on)
    odt = report_odt.render(built)
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        content = archive.read("content.xml").decode()
        pictures = [n for n in archive.namelist() if n.startswith("Pictures/")]
    assert "Fonds FIMACS" in content and "Par quartile de besoin" in content
    assert pictures and pictures[0].endswith(".svg")
    pdf = report_pdf.render(built)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_command_writes_the_file_and_explains_bad_input(tmp_path, granted):
    year = granted.decided_on.year
    target = tmp_path / "rapport.odt"
    call_command("report", "annual", "--year", str(year), "-o", str(target))
    assert zipfile.is_zipfile(target)
    call_command("report", "annual", "--year", str(year), "-o", str(tmp_path / "r.pdf"))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="Extension « .doc » inconnue"):
        call_command("report", "annual", "--year", str(year), "-o", str(tmp_path / "r.doc"))
    with pytest.raises(CommandError, match="Date d’arrêté illisible"):
        call_command("report", "annual", "--year", str(year), "--as-of", "31/12", "-o", str(target))


def test_staff_download_the_report_from_the_page(client, users):
    client.force_login(users["metropole_admin"])
    url = reverse("synthesis:annual_report")
    assert client.get(url).status_code == 200
    response = client.get(url, {"year": "2026", "as_of": "2026-06-30", "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert "rapport-annuel-2026-20260630.pdf" in response["Content-Disposition"]
    response = client.get(url, {"year": "2026", "as_of": "2025-06-30", "format": "pdf"})
    assert response.status_code == 400
