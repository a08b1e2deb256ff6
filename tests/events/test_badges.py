"""Badges: a PDF to print with a QR code per registration; the QR carries the check-in page's
address with the signed code, which the check-in page accepts (forged and reused refused)."""

import pytest
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.events import badges, services, tokens
from tests.events.factories import make_event, person

pytestmark = pytest.mark.django_db


def register(event, n, category="public"):
    return services.registration_create(event=event, category=category, **person(n))


def test_qr_payload_is_the_check_in_address_with_the_signed_code():
    event = make_event()
    registration = register(event, 1)
    payload = badges.qr_payload(registration)
    assert reverse("events:check_in", args=[event.slug]) + "?code=" in payload
    code = tokens.code_from_scan(payload)
    assert code == tokens.make(registration, tokens.CHECK_IN)
    assert tokens.read(code, tokens.CHECK_IN) == registration.pk
    # a typed code goes through unchanged
    assert tokens.code_from_scan(f"  {code} ") == code


def test_qr_matrix_has_the_three_finder_patterns():
    matrix = badges.qr_matrix("https://exemple.fr/evenements/x/accueil/?code=12:abc")
    n = len(matrix)
    assert n >= 21 and (n - 17) % 4 == 0 and all(len(row) == n for row in matrix)
    finder = [[True] * 7, [True, False, False, False, False, False, True]]
    for top, left in ((0, 0), (0, n - 7), (n - 7, 0)):
        assert matrix[top][left : left + 7] == finder[0]
        assert matrix[top + 1][left : left + 7] == finder[1]


def test_batch_of_badges_for_confirmed_people_only(users):
    event = make_event(quotas={"public": 9})
    people = [register(event, n) for n in range(10)]  # the tenth is waitlisted
    assert people[9].state == "waitlisted"
    pdf = badges.batch(event=event, actor=users["instructor"])
    assert pdf.startswith(b"%PDF")
    assert b"/Count 2" in pdf  # nine badges: two pages of eight
    entry = AuditEntry.objects.get(action="events.badges.printed")
    assert entry.data["count"] == 9
    with pytest.raises(Exception, match="organisateurs"):
        badges.batch(event=event, actor=users["commune_agent"])


def test_badge_pages(client, users):
    event = make_event(quotas={"public": 1})
    first, waiting = register(event, 1), register(event, 2)
    token = tokens.make(first, tokens.MANAGE)
    pdf = client.get(reverse("events:badge", args=[token]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.getvalue().startswith(b"%PDF")
    svg = client.get(reverse("events:qr_code", args=[token]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    page = client.get(reverse("events:registration", args=[token])).content.decode()
    assert reverse("events:qr_code", args=[token]) in page and "Télécharger mon badge" in page
    other = tokens.make(waiting, tokens.MANAGE)
    assert client.get(reverse("events:badge", args=[other])).status_code == 404
    assert client.get(reverse("events:badge", args=["1:forged"])).status_code == 404
    staff = client.__class__()
    staff.force_login(users["instructor"])
    batch = staff.get(reverse("events:badges", args=[event.slug]))
    assert batch.status_code == 200 and batch.getvalue().startswith(b"%PDF")


def test_check_in_by_scanned_address_and_reuse_refused(client, users):
    event = make_event()
    registration = register(event, 1)
    client.force_login(users["instructor"])
    url = reverse("events:check_in", args=[event.slug])
    scanned = badges.qr_payload(registration)
    # the phone's camera opens the page: it shows who it is and records nothing
    page = client.get(url, {"code": tokens.make(registration, tokens.CHECK_IN)})
    assert "Prénom1 Nom1" in page.content.decode()
    # The counters, refreshed every few seconds, are a polite live region: a screen reader
    # says the new figures once they change.
    assert '<p id="compteurs" role="status" aria-live="polite" aria-atomic="true"' in (
        page.content.decode()
    )
    registration.refresh_from_db()
    assert registration.state == "confirmed"
    done = client.post(url, {"code": scanned}, follow=True)
    assert "Arrivée de Prénom1 Nom1 enregistrée" in done.content.decode()
    again = client.post(url, {"code": scanned})
    assert again.status_code == 400 and "déjà utilisé" in again.content.decode()
    forged = scanned.replace("code=", "code=9")
    refused = client.post(url, {"code": forged})
    assert refused.status_code == 400 and "falsifié" in refused.content.decode()
    unknown = client.get(url, {"code": "1:forged"})
    assert "Code inconnu ou falsifié" in unknown.content.decode()
