"""Premises proposed by agencies and owners: nothing is published before the commune (or
the Métropole) moderates it; approved, the premises enters the register and its offer is
published; refused, with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.matchmaking import proposals, selectors
from cvv.matchmaking.proposals import OfferProposal
from cvv.premises.models import Premises
from tests.factories import commune, make_user

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


# --- Edit and withdrawal by the author, while the proposal waits for moderation ---------

EDIT = {
    "commune": "93005",
    "address": "16 avenue de la Gare",
    "sales_area_m2": "92,5",
    "permitted_use": "commerce",
    "deal_kind": "vente_murs",
    "price": "240 000",
    "description": "Angle de rue, belle vitrine",
}


def _edit_data(proposal, **changes):
    data = {**EDIT, "organisation": proposal.organisation.pk, **changes}
    data["commune"] = commune(data["commune"]).pk
    return data


def test_the_author_edits_it_and_the_moderator_publishes_the_new_values(client, users):
    proposal = _propose(client, users)
    edit = reverse("matchmaking:proposal_edit", args=[proposal.pk])
    page = client.get(edit).content.decode()
    assert "14 avenue de la Gare" in page and "Enregistrer les modifications" in page
    # The creation's validations: a sale needs its price, nothing is saved without it.
    response = client.post(edit, _edit_data(proposal, price=""))
    assert response.status_code == 400
    assert "Indiquez le prix de cette cession ou vente." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.address == "14 avenue de la Gare" and proposal.deal_kind == "location"
    response = client.post(edit, _edit_data(proposal), follow=True)
    assert "modifiée : elle attend toujours" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "a_moderer" and proposal.address == "16 avenue de la Gare"
    assert proposal.price == Decimal("240000") and proposal.monthly_rent is None  # emptied
    assert proposal.contact_email == ""  # left out of the form: emptied as well
    entry = AuditEntry.objects.get(action="matchmaking.proposal.update")
    assert {"address", "deal_kind", "price", "monthly_rent"} <= set(entry.data["fields"])
    # The moderator sees and publishes the new values.
    client.force_login(users["commune_agent"])
    page = client.get(reverse("matchmaking:proposal", args=[proposal.pk])).content.decode()
    assert "16 avenue de la Gare" in page and "Angle de rue" in page
    assert "Modifier la proposition" not in page and "Retirer la proposition" not in page
    client.post(reverse("matchmaking:proposal_transition", args=[proposal.pk, "publier"]))
    proposal.refresh_from_db()
    offer = proposal.offer
    assert offer.premises.address == "16 avenue de la Gare"
    assert offer.premises.sales_area_m2 == Decimal("92.5")
    assert offer.deal_kind == "vente_murs" and offer.price == Decimal("240000")


def test_the_author_withdraws_it_and_it_leaves_the_moderation_queue(client, users):
    proposal = _propose(client, users)
    page = client.get(reverse("matchmaking:proposals")).content.decode()
    assert "Retirer la proposition du local du 14 avenue de la Gare" in page
    assert "Publier le local" not in page
    response = client.post(
        reverse("matchmaking:proposal_transition", args=[proposal.pk, "retirer"]),
        {"reason": "Loué entre-temps"},
        follow=True,
    )
    assert "retirée : elle ne sera pas publiée" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "retiree" and proposal.withdrawal_reason == "Loué entre-temps"
    entry = AuditEntry.objects.get(action="matchmaking.proposal.withdraw")
    assert entry.data["reason"] == "Loué entre-temps"
    # The author still sees it, withdrawn, with no action left.
    page = client.get(reverse("matchmaking:proposals")).content.decode()
    assert "Retirée par son auteur" in page and "Loué entre-temps" in page
    assert "Modifier la proposition" not in page and "Retirer la proposition" not in page
    detail = client.get(reverse("matchmaking:proposal", args=[proposal.pk])).content.decode()
    assert "Retirée par son auteur" in detail and "motif du retrait : Loué entre-temps" in detail
    # The moderators' queue is empty; publishing and refusing are refused, nothing changes:
    # the commune no longer sees it (404), the Métropole's staff see it (withdrawn, read-only)
    # and are told why.
    url = reverse("matchmaking:proposal_transition", args=[proposal.pk, "publier"])
    for moderator in ("commune_agent", "metropole_admin"):
        client.force_login(users[moderator])
        page = client.get(reverse("matchmaking:proposals")).content.decode()
        assert "Aucune proposition." in page and "14 avenue de la Gare" not in page
    client.force_login(users["commune_agent"])
    assert client.post(url).status_code == 404
    client.force_login(users["metropole_admin"])
    response = client.post(url, follow=True)
    assert "Cette proposition a été retirée par son auteur : elle ne peut plus être publiée." in (
        response.content.decode()
    )
    for refuse in (
        lambda: proposals.proposal_approve(actor=users["commune_agent"], proposal=proposal),
        lambda: proposals.proposal_refuse(
            actor=users["instructor"], proposal=proposal, reason="Trop tard"
        ),
    ):
        with pytest.raises(ValidationError, match="a été retirée par son auteur"):
            refuse()
    proposal.refresh_from_db()
    assert proposal.state == "retiree" and proposal.offer is None
    assert not Premises.objects.filter(address="14 avenue de la Gare").exists()


def test_a_withdrawal_needs_no_reason(client, users):
    proposal = _propose(client, users)
    client.post(reverse("matchmaking:proposal_transition", args=[proposal.pk, "retirer"]))
    proposal.refresh_from_db()
    assert proposal.state == "retiree" and proposal.withdrawal_reason == ""


def _update_elsewhere(actor, proposal, organisation=None):
    """The service's edit of `proposal` by `actor`, moving it to another address."""
    return proposals.proposal_update(
        actor=actor,
        proposal=proposal,
        organisation=organisation or proposal.organisation,
        commune=proposal.commune,
        address="Ailleurs",
        deal_kind="location",
        sales_area_m2=Decimal("10"),
        monthly_rent=Decimal("1"),
    )


@pytest.mark.parametrize("state", ["publiee", "refusee", "retiree"])
def test_nothing_changes_once_moderated_or_withdrawn(client, users, state):
    proposal = _propose(client, users)
    OfferProposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()
    before = OfferProposal.objects.filter(pk=proposal.pk).values().get()
    said = {"publiee": "a déjà été publiée", "refusee": "a déjà été refusée"}.get(
        state, "a été retirée par son auteur"
    )
    edit = reverse("matchmaking:proposal_edit", args=[proposal.pk])
    response = client.get(edit, follow=True)
    assert f"Cette proposition {said} : elle ne peut plus être modifiée." in (
        response.content.decode()
    )
    response = client.post(edit, _edit_data(proposal), follow=True)
    assert "elle ne peut plus être modifiée" in response.content.decode()
    response = client.post(
        reverse("matchmaking:proposal_transition", args=[proposal.pk, "retirer"]), follow=True
    )
    assert "elle ne peut plus être retirée" in response.content.decode()
    actor = users["economic_actor"]
    with pytest.raises(ValidationError, match="elle ne peut plus être modifiée"):
        _update_elsewhere(actor, proposal)
    assert OfferProposal.objects.filter(pk=proposal.pk).values().get() == before
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert not codes & {"matchmaking.proposal.update", "matchmaking.proposal.withdraw"}


def test_nobody_else_edits_or_withdraws(client, users):
    proposal = _propose(client, users)
    before = OfferProposal.objects.filter(pk=proposal.pk).values().get()
    edit = reverse("matchmaking:proposal_edit", args=[proposal.pk])
    withdraw = reverse("matchmaking:proposal_transition", args=[proposal.pk, "retirer"])
    # Another organisation's actor does not see it; its moderators may not act as its author.
    stranger = make_user(email="autre@test.cvv", role="economic_actor", partner="Autre agence")
    client.force_login(stranger)
    assert client.get(edit).status_code == 404
    assert client.post(edit, _edit_data(proposal)).status_code == 404
    assert client.post(withdraw).status_code == 404
    for moderator in ("commune_agent", "metropole_admin"):
        client.force_login(users[moderator])
        assert client.get(edit).status_code == 403
        assert client.post(withdraw).status_code == 403
    for actor in (stranger, users["commune_agent"], users["metropole_admin"]):
        with pytest.raises(PermissionDenied):
            proposals.proposal_withdraw(actor=actor, proposal=proposal)
        with pytest.raises(PermissionDenied):
            _update_elsewhere(actor, proposal)
    # The author may not hand it to an organisation it does not act for.
    with pytest.raises(PermissionDenied):
        _update_elsewhere(
            users["economic_actor"], proposal, selectors.search_organisations(stranger).get()
        )
    assert OfferProposal.objects.filter(pk=proposal.pk).values().get() == before
