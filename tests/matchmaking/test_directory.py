"""The directory: consent recorded, listed only once validated and agreed, export and
deletion of one's data."""

import json

import pytest
from django.urls import reverse

from cvv.core.workflows import TransitionDenied
from cvv.matchmaking import directory
from cvv.matchmaking.directory import ActorProfile
from cvv.matchmaking.selectors import search_organisations
from cvv.matchmaking.workflows import PROFILE_WORKFLOW

pytestmark = pytest.mark.django_db


def test_a_profile_is_listed_once_validated_and_agreed(client, users):
    actor = users["economic_actor"]
    client.force_login(actor)
    organisation = search_organisations(actor).get()
    response = client.post(
        reverse("matchmaking:profile_edit"),
        {"organisation": organisation.pk, "presentation": "Boulangeries de quartier",
         "activity_categories": ["alimentaire"], "listed": "on"},
        follow=True,
    )  # fmt: skip
    assert f"Fiche de {organisation.name} enregistrée." in response.content.decode()
    profile = ActorProfile.objects.get()
    assert profile.listed and not profile.contactable and profile.consent_at is not None
    assert not directory.directory(users["commune_agent"]).exists()  # not validated yet
    with pytest.raises(TransitionDenied):
        PROFILE_WORKFLOW.apply(profile, "validate", actor=actor)
    PROFILE_WORKFLOW.apply(profile, "validate", actor=users["instructor"])
    assert list(directory.directory(users["commune_agent"])) == [profile]
    assert list(directory.directory(users["commune_agent"], q="quartier")) == [profile]
    assert not directory.directory(users["commune_agent"], q="pizzeria").exists()
    directory.profile_save(actor=actor, organisation=organisation, listed=False)
    assert not directory.directory(users["commune_agent"]).exists()  # consent withdrawn


def test_export_and_deletion_of_ones_data(client, users):
    actor = users["economic_actor"]
    organisation = search_organisations(actor).get()
    directory.profile_save(actor=actor, organisation=organisation, presentation="Épicerie")
    client.force_login(actor)
    data = json.loads(client.get(reverse("matchmaking:my_data")).getvalue())
    assert data["compte"]["email"] == actor.email
    assert data["fiches"][0]["présentation"] == "Épicerie"
    response = client.post(reverse("matchmaking:profile_delete"), follow=True)
    assert f"Fiche de {organisation.name} supprimée de l’annuaire." in response.content.decode()
    assert not ActorProfile.objects.exists()
