"""An economic actor registers itself through the public form (guarded like the contact
form), the Métropole validates the organisation before it is listed; each person exports
their data (JSON, CSV) and deletes their account."""

import csv
import io
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape

from cvv.audit.models import AuditEntry
from cvv.matchmaking import directory, registration
from cvv.matchmaking.directory import ActorProfile
from cvv.matchmaking.workflows import PROFILE_WORKFLOW
from cvv.organisations.models import Organisation
from cvv.users.models import User
from cvv.www.matchmaking_views.forms import REGISTRATION_KEY, contact_token

pytestmark = pytest.mark.django_db
URL = reverse("matchmaking:register")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _form(**overrides):
    data = {
        "organisation_name": "Fromagerie Lemoine",
        "kind": "enseigne",
        "siren": "123 456 782",  # typed with spaces; 2: the Luhn check digit
        "first_name": "Claire",
        "last_name": "Lemoine",
        "email": "claire@fromagerie.test",
        "presentation": "Fromages affinés",
        "listed": "on",
        "contactable": "on",
        "website": "",
        "token": contact_token(REGISTRATION_KEY, now=time.time() - 30),
    }
    data.update(overrides)
    return data


def test_registration_waits_for_the_metropole_before_the_directory(
    client, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _form())
    assert response.status_code == 200 and "Inscription enregistrée" in response.content.decode()
    organisation = Organisation.objects.get(name="Fromagerie Lemoine")
    assert organisation.kind == "enseigne" and organisation.siren == "123456782"
    person = User.objects.get(email="claire@fromagerie.test")
    assert not person.has_usable_password()  # the link in the e-mail sets it
    assert person.memberships.get().role == "economic_actor"
    assert [m.to for m in mail.outbox] == [["claire@fromagerie.test"]]
    profile = ActorProfile.objects.get(organisation=organisation)
    assert profile.state == "a_valider" and profile.listed and profile.contactable
    assert profile.consent_by == person and profile.consent_at is not None
    assert AuditEntry.objects.filter(action="matchmaking.actor.register").exists()
    # Not listed before the Métropole validates it (its queue: the directory page).
    assert not directory.directory(users["commune_agent"]).filter(pk=profile.pk).exists()
    client.force_login(users["instructor"])
    page = client.get(reverse("matchmaking:directory")).content.decode()
    assert f"a-valider-{profile.pk}" in page
    PROFILE_WORKFLOW.apply(profile, "validate", actor=users["instructor"])
    assert directory.directory(users["commune_agent"]).filter(pk=profile.pk).exists()


def test_robots_and_floods_are_refused(client, users):
    assert client.post(URL, _form(website="http://spam.test")).status_code == 400
    assert client.post(URL, _form(token=contact_token(REGISTRATION_KEY))).status_code == 400
    assert not Organisation.objects.filter(name="Fromagerie Lemoine").exists()
    for number in range(3):  # 2 refused above + 3 = the limit of 5 per hour
        client.post(URL, _form(email=f"p{number}@x.test", organisation_name=f"O{number}"))
    response = client.post(URL, _form(email="late@x.test", organisation_name="Late"))
    assert response.status_code == 400 and "Trop d’inscriptions" in response.content.decode()
    assert not Organisation.objects.filter(name="Late").exists()
    assert Organisation.objects.filter(name__in=["O0", "O1", "O2"]).count() == 3


def test_an_existing_address_learns_nothing_and_its_owner_is_told(
    client, users, django_capture_on_commit_callbacks
):
    before = Organisation.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _form(email="economic_actor@test.cvv"))
    assert response.status_code == 200 and "Inscription enregistrée" in response.content.decode()
    assert Organisation.objects.count() == before
    assert [m.to for m in mail.outbox] == [["economic_actor@test.cvv"]]


def test_data_exports_and_account_deletion(client, users):
    actor = users["economic_actor"]
    organisation = actor.memberships.get().organisation
    directory.profile_save(actor=actor, organisation=organisation, listed=True)
    client.force_login(actor)
    response = client.get(reverse("matchmaking:my_data"), {"format": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert ["compte", "email", "economic_actor@test.cvv"] in rows
    assert any(r[0] == "fiches" and r[1] == "dans l’annuaire" for r in rows)
    page = client.get(reverse("matchmaking:account_delete")).content.decode()
    assert "Ce qui est conservé" in page and "journal d’audit" in page

    response = client.post(reverse("matchmaking:account_delete"))
    assert response.status_code == 302
    actor.refresh_from_db()
    assert not actor.is_active and "economic_actor" not in actor.email
    assert actor.first_name == actor.last_name == "" and not actor.has_usable_password()
    assert not actor.memberships.exists()
    assert not ActorProfile.objects.filter(organisation=organisation).exists()
    assert AuditEntry.objects.filter(action="matchmaking.account.delete", actor=actor).exists()
    # Signed out.
    assert client.get(reverse("matchmaking:profile_edit")).status_code == 302


def test_only_economic_actors_delete_their_own_account(users):
    with pytest.raises(registration.PermissionDenied):
        registration.account_delete(actor=users["commune_agent"])
    assert users["commune_agent"].memberships.exists()


@pytest.mark.parametrize(
    "siren, message",
    [
        ("123456789", "sa clé de contrôle (le dernier chiffre) ne correspond pas"),
        ("12345678", "Le SIREN compte 9 chiffres."),
        ("12345678A", "Le SIREN compte 9 chiffres."),
    ],
)
def test_a_siren_with_a_wrong_check_digit_is_refused(client, siren, message):
    response = client.post(URL, _form(siren=siren))
    page = response.content.decode()
    assert escape(message) in page
    assert not Organisation.objects.filter(name="Fromagerie Lemoine").exists()
