import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cvv.observatory import services
from cvv.observatory.compute_service import compute_indicators
from cvv.observatory.models import DataImport, Survey
from cvv.territories.models import Centralite, CentraliteVersion, Commune
from tests.observatory import files

pytestmark = pytest.mark.django_db
D = dt.date(2025, 12, 31)
HIDDEN_SIRET = "44444444400011"


@pytest.fixture
def computed(tmp_path):
    aulnay = Commune.objects.get(code="93005")
    x, y = files.lambert93(aulnay.mairie_lon, aulnay.mairie_lat)
    rows = [
        files.establishment("93005", x=x, y=y, creation="2025-03-01"),
        files.establishment("93005", siret=HIDDEN_SIRET, diffusion="P", x=x, y=y),
        files.establishment("75104", activite="56.10A"),
    ]
    path = files.write_parquet(tmp_path / "stock.parquet", rows)
    done = services.import_file(kind=DataImport.Kind.SIRENE, path=path, vintage=D, synthetic=True)
    assert done.status == DataImport.Status.SUCCEEDED
    compute_indicators(reference_date=dt.date(2024, 12, 31))
    return compute_indicators(reference_date=D)


def test_public_map_table_and_commune_page(client, computed):
    response = client.get(reverse("observatory:index") + "?indicateur=commerces_proximite")
    page = response.content.decode()
    assert response.status_code == 200
    assert "données de démonstration" in page
    assert 'id="observatoire-communes"' in page and "Légende" in page
    assert "Aulnay-sous-Bois" in page
    response = client.get(reverse("observatory:table") + "?niveau=ept&tri=-commerces_proximite")
    assert response.status_code == 200 and "Paris" in response.content.decode()
    response = client.get(reverse("observatory:commune", args=["93005"]))
    page = response.content.decode()
    assert response.status_code == 200
    charts = json.loads(
        page.split('id="observatoire-graphiques" type="application/json">')[1].split("</script>")[0]
    )
    assert charts["commerces"]["datasets"][0]["data"] == [1, 2]  # one created in 2025
    assert "Médiane Métropole" in page and "données de démonstration" in page
    assert HIDDEN_SIRET not in page


def test_downloads_and_api_never_show_establishments(client, computed):
    for fmt in ("csv", "xlsx", "ods", "geojson"):
        url = reverse("observatory:download") + f"?niveau=commune&date={D}&format={fmt}"
        response = client.get(url)
        assert response.status_code == 200, fmt
        assert HIDDEN_SIRET.encode() not in response.content
    response = client.get(reverse("observatory:download") + f"?niveau=commune&date={D}&format=csv")
    assert response.content.decode().startswith("code,nom,annee,population,")
    assert "donnees-de-demonstration" in response["Content-Disposition"]
    response = client.get("/api/v1/observatory/indicators?level=commune&code=93005")
    data = response.json()
    assert response.status_code == 200 and data[0]["indicateurs"]["commerces_proximite"] == 2
    assert data[0]["donnees_de_demonstration"] is True
    assert HIDDEN_SIRET not in response.content.decode()
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/observatory/indicators" in schema["paths"]
    assert client.get(reverse("observatory:methodology")).status_code == 200
    sources = client.get(reverse("observatory:sources")).content.decode()
    assert "stock.parquet" in sources and "données de démonstration" in sources
    assert "Procos, 11,9 %" in sources and "10,9 % en 2023" in sources  # demo calibration


def test_staff_upload_runs_as_a_background_job(
    client, users, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(users["instructor"])
    content = files.csv_text([files.establishment("93048")]).encode()
    upload = SimpleUploadedFile("StockEtablissement_utf8.csv", content, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("observatory:import_new"),
            {"kind": "sirene", "file": upload, "vintage": "2025-12-31"},
        )
    data_import = DataImport.objects.get()
    assert response.status_code == 302
    assert data_import.status == DataImport.Status.SUCCEEDED, data_import.error
    assert data_import.created_by == users["instructor"] and data_import.rows_kept == 1
    assert not any(services.uploads_dir().iterdir())  # the upload is removed once imported
    url = reverse("observatory:import_detail", args=[data_import.pk])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="import-status"') and "Réussi" in partial
    assert "hx-trigger" not in partial  # finished: polling stops
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("observatory:compute"), {"reference_date": "2025-12-31"})
    assert client.get(reverse("observatory:index")).content.decode().count("Montreuil") >= 1


def test_staff_upload_refuses_extras_for_other_kinds(client, users):
    client.force_login(users["instructor"])
    response = client.post(
        reverse("observatory:import_new"),
        {
            "kind": "bpe",
            "file": SimpleUploadedFile("bpe.csv", b"AN;DEPCOM;TYPEQU\n"),
            "history": SimpleUploadedFile("h.csv", b"x\n"),
        },
    )
    assert response.status_code == 400 and not DataImport.objects.exists()


def test_commerce_manager_enters_a_survey_for_own_commune_only(client, users):
    client.force_login(users["commerce_manager"])
    response = client.post(
        reverse("observatory:survey_new"), {"commune": "93048", "date": "2025-05-01"}
    )
    assert response.status_code == 400 and not Survey.objects.exists()
    response = client.post(
        reverse("observatory:survey_new"),
        {"commune": "93005", "date": "2025-05-01", "title": "Rue"},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.commune.code == "93005"
    url = reverse("observatory:premise_add", args=[survey.pk])
    response = client.post(url, {"status": "vacant", "code": "93005", "address": ""})
    assert response.status_code == 400
    assert "adresse" in response.content.decode()
    client.post(url, {"status": "vacant", "code": "93005", "lon": "2.49", "lat": "48.93"})
    assert survey.premises.get().lon == 2.49
    client.post(reverse("observatory:survey_transition", args=[survey.pk, "submit"]))
    survey.refresh_from_db()
    assert survey.state == Survey.State.SUBMITTED
    assert (
        client.post(
            reverse("observatory:survey_transition", args=[survey.pk, "validate"])
        ).status_code
        == 403
    )
    client.force_login(users["other_commune_agent"])
    assert client.get(reverse("observatory:survey_detail", args=[survey.pk])).status_code == 404
    client.force_login(users["metropole_admin"])
    client.post(reverse("observatory:survey_transition", args=[survey.pk, "validate"]))
    survey.refresh_from_db()
    assert survey.state == Survey.State.VALIDATED


def test_perimeter_drawn_on_the_map_is_saved_as_a_new_version(client, users):
    aulnay = Commune.objects.get(code="93005")
    centralite = Centralite.objects.get(commune=aulnay)
    lon, lat = aulnay.mairie_lon, aulnay.mairie_lat
    square = {
        "type": "Polygon",
        "coordinates": [[[lon - 0.003, lat - 0.002], [lon + 0.003, lat - 0.002],
                         [lon + 0.003, lat + 0.002], [lon - 0.003, lat + 0.002],
                         [lon - 0.003, lat - 0.002]]],
    }  # fmt: skip
    client.force_login(users["commune_agent"])
    url = reverse("observatory:perimeter_draw", args=["93005", centralite.pk])
    assert "leaflet-geoman" in client.get(url).content.decode()
    assert client.post(url, {"geometry": ""}).status_code == 400
    response = client.post(url, {"geometry": json.dumps(square), "comment": "tracé"})
    assert response.status_code == 302
    version = centralite.current_version
    assert (
        version.source == CentraliteVersion.Source.DRAWN
        and version.created_by == users["commune_agent"]
    )
    response = client.post(url, {"geometry": '{"type": "Point", "coordinates": [2, 48]}'})
    assert response.status_code == 400 and "Polygon" in response.content.decode()
    # The refused Point wrote nothing; the provisional perimeter stays in the history.
    sources = list(centralite.versions.order_by("number").values_list("source", flat=True))
    assert sources == [CentraliteVersion.Source.PROVISIONAL, CentraliteVersion.Source.DRAWN]
    assert centralite.current_version == version


def test_staff_upload_confirms_a_shrink_with_the_checkbox(
    client, users, tmp_path, django_capture_on_commit_callbacks
):
    done = services.import_file(
        kind=DataImport.Kind.POPULATION,
        path=_population_file(tmp_path, ["93005", "93048", "93010"]),
        vintage=dt.date(2025, 1, 1),
    )
    assert done.status == DataImport.Status.SUCCEEDED and done.rows_kept == 3
    client.force_login(users["instructor"])
    for confirm in (False, True):
        upload = SimpleUploadedFile("pop.csv", _population_file(tmp_path, ["93005"]).read_bytes())
        data = {"kind": "population", "file": upload, "vintage": "2025-01-01"}
        if confirm:
            data["confirm_shrink"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("observatory:import_new"), data)
        latest = DataImport.objects.order_by("-pk").first()
        assert latest.confirm_shrink is confirm
        expected = DataImport.Status.SUCCEEDED if confirm else DataImport.Status.FAILED
        assert latest.status == expected, latest.error
    assert (
        "Confirmer la réduction" in client.get(reverse("observatory:import_new")).content.decode()
    )


def _population_file(folder, codes):
    return files.write_csv(
        folder / "pop.csv",
        [files.population(code, "1000") for code in codes],
        files.POPULATION_COLUMNS,
        delimiter=";",
    )
