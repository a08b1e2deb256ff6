"""The field survey typed on a phone: replays from the offline queue never duplicate a line,
the GPS position must lie in the commune, the camera's photo goes through the vault's checks,
and the page's htmx and JSON answers."""

import datetime as dt
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.documents.models import Document
from cvv.observatory import surveys
from cvv.observatory.models import Premise, Survey
from cvv.territories.models import Arrondissement, Commune
from tests.csp_policy import directives
from tests.documents.helpers import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def aulnay():
    return Commune.objects.get(code="93005")


@pytest.fixture
def survey(aulnay, users):
    return surveys.survey_create(
        commune=aulnay,
        date=dt.date(2026, 3, 2),
        title="Rue de Paris",
        actor=users["commerce_manager"],
    )


def _add(survey, actor, **kwargs):
    values = {"code": "93005", "status": "vacant", "address": "12 rue de Paris"} | kwargs
    return surveys.premise_add(survey=survey, actor=actor, **values)


def photo(content=PNG_BYTES, name="IMG_0001.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# ---- Idempotent replay --------------------------------------------------------------


def test_an_entry_sent_twice_makes_one_line(survey, users):
    manager = users["commerce_manager"]
    client_id = uuid.uuid4()
    first = _add(survey, manager, client_id=client_id)
    again = _add(survey, manager, client_id=client_id, address="autre saisie")
    assert first.created and not again.created
    assert again.premise.pk == first.premise.pk
    assert again.premise.address == "12 rue de Paris"  # the stored line, not the replay
    assert survey.premises.count() == 1
    added = AuditEntry.objects.filter(action="observatory.survey.premise_added")
    assert added.count() == 1
    assert added.get().data["client_id"] == str(client_id)
    other = _add(survey, manager, client_id=uuid.uuid4())
    assert other.created and survey.premises.count() == 2


def test_a_replay_after_submission_returns_the_line_and_a_new_entry_is_refused(survey, users):
    manager = users["commerce_manager"]
    client_id = uuid.uuid4()
    line = _add(survey, manager, client_id=client_id).premise
    surveys.survey_transition(survey=survey, name="submit", actor=manager)
    survey.refresh_from_db()
    replay = _add(survey, manager, client_id=client_id)
    assert (replay.premise.pk, replay.created) == (line.pk, False)
    with pytest.raises(ValidationError, match="n’est plus modifiable"):
        _add(survey, manager, client_id=uuid.uuid4())
    assert survey.premises.count() == 1


def test_one_client_id_is_unique_per_survey_only(survey, aulnay, users):
    manager = users["commerce_manager"]
    client_id = uuid.uuid4()
    _add(survey, manager, client_id=client_id)
    other_survey = surveys.survey_create(
        commune=aulnay, date=dt.date(2026, 3, 9), title="", actor=manager
    )
    elsewhere = _add(other_survey, manager, client_id=client_id)
    assert elsewhere.created and elsewhere.premise.survey_id == other_survey.pk
    assert Premise.objects.filter(client_id=client_id).count() == 2


def test_the_replay_endpoint_answers_json_and_creates_one_line(client, survey, users):
    client.force_login(users["commerce_manager"])
    url = reverse("observatory:premise_add", args=[survey.pk])
    client_id = str(uuid.uuid4())
    data = {
        "status": "occupe",
        "address": "3 rue de Paris",
        "code": "93005",
        "client_id": client_id,
    }
    first = client.post(url, data, headers={"accept": "application/json"})
    assert first.status_code == 201, first.content
    answer = first.json()
    assert answer["created"] is True and answer["client_id"] == client_id
    second = client.post(url, data, headers={"accept": "application/json"})
    assert second.status_code == 200
    assert second.json() == answer | {"created": False}
    assert survey.premises.count() == 1
    bad = client.post(
        url,
        {"status": "ferme", "code": "93005", "client_id": str(uuid.uuid4())},
        headers={"accept": "application/json"},
    )
    assert bad.status_code == 400
    assert "status" in bad.json()["errors"] and bad.json()["message"]
    not_uuid = client.post(
        url, data | {"client_id": "pas-un-uuid"}, headers={"accept": "application/json"}
    )
    assert not_uuid.status_code == 400 and "client_id" in not_uuid.json()["errors"]
    assert survey.premises.count() == 1


# ---- GPS position -------------------------------------------------------------------


def test_a_position_inside_the_commune_is_kept(survey, aulnay, users):
    line = _add(
        survey, users["commerce_manager"], address="", lon=aulnay.mairie_lon, lat=aulnay.mairie_lat
    ).premise
    assert (line.lon, line.lat) == (aulnay.mairie_lon, aulnay.mairie_lat)


def test_a_position_outside_the_commune_is_refused_in_french(survey, users):
    montreuil = Commune.objects.get(code="93048")
    with pytest.raises(ValidationError) as caught:
        _add(survey, users["commerce_manager"], lon=montreuil.mairie_lon, lat=montreuil.mairie_lat)
    message = caught.value.message_dict["lat"][0]
    assert "en dehors du territoire choisi, « Aulnay-sous-Bois »" in message
    assert "indiquez seulement l’adresse" in message
    assert survey.premises.count() == 0
    with pytest.raises(ValidationError, match="Position incomplète"):
        _add(survey, users["commerce_manager"], lon=2.5, lat=None)


def test_a_paris_position_is_checked_against_its_arrondissement(users):
    paris = Commune.objects.get(code="75056")
    survey = surveys.survey_create(
        commune=paris, date=dt.date(2026, 3, 2), title="", actor=users["metropole_admin"]
    )
    inside = Arrondissement.objects.get(code="75104").geometry.representative_point()
    elsewhere = Arrondissement.objects.get(code="75116").geometry.representative_point()
    line = surveys.premise_add(
        survey=survey,
        actor=users["metropole_admin"],
        code="75104",
        status="vacant",
        lon=inside.x,
        lat=inside.y,
    ).premise
    assert line.code == "75104"
    with pytest.raises(ValidationError, match="« Paris 4e Arrondissement »"):
        surveys.premise_add(
            survey=survey,
            actor=users["metropole_admin"],
            code="75104",
            status="vacant",
            lon=elsewhere.x,
            lat=elsewhere.y,
        )


def test_the_form_shows_the_position_error_next_to_the_fields(client, survey, users):
    client.force_login(users["commerce_manager"])
    url = reverse("observatory:premise_add", args=[survey.pk])
    montreuil = Commune.objects.get(code="93048")
    response = client.post(
        url,
        {
            "status": "vacant",
            "code": "93005",
            "lat": montreuil.mairie_lat,
            "lon": montreuil.mairie_lon,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_lat_error"' in html and "en dehors du territoire choisi" in html
    infinite = client.post(url, {"status": "vacant", "code": "93005", "lat": "inf", "lon": "2.5"})
    assert infinite.status_code == 400
    lyon = client.post(url, {"status": "vacant", "code": "93005", "lat": "45.76", "lon": "4.83"})
    assert lyon.status_code == 400
    assert "La latitude doit être comprise entre 48,6 et 49,1" in lyon.content.decode()
    assert survey.premises.count() == 0


# ---- Photo from the camera ----------------------------------------------------------


def test_a_photo_is_stored_in_the_commune_vault(survey, users):
    line = _add(survey, users["commerce_manager"], photo=photo()).premise
    document = line.photo
    assert document.commune.code == "93005" and document.content_type == "image/png"
    assert document.title.startswith("Photo du local 12 rue de Paris")
    assert document.uploaded_by == users["commerce_manager"]


def test_a_replay_with_its_photo_stores_the_photo_once(survey, users):
    client_id = uuid.uuid4()
    _add(survey, users["commerce_manager"], client_id=client_id, photo=photo())
    _add(survey, users["commerce_manager"], client_id=client_id, photo=photo())
    assert Document.objects.count() == 1 and survey.premises.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (photo(PDF_BYTES, "facade.jpg", "image/jpeg"), "doit être une image JPEG ou PNG"),
        (photo(b"", "vide.jpg", "image/jpeg"), "est vide"),
        (photo(b"GIF89a" + b"\x00" * 64, "anim.gif", "image/gif"), "doit être une image JPEG"),
    ],
    ids=["pdf named jpg", "empty", "gif"],
)
def test_a_photo_that_is_not_an_image_is_refused(survey, users, upload, message):
    with pytest.raises(ValidationError, match=message) as caught:
        _add(survey, users["commerce_manager"], photo=upload)
    assert "photo" in caught.value.message_dict
    assert Document.objects.count() == 0 and survey.premises.count() == 0


def test_a_photo_too_large_is_refused_before_it_is_stored(survey, users, settings):
    settings.OBSERVATORY_SURVEY_PHOTO_MAX_BYTES = 1024 * 1024
    big = photo(PNG_BYTES + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError, match="La photo pèse plus de 1 Mo"):
        _add(survey, users["commerce_manager"], photo=big)
    assert Document.objects.count() == 0 and survey.premises.count() == 0


def test_the_form_takes_the_camera_photo(client, survey, users):
    client.force_login(users["commerce_manager"])
    page = client.get(reverse("observatory:survey_detail", args=[survey.pk])).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        reverse("observatory:premise_add", args=[survey.pk]),
        {"status": "vacant", "address": "1 rue", "code": "93005", "photo": photo()},
    )
    assert response.status_code == 302
    line = survey.premises.get()
    assert line.photo.content_type == "image/png"
    page = client.get(reverse("observatory:survey_detail", args=[survey.pk])).content.decode()
    assert reverse("documents:download", args=[line.photo_id]) in page
    refused = client.post(
        reverse("observatory:premise_add", args=[survey.pk]),
        {"status": "vacant", "address": "2 rue", "code": "93005", "photo": photo(PDF_BYTES)},
    )
    assert refused.status_code == 400
    assert "doit être une image JPEG ou PNG" in refused.content.decode()


# ---- The page: htmx answers, cards, submit apart, service worker ---------------------


def test_htmx_add_answers_the_list_and_points_at_the_new_line(client, survey, users):
    client.force_login(users["commerce_manager"])
    url = reverse("observatory:premise_add", args=[survey.pk])
    response = client.post(
        url,
        {"status": "vacant", "address": "12 rue de Paris", "code": "93005"},
        headers={"hx-request": "true", "hx-target": "locaux"},
    )
    assert response.status_code == 200
    line = survey.premises.get()
    trigger = json.loads(response["HX-Trigger-After-Settle"])
    assert trigger == {"cvv:premise-saved": {"id": line.pk, "created": True}}
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="locaux"')
    assert f'id="local-{line.pk}" class="premise-card is-new"' in html
    assert 'id="transmettre"' in html and 'hx-swap-oob="true"' in html  # submit now possible
    assert "<html" not in html
    error = client.post(url, {"code": "93005"}, headers={"hx-request": "true"})
    assert error.status_code == 400
    assert error["HX-Retarget"] == "#form-local" and error["HX-Reswap"] == "outerHTML"
    assert error.content.decode().lstrip().startswith("<form")


def test_without_javascript_the_save_returns_to_the_new_line(client, survey, users):
    client.force_login(users["commerce_manager"])
    response = client.post(
        reverse("observatory:premise_add", args=[survey.pk]),
        {"status": "travaux", "address": "5 rue de Paris", "code": "93005"},
    )
    line = survey.premises.get()
    detail = reverse("observatory:survey_detail", args=[survey.pk])
    assert response.status_code == 302 and response["Location"] == f"{detail}#local-{line.pk}"


def test_the_submit_action_is_apart_and_asks_for_confirmation(client, survey, users):
    client.force_login(users["commerce_manager"])
    detail = reverse("observatory:survey_detail", args=[survey.pk])
    assert 'id="transmettre"' in client.get(detail).content.decode()  # placeholder only
    assert "Confirmer la transmission" not in client.get(detail).content.decode()
    _add(survey, users["commerce_manager"])
    html = client.get(detail).content.decode()
    form_end = html.index("</form>", html.index('id="form-local"'))
    submit = html.index("Confirmer la transmission à la Métropole")
    assert submit > form_end  # after the premises form, not inside it
    assert html.index('<details class="confirm"') < submit
    assert "de 1 local (occupés : 0, vacants : 1, en travaux : 0)" in html


def test_the_list_fragment_and_htmx_delete(client, survey, users):
    client.force_login(users["commerce_manager"])
    line = _add(survey, users["commerce_manager"]).premise
    detail = reverse("observatory:survey_detail", args=[survey.pk])
    fragment = client.get(detail, headers={"hx-request": "true", "hx-target": "locaux"})
    assert fragment.content.decode().lstrip().startswith('<section id="locaux"')
    deleted = client.post(
        reverse("observatory:premise_delete", args=[survey.pk, line.pk]),
        headers={"hx-request": "true", "hx-target": "locaux"},
    )
    assert deleted.status_code == 200 and "Aucun local pour l’instant." in deleted.content.decode()
    assert not survey.premises.exists()


def test_the_service_worker_is_served_for_the_survey_scope(client):
    response = client.get(reverse("observatory:survey_service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == reverse("observatory:surveys")
    assert response["Cache-Control"] == "no-cache"
    assert reverse("observatory:survey_service_worker").startswith(reverse("observatory:surveys"))
    assert b'var CACHE = "cvv-releves-pages";' in response.content
    policy = directives(response["Content-Security-Policy"])
    assert policy["worker-src"] == ["'self'"]
    assert client.post(reverse("observatory:survey_service_worker")).status_code == 405


def test_the_cache_forgotten_at_logout_is_the_service_workers(settings):
    from pathlib import Path

    static = Path(settings.BASE_DIR) / "cvv" / "static" / "cvv"
    worker = (static / "survey-sw.js").read_text(encoding="utf-8")
    layout = (static / "layout.js").read_text(encoding="utf-8")
    assert 'var CACHE = "cvv-releves-pages";' in worker
    assert 'var SURVEY_CACHE = "cvv-releves-pages";' in layout


def test_a_validated_survey_shows_cards_without_form(client, survey, users):
    _add(survey, users["commerce_manager"])
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.VALIDATED)
    client.force_login(users["instructor"])
    html = client.get(reverse("observatory:survey_detail", args=[survey.pk])).content.decode()
    assert 'class="premise-card' in html and 'id="form-local"' not in html
    assert "Supprimer" not in html and "Confirmer la transmission" not in html
