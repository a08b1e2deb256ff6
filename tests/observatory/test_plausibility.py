"""Plausibility warnings stored with the import and shown to the operator (issue 8, low)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from cvv.observatory import services
from cvv.observatory.models import DataImport
from tests.observatory import files

pytestmark = pytest.mark.django_db


def _warnings(done):
    return {w["motif"].split(" (")[0].split(" :")[0]: w for w in done.report["avertissements"]}


def test_sirene_future_dates_and_repeated_siret_are_warnings(tmp_path, client, users):
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    rows = [
        files.establishment("93005", siret="11111111100011", creation=future),
        *[files.establishment("93005", siret="22222222200022") for _ in range(3)],
        files.establishment("93005"),
    ]
    stock = files.write_csv(tmp_path / "stock.csv", rows)
    err = io.StringIO()
    call_command(
        "observatory", "import-sirene", str(stock), "--vintage", "2025-12-31",
        stdout=io.StringIO(), stderr=err,
    )  # fmt: skip
    done = DataImport.objects.get()
    assert done.status == DataImport.Status.SUCCEEDED and done.rows_kept == 5
    warnings = _warnings(done)
    assert warnings["date de création ou de début de période dans le futur"]["exemples"] == [
        "SIRET 11111111100011"
    ]
    repeated = warnings["même SIRET sur plusieurs lignes"]
    assert repeated["lignes"] == 3 and repeated["exemples"] == ["SIRET 22222222200022 : 3 lignes"]
    assert "avertissement : même SIRET" in err.getvalue()
    client.force_login(users["instructor"])
    page = client.get(reverse("observatory:import_detail", args=[done.pk])).content.decode()
    assert "Avertissements de vraisemblance" in page and "SIRET 22222222200022" in page


def test_survey_future_date_and_position_in_another_commune(tmp_path):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    path = tmp_path / "releve.csv"
    path.write_text(
        "code_commune,date_releve,adresse,longitude,latitude,statut\n"
        "93005,2025-03-01,1 rue A,2.4976,48.9386,vacant\n"  # Aulnay, in Aulnay
        "93005,2025-03-01,2 rue A,2.3522,48.8566,vacant\n"  # Paris centre, coded Aulnay
        f"93005,{tomorrow},3 rue A,,,occupé\n",
        encoding="utf-8",
    )
    done = services.import_file(kind=DataImport.Kind.SURVEY, path=path)
    assert done.status == DataImport.Status.SUCCEEDED and done.rows_kept == 3
    warnings = _warnings(done)
    assert warnings["date de relevé dans le futur"]["exemples"] == ["ligne 4"]
    outside = warnings["position du local hors de la commune"]
    assert outside["exemples"] == ["ligne 3 (93005)"]


def test_bpe_future_year_is_a_warning(tmp_path):
    year = str(dt.date.today().year + 2)
    rows = [files.bpe("93005", "B104"), files.bpe("93005", "B104", an=year)]
    path = files.write_csv(tmp_path / "bpe.csv", rows, files.BPE_COLUMNS, ";")
    done = services.import_file(kind="bpe", path=path, vintage=dt.date(2024, 1, 1))
    assert done.status == DataImport.Status.SUCCEEDED
    assert _warnings(done)["année"]["exemples"] == [f"AN {year}"]


def _naive_repeats(sirets):
    from collections import Counter

    repeated = [(s, n) for s, n in Counter(sirets).items() if n > 1]
    repeated.sort(key=lambda item: (-item[1], item[0]))
    return repeated


@pytest.mark.django_db(False)
def test_repeated_sirets_gathered_batch_by_batch_match_a_plain_count():
    """The batch-wise check (sorted integers) finds exactly what counting the rows finds,
    examples in the same order (most repeated first, then by SIRET), across batches."""
    import pyarrow as pa
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cvv.observatory.importers import Report
    from cvv.observatory.plausibility import SireneChecks

    siret = st.integers(0, 10**14 - 1).map(lambda n: f"{n:014d}")

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(st.sampled_from(["00000000000001", "99999999999999"]) | siret,
                             max_size=12), max_size=4))  # fmt: skip
    def check(batches):
        checks = SireneChecks(today=dt.date(2026, 1, 1))
        for sirets in batches:
            checks.add(
                pa.record_batch(
                    [pa.array(sirets, pa.string()), pa.array([None] * len(sirets), pa.date32()),
                     pa.array([None] * len(sirets), pa.date32())],
                    names=["siret", "date_creation", "date_debut"],
                )
            )  # fmt: skip
        report = Report()
        checks.warn(report)
        expected = _naive_repeats([s for sirets in batches for s in sirets])
        if not expected:
            assert report.warnings == []
            return
        (warning,) = report.warnings
        assert warning["lignes"] == sum(n for _, n in expected)
        assert f"{len(expected)} SIRET, jusqu’à {expected[0][1]} lignes" in warning["motif"]
        assert warning["exemples"] == [f"SIRET {s} : {n} lignes" for s, n in expected[:5]]

    check()
