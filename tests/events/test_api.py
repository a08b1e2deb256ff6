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
