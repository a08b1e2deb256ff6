"""The public events API: list with places left, registration answering confirmed or
waitlisted with the registration's secret, cancellation by that secret promoting the next."""

import pytest

from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def post(client, event_id, n, **extra):
    body = {"first_name": "P", "last_name": f"N{n}", "email": f"n{n}@exemple.fr",
            "category": "public", **extra}  # fmt: skip
    return client.post(f"/api/v1/events/{event_id}/registrations", body,
                       content_type="application/json")  # fmt: skip


def test_register_waitlist_cancel_promote(client):
    event = make_event(quotas={"public": 1})
    make_event(slug="brouillon", state="draft")
    listed = client.get("/api/v1/events").json()
    assert [(e["slug"], e["capacity"], e["places_left"]) for e in listed] == [
        ("assises-2027", 1, 1)
    ]
    first, second = post(client, event.pk, 1).json(), post(client, event.pk, 2).json()
    assert (first["state"], second["state"]) == ("confirmed", "waitlisted")
    assert client.get("/api/v1/events").json()[0]["places_left"] == 0
    assert post(client, event.pk, 3, category="elected").status_code == 400
    assert client.delete("/api/v1/events/registrations/1:forged").status_code == 404
    cancelled = client.delete(f"/api/v1/events/registrations/{first['secret']}").json()
    assert cancelled == {"id": first["id"], "state": "cancelled", "promoted": 1}


def test_members_only_and_draft_events(client):
    members = make_event(audience="members")
    draft = make_event(slug="brouillon", state="draft")
    assert post(client, members.pk, 1).status_code == 403
    assert post(client, draft.pk, 1).status_code == 404


def test_workshops_listed_with_places_and_chosen_through_the_api(client):
    import datetime as dt

    from cvv.events.models import Session

    event = make_event(quotas={"public": 3})
    start = event.starts_at + dt.timedelta(hours=1)
    vitrines, marches, parallel = (
        Session.objects.create(event=event, title=title, kind="workshop", track=track,
                               starts_at=start + dt.timedelta(hours=hour),
                               ends_at=start + dt.timedelta(hours=hour + 1), capacity=1)
        for title, hour, track in (("Vitrines", 0, "A"), ("Marchés", 2, "A"), ("Halles", 0, "B"))
    )  # fmt: skip
    listed = client.get("/api/v1/events").json()[0]["workshops"]
    assert [(w["id"], w["title"], w["capacity"], w["places_left"]) for w in listed] == [
        (vitrines.pk, "Vitrines", 1, 1),
        (parallel.pk, "Halles", 1, 1),
        (marches.pk, "Marchés", 1, 1),
    ]
    first = post(client, event.pk, 1, workshops=[vitrines.pk, marches.pk])
    assert first.status_code == 200
    assert first.json()["workshops"] == sorted([vitrines.pk, marches.pk])
    detail = client.get(f"/api/v1/events/{event.pk}").json()
    assert {w["title"]: w["places_left"] for w in detail["workshops"]} == {
        "Vitrines": 0, "Marchés": 0, "Halles": 1}  # fmt: skip
    assert detail["places_left"] == 2
    full = post(client, event.pk, 2, workshops=[vitrines.pk])
    assert full.status_code == 400 and "Atelier complet : « Vitrines »" in full.json()["detail"]
    both = post(client, event.pk, 2, workshops=[vitrines.pk, parallel.pk])
    assert both.status_code == 400 and "en même temps" in both.json()["detail"]
    assert post(client, event.pk, 2, workshops=[999999]).status_code == 400
    assert post(client, event.pk, 2, workshops=[parallel.pk]).json()["workshops"] == [parallel.pk]
    assert client.get(f"/api/v1/events/{event.pk}").json()["places_left"] == 1
    assert client.get("/api/v1/events/999999").status_code == 404
