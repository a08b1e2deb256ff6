"""The pages: a person registers from the public page without an account, reads their
registration through the link of the e-mail, is checked in by the organisers with their code
and downloads their certificate; a commune is nominated and designated laureate."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cvv.events import tokens
from cvv.events.models import Nomination, Registration, Speaker
from tests.events.factories import add_question, make_award, make_event
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_public_registration_to_certificate(client, users, django_capture_on_commit_callbacks):
    event = make_event(slug="formation-vitrines", kind="training", quotas={"public": 5})
    question = add_question(event, label="Besoins d’accessibilité", kind="text")
    page = client.get(reverse("events:detail", args=[event.slug]))
    assert page.status_code == 200 and "S’inscrire" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[event.slug]), {
            "first_name": "Inès", "last_name": "Martin", "email": "ines@exemple.fr",
            "category": "public", "consent": "on", f"q_{question.pk}": "Fauteuil roulant",
        })  # fmt: skip
    registration = Registration.objects.get()
    assert registration.state == "confirmed"
    assert registration.answers == {str(question.pk): "Fauteuil roulant"}
    link = re.search(r"https?://\S+/evenements/inscription/\S+/", mail.outbox[0].body).group(0)
    assert link.endswith(response["Location"])
    own = client.get(response["Location"])
    code = tokens.make(registration, tokens.CHECK_IN)
    assert code in own.content.decode() and "Inscription n°" in own.content.decode()

    staff = client.__class__()
    staff.force_login(users["instructor"])
    found = staff.get(reverse("events:check_in", args=[event.slug]), {"q": "mart"})
    assert "Inès Martin" in found.content.decode()
    done = staff.post(reverse("events:check_in", args=[event.slug]), {"code": code}, follow=True)
    assert "Arrivée de Inès Martin enregistrée" in done.content.decode()
    again = staff.post(reverse("events:check_in", args=[event.slug]), {"code": code})
    assert again.status_code == 400 and "déjà utilisé" in again.content.decode()

    pdf = client.get(reverse("events:certificate", args=[tokens.make(registration,
                                                                     tokens.MANAGE)]))  # fmt: skip
    assert pdf["Content-Type"] == "application/pdf" and pdf.getvalue().startswith(b"%PDF")
    check = client.get(reverse("events:verify"),
                       {"code": tokens.make(registration, tokens.CERTIFICATE)})  # fmt: skip
    assert "Attestation valide : Inès Martin" in check.content.decode()
    forged = client.get(reverse("events:verify"), {"code": f"{registration.pk}:faux"})
    assert "ne correspond à aucune attestation" in forged.content.decode()


def test_cancel_through_the_link_promotes_the_next_person(client):
    event = make_event(quotas={"public": 1})
    for n in range(2):
        client.post(reverse("events:register", args=[event.slug]), {
            "first_name": "P", "last_name": f"N{n}", "email": f"n{n}@exemple.fr",
            "category": "public", "consent": "on",
        })  # fmt: skip
    first, second = Registration.objects.order_by("pk")
    assert (first.state, second.state) == ("confirmed", "waitlisted")
    url = reverse("events:registration", args=[tokens.make(first, tokens.MANAGE)])
    page = client.post(url, follow=True)
    assert f"Inscription n° {first.pk}" in page.content.decode()
    second.refresh_from_db()
    assert second.state == "confirmed"


def test_ics_file_of_an_event(client):
    event = make_event(title="Assises; édition, 2027")
    response = client.get(reverse("events:ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:Assises\\; édition\\, 2027" in response.getvalue().decode()
    assert client.get(reverse("events:feed")).getvalue().decode().count("BEGIN:VEVENT") == 1


def test_nomination_and_jury(client, users):
    event = make_event()
    award = make_award(event)
    client.force_login(users["commune_agent"])
    client.post(reverse("events:nominate", args=[event.slug, award.pk]), {
        "commune": commune("93005").pk, "project": "Halle rénovée", "pitch": "Un marché vivant",
    })  # fmt: skip
    nomination = Nomination.objects.get()
    assert nomination.state == "submitted"
    refused = client.post(reverse("events:nominate", args=[event.slug, award.pk]), {
        "commune": commune("93048").pk, "project": "x", "pitch": "y",
    })  # fmt: skip
    assert refused.status_code == 400  # not a commune this person works for
    jury = client.__class__()
    jury.force_login(users["metropole_admin"])
    jury.post(reverse("events:nomination_transition", args=[nomination.pk, "award"]),
              {"reason": "Projet exemplaire"})  # fmt: skip
    nomination.refresh_from_db()
    assert (nomination.state, nomination.jury_opinion) == ("laureate", "Projet exemplaire")
    public = client.__class__().get(reverse("events:laureates")).content.decode()
    assert "Halle rénovée" in public


def at(event, hours):
    """A local time `hours` after the event starts, as the datetime-local input sends it."""
    return timezone.localtime(event.starts_at + dt.timedelta(hours=hours)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def test_organisers_build_the_programme_and_more_places_promote(client, users):
    event = make_event(quotas={"public": 1})
    for n in range(3):
        client.post(reverse("events:register", args=[event.slug]), {
            "first_name": "P", "last_name": f"N{n}", "email": f"n{n}@exemple.fr",
            "category": "public", "consent": "on",
        })  # fmt: skip
    client.force_login(users["instructor"])
    url = reverse("events:programme", args=[event.slug])
    client.post(url, {"form": "speaker", "speaker-name": "Claire Intervenante",
                      "speaker-bio": "Manager depuis 2015."})  # fmt: skip
    speaker = Speaker.objects.get()
    response = client.post(url, {
        "form": "session", "session-title": "Atelier vitrines", "session-kind": "workshop",
        "session-starts_at": at(event, 1), "session-ends_at": at(event, 2),
        "session-room": "Salle A", "session-track": "Parcours foncier",
        "session-speakers": [speaker.pk],
    }, follow=True)  # fmt: skip
    assert "Session « Atelier vitrines » enregistrée." in response.content.decode()
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Parcours foncier" in page and "Manager depuis 2015." in page
    client.post(url, {"form": "quota", "quota-category": "public", "quota-quota": "2"})
    assert event.registrations.filter(state="confirmed").count() == 2
    refused = client.post(url, {"form": "quota", "quota-category": "public", "quota-quota": "1"})
    assert refused.status_code == 400 and "déjà confirmées" in refused.content.decode()
    client.post(url, {"form": "question", "question-label": "Régime", "question-kind": "text",
                      "question-position": "0"})  # fmt: skip
    assert event.questions.get().label == "Régime"


def test_export_of_registrations_and_answers(client, users):
    event = make_event()
    question = add_question(event, label="Régime", kind="text")
    client.post(reverse("events:register", args=[event.slug]), {
        "first_name": "Inès", "last_name": "=HYPERLIEN()", "email": "ines@exemple.fr",
        "category": "public", "consent": "on", f"q_{question.pk}": "Végétarien",
    })  # fmt: skip
    client.force_login(users["finance_officer"])
    csv_text = client.get(reverse("events:registrations", args=[event.slug]),
                          {"format": "csv"}).getvalue().decode("utf-8-sig")  # fmt: skip
    header, line = csv_text.splitlines()[:2]
    assert header.endswith("Régime") and "Végétarien" in line
    assert "'=HYPERLIEN()" in line  # formula neutralised
    bad = client.get(reverse("events:registrations", args=[event.slug]), {"format": "pdf"})
    assert bad.status_code == 400
