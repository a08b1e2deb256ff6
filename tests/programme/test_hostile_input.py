"""Programme forms and API under hostile input: amounts longer than their column, dates in
year 1, identifiers beyond 64 bits give form errors or 422, never a 500 (issue 8)."""

import pytest
from django.urls import reverse

from cvv.api.models import ApiToken
from cvv.programme.models import Action, Criterion, Edition, Meeting
from tests.programme.factories import make_accompaniment, make_edition

pytestmark = pytest.mark.django_db
TWENTY = "1" * 20


def test_action_form_refuses_a_budget_longer_than_the_column(client, users):
    accompaniment = make_accompaniment()
    client.force_login(users["instructor"])
    response = client.post(
        reverse("programme:action_create", args=[accompaniment.pk]),
        {"title": "Marché nocturne", "budget": TWENTY, "phase": "diagnostic"},
    )
    assert response.status_code == 400 and "trop" in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.parametrize("held_at", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_meeting_in_year_1_or_9999_is_a_form_error(client, users, held_at):
    accompaniment = make_accompaniment()
    client.force_login(users["instructor"])
    response = client.post(
        reverse("programme:meeting_create", args=[accompaniment.pk]),
        {"kind": "copil", "title": "Comité", "held_at": held_at},
    )
    assert response.status_code == 400 and "plage" in response.content.decode()
    assert not Meeting.objects.exists()


def test_edition_form_refuses_amounts_longer_than_their_columns(client, users):
    client.force_login(users["metropole_admin"])
    form = {
        "number": "9",
        "name": "9e édition",
        "year": "2027",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "budget": TWENTY,
        "inactivity_days": "30",
        "bonus_small": "5",
        "bonus_fragile": "5",
        "bonus_third_quartile": "2",
        "call_title": "Appel 2027",
        "call_opens_on": "2027-01-01",
        "call_closes_on": "2027-03-01",
    }
    response = client.post(reverse("programme:edition_create"), form)
    assert response.status_code == 400 and "trop" in response.content.decode()
    response = client.post(
        reverse("programme:edition_create"), {**form, "budget": "1000", "bonus_small": TWENTY}
    )
    assert response.status_code == 400 and "trop" in response.content.decode()
    assert not Edition.objects.filter(number=9).exists()


def test_criterion_form_refuses_a_weight_longer_than_its_column(client, users):
    edition = make_edition()
    client.force_login(users["metropole_admin"])
    response = client.post(
        reverse("programme:criterion_add", args=[edition.number]),
        {"label": "Ambition", "weight": TWENTY, "max_score": "5"},
    )
    assert not Criterion.objects.filter(edition=edition, label="Ambition").exists()
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programme/candidatures/{big}",
        "/api/v1/programme/accompaniments/{big}",
        "/api/v1/programme/actions?accompaniment={big}",
        "/api/v1/programme/candidatures?edition={big}",
        "/api/v1/programme/accompaniments?edition={big}",
        "/api/v1/fimacs/dossiers/{big}",
        "/api/v1/programme/candidatures/0",
        "/api/v1/programme/candidatures/-1",
    ],
)
def test_identifiers_beyond_64_bits_are_a_422(client, users, url):
    _, key = ApiToken.objects.issue(users["metropole_admin"])
    response = client.get(url.format(big=2**64), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 422


@pytest.mark.parametrize("edition", ["²", "١", "99999999999999999999999", "-1", "0"])
def test_edition_filters_of_the_pages_ignore_what_is_not_a_small_number(client, users, edition):
    client.force_login(users["metropole_admin"])
    for name in ("programme:candidatures", "programme:dashboard"):
        assert client.get(reverse(name), {"edition": edition}).status_code == 200, name
