import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from cvv.observatory import services, surveys
from cvv.observatory.models import DataImport, Premise, Survey
from cvv.territories.models import Commune

pytestmark = pytest.mark.django_db
HEADER = "code_commune,date_releve,adresse,longitude,latitude,statut,activite,enqueteur\n"


def _import(path):
    return services.import_file(kind=DataImport.Kind.SURVEY, path=path)


def test_survey_csv_import_groups_by_commune_and_rejects_bad_rows(tmp_path):
    path = tmp_path / "releve.csv"
    path.write_text(
        HEADER
        + "93005,2025-03-01,1 rue A,,,vacant,,Léa\n"
        + "93005,02/03/2025,,2.4976,48.9386,occupé,boulangerie,Léa\n"
        + "75104,2025-03-05,3 rue Rivoli,,,en travaux,,Tom\n"
        + "69123,2025-03-05,Lyon,,,vacant,,Tom\n"
        + "93005,2025-03-01,2 rue A,,,ferme,,Léa\n"
        + "93005,hier,3 rue A,,,vacant,,Léa\n"
        + "93005,2025-03-01,,,,vacant,,Léa\n",
        encoding="utf-8",
    )
    done = _import(path)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    assert (done.rows_read, done.rows_kept, done.rows_rejected) == (7, 3, 4)
    aulnay = Survey.objects.get(commune__code="93005")
    assert aulnay.date == dt.date(2025, 3, 2) and aulnay.state == Survey.State.VALIDATED
    assert sorted(aulnay.premises.values_list("status", flat=True)) == ["occupe", "vacant"]
    paris = Survey.objects.get(commune__code="75056")
    assert paris.premises.get().code == "75104"
    reasons = {r["motif"] for r in done.report["rejets"]}
    assert any("statut inconnu" in r for r in reasons)
    assert any("hors Métropole" in r for r in reasons)
    again = _import(path)  # same commune and date: replaced, not duplicated
    assert again.status == DataImport.Status.SUCCEEDED
    assert Survey.objects.filter(commune__code="93005").count() == 1


def test_survey_xlsx_import_and_missing_column(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code_commune", "date_releve", "adresse", "statut"])
    sheet.append(["93048", dt.date(2025, 4, 1), "5 rue de Paris", "vacant"])
    path = tmp_path / "releve.xlsx"
    workbook.save(path)
    done = _import(path)
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    assert Premise.objects.get().survey.commune.code == "93048"
    bad = tmp_path / "bad.csv"
    bad.write_text("code_commune,adresse\n93005,1 rue\n", encoding="utf-8")
    failed = _import(bad)
    assert failed.status == DataImport.Status.FAILED
    assert "bad.csv" in failed.error and "date_releve" in failed.error and "statut" in failed.error


def test_survey_workflow(users):
    manager = users["commerce_manager"]
    survey = surveys.survey_create(
        commune=Commune.objects.get(code="93005"), date=dt.date(2025, 5, 1), title="", actor=manager
    )
    with pytest.raises(ValidationError, match="Ajoutez au moins un local"):
        surveys.survey_transition(survey=survey, name="submit", actor=manager)
    surveys.premise_add(survey=survey, actor=manager, code="93005", status="vacant", address="1 r")
    with pytest.raises(ValidationError, match="n’appartient pas à la commune du relevé"):
        surveys.premise_add(
            survey=survey, actor=manager, code="93048", status="vacant", address="x"
        )
    surveys.survey_transition(survey=survey, name="submit", actor=manager)
    with pytest.raises(ValidationError, match="n’est plus modifiable"):
        surveys.premise_add(
            survey=survey, actor=manager, code="93005", status="vacant", address="2"
        )
    with pytest.raises(ValidationError, match="Un motif est obligatoire"):
        surveys.survey_transition(survey=survey, name="reject", actor=users["instructor"])
    surveys.survey_transition(
        survey=survey, name="reject", actor=users["instructor"], reason="Adresse manquante"
    )
    surveys.survey_transition(survey=survey, name="reopen", actor=manager)
    surveys.survey_transition(survey=survey, name="submit", actor=manager)
    surveys.survey_transition(survey=survey, name="validate", actor=users["instructor"])
    survey.refresh_from_db()
    assert survey.state == Survey.State.VALIDATED


def test_template_has_the_import_columns():
    from cvv.core.exports import render_table
    from cvv.observatory.schema import SURVEY_COLUMNS

    content = render_table([(c, c) for c in SURVEY_COLUMNS], surveys.template_rows(), "csv")
    assert content.decode().startswith(HEADER.strip())
    path_ok = io.StringIO(content.decode())
    assert path_ok.readline().strip().split(",") == SURVEY_COLUMNS


def test_failure_after_the_rows_are_written_leaves_no_survey(tmp_path, monkeypatch):
    path = tmp_path / "releve.csv"
    path.write_text(HEADER + "93005,2025-03-01,1 rue A,,,vacant,,Léa\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(services, "_record_success", fail)
    with pytest.raises(RuntimeError):
        _import(path)
    assert not Survey.objects.filter(commune__code="93005").exists()
    failed = DataImport.objects.get(kind=DataImport.Kind.SURVEY)
    assert failed.status == DataImport.Status.FAILED and "disque plein" in failed.error
