"""Premises proposed by agencies and owners: nothing is published before the commune (or
the Métropole) moderates it; approved, the premises enters the register and its offer is
published; refused, with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.matchmaking import proposals, selectors
from cvv.matchmaking.proposals import OfferProposal
from cvv.premises.models import Premises
from tests.factories import commune

pytestmark = pytest.mark.django_db


def _propose(client, users):
    client.force_login(users["economic_actor"])
    organisation = selectors.search_organisations(users["economic_actor"]).get()
    response = client.post(
        reverse("matchmaking:proposal_create"),
        {
            "organisation": organisation.pk,
            "commune": commune("93005").pk,
            "address": "14 avenue de la Gare",
            "sales_area_m2": "85",
            "permitted_use": "commerce",
            "deal_kind": "location",
            "monthly_rent": "1 250",
            "contact_email": "agence@exemple.test",
        },
        follow=True,
    )
    assert "la commune ou la Métropole le vérifie" in response.content.decode()
    return OfferProposal.objects.get()


def test_commune_moderates_before_publication(client, users):
    proposal = _propose(client, users)
    assert proposal.state == "a_moderer" and proposal.offer is None
    assert not Premises.objects.filter(address="14 avenue de la Gare").exists()
    assert not selectors.published_offers().exists()
    # Another commune neither sees nor moderates it.
    client.force_login(users["other_commune_agent"])
    url = reverse("matchmaking:proposal_transition", args=[proposal.pk, "publier"])
    assert client.post(url).status_code == 404
    with pytest.raises(TransitionDenied):
        proposals.proposal_approve(actor=users["other_commune_agent"], proposal=proposal)
    # The commune of the premises publishes it.
    client.force_login(users["commune_agent"])
    page = client.get(reverse("matchmaking:proposals")).content.decode()
    assert "14 avenue de la Gare" in page and "Publier le local" in page
    response = client.post(url, follow=True)
    proposal.refresh_from_db()
    assert proposal.state == "publiee"
    assert f"offre {proposal.offer.reference}" in response.content.decode()
    premises = proposal.offer.premises
    assert premises.status == "vacant" and premises.commune.code == "93005"
    assert premises.owner_name == proposal.organisation.name
    assert proposal.offer.state == "publiee" and proposal.offer.monthly_rent == Decimal("1250")
    assert proposal.offer.contact_email == "agence@exemple.test"
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"matchmaking.proposal.submit", "matchmaking.proposal.approve"} <= codes


def test_refused_with_a_reason_and_the_proposer_sees_it(client, users):
    proposal = _propose(client, users)
    with pytest.raises(ValidationError):
        proposals.proposal_refuse(actor=users["commune_agent"], proposal=proposal, reason=" ")
    client.force_login(users["instructor"])
    client.post(
        reverse("matchmaking:proposal_transition", args=[proposal.pk, "refuser"]),
        {"reason": "Local déjà loué"},
    )
    proposal.refresh_from_db()
    assert proposal.state == "refusee" and proposal.offer is None
    client.force_login(users["economic_actor"])
    page = client.get(reverse("matchmaking:proposals")).content.decode()
    assert "Refusée" in page and "Publier le local" not in page
    export = client.get(reverse("matchmaking:proposals"), {"format": "csv"})
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "14 avenue de la Gare" in content and "Refusée" in content


def test_a_letting_needs_its_rent(users):
    actor = users["economic_actor"]
    with pytest.raises(ValidationError):
        proposals.proposal_submit(
            actor=actor,
            organisation=selectors.search_organisations(actor).get(),
            commune=commune("93005"),
            address="1 rue Neuve",
            deal_kind="location",
            sales_area_m2=Decimal("40"),
        )
