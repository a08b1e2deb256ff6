"""Withdrawn proposals stay visible to the Métropole's staff, read-only and apart from the
moderation list (`?etat=retirees`), with who withdrew them and when; nobody else sees
someone else's withdrawn proposal."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cvv.audit.models import AuditEntry
from cvv.matchmaking import proposals, selectors
from cvv.matchmaking.proposals import OfferProposal
from cvv.www.matchmaking_views import views_proposals
from tests.factories import commune, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("matchmaking:proposals")
WITHDRAWN = LIST + "?etat=retirees"
ACTION_FORM = re.compile(r'action="/mise-en-relation/propositions/\d+/(publier|refuser|retirer)/"')


def _submit(actor, address):
    return proposals.proposal_submit(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        commune=commune("93005"),
        address=address,
        deal_kind="location",
        sales_area_m2=Decimal("60"),
        monthly_rent=Decimal("900"),
    )


@pytest.fixture
def world(users):
    author = users["economic_actor"]
    author.first_name, author.last_name = "Alice", "Martin"
    author.save()
    stranger = make_user(
        email="autre@test.cvv",
        role="economic_actor",
        partner="Autre agence",
        first_name="Bruno",
        last_name="Petit",
    )
    pending = _submit(author, "1 rue Haute")
    mine = _submit(author, "2 rue Haute")
    theirs = _submit(stranger, "3 rue Basse")
    proposals.proposal_withdraw(actor=author, proposal=mine, reason="Loué entre-temps")
    proposals.proposal_withdraw(actor=stranger, proposal=theirs)
    return {
        "author": author,
        "stranger": stranger,
        "pending": pending,
        "mine": mine,
        "theirs": theirs,
    }


def _rows(html):
    return set(re.findall(r'<tr id="proposition-(\d+)"', html))


def _ids(*items):
    return {str(p.pk) for p in items}


@pytest.mark.parametrize("role", ["metropole_admin", "instructor", "finance_officer"])
def test_staff_see_the_withdrawn_ones_apart_with_counts(client, users, world, role):
    client.force_login(users[role])
    queue = client.get(LIST).content.decode()
    # The default view is the moderation list, as before: no withdrawn proposal in it.
    assert _rows(queue) == _ids(world["pending"]) and ACTION_FORM.search(queue)
    assert 'data-testid="propositions-file">1<' in queue
    assert 'data-testid="propositions-retirees">2<' in queue
    page = client.get(WITHDRAWN).content.decode()
    assert _rows(page) == _ids(world["mine"], world["theirs"])
    assert "Propositions retirées par leur auteur (2)" in page
    today = timezone.localdate().strftime("%d/%m/%Y")
    mine = page.split(f'id="proposition-{world["mine"].pk}"')[1].split("</tr>")[0]
    assert "2 rue Haute" in mine and "Enseigne de test" in mine and "Alice Martin" in mine
    assert f"{today}</td>" in mine  # submitted on
    assert f"{today}<br><small>par Alice Martin</small>" in mine  # withdrawn on, by
    assert "Loué entre-temps" in mine
    theirs = page.split(f'id="proposition-{world["theirs"].pk}"')[1].split("</tr>")[0]
    assert "Autre agence" in theirs and "par Bruno Petit" in theirs
    assert "aucun motif donné" in theirs
    # Read-only: no action at all.
    assert not ACTION_FORM.search(page)
    assert "Publier le local" not in page and "Refuser" not in page


def test_the_withdrawn_list_is_paginated_and_keeps_its_filter(client, users, world, monkeypatch):
    monkeypatch.setattr(views_proposals, "PAGE_SIZE", 1)
    client.force_login(users["metropole_admin"])
    first = client.get(WITHDRAWN).content.decode()
    assert len(_rows(first)) == 1 and "Page 1 sur 2" in first
    assert 'href="?etat=retirees&amp;page=2"' in first
    second = client.get(WITHDRAWN + "&page=2").content.decode()
    assert len(_rows(second)) == 1 and _rows(first) | _rows(second) == _ids(
        world["mine"], world["theirs"]
    )


def test_the_export_follows_the_view(client, users, world):
    client.force_login(users["metropole_admin"])
    response = client.get(WITHDRAWN + "&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert sorted(r["Adresse"] for r in rows) == ["2 rue Haute", "3 rue Basse"]
    assert {r["État"] for r in rows} == {"Retirée par son auteur"}
    response = client.get(LIST + "?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [r["Adresse"] for r in rows] == ["1 rue Haute"]


def test_others_never_see_someone_elses_withdrawn_proposal(client, users, world):
    mine, theirs = world["mine"], world["theirs"]
    # The author: their own withdrawn one (in both views), never the other agency's.
    client.force_login(world["author"])
    assert _rows(client.get(LIST).content.decode()) == _ids(world["pending"], mine)
    page = client.get(WITHDRAWN).content.decode()
    assert _rows(page) == _ids(mine) and "propositions-retirees" not in page
    assert client.get(reverse("matchmaking:proposal", args=[theirs.pk])).status_code == 404
    # The commune's people moderate the pending one only.
    for role in ("commune_agent", "commerce_manager"):
        client.force_login(users[role])
        assert _rows(client.get(LIST).content.decode()) == _ids(world["pending"])
        page = client.get(WITHDRAWN).content.decode()
        assert _rows(page) == set() and "Aucune proposition retirée." in page
        for p in (mine, theirs):
            assert client.get(reverse("matchmaking:proposal", args=[p.pk])).status_code == 404
    # Other roles have no list at all; anonymous visitors are sent to the login page.
    client.force_login(users["territory_agent"])
    assert client.get(WITHDRAWN).status_code == 403
    client.logout()
    assert client.get(WITHDRAWN).status_code == 302
    assert client.get(reverse("matchmaking:proposal", args=[mine.pk])).status_code == 302


def test_staff_detail_says_who_withdrew_it_and_when_with_no_action(client, users, world):
    proposal = world["mine"]
    client.force_login(users["instructor"])
    page = client.get(reverse("matchmaking:proposal", args=[proposal.pk])).content.decode()
    entry = AuditEntry.objects.get(
        action="matchmaking.proposal.withdraw", object_id=str(proposal.pk)
    )
    when = timezone.localtime(entry.created_at).strftime("%d/%m/%Y à %H:%M")
    assert f"Retirée par son auteur le {when}, par Alice Martin" in page
    assert "motif du retrait : Loué entre-temps" in page
    assert "Publier le local" not in page and "Motif du refus" not in page
    assert "Modifier la proposition" not in page and not ACTION_FORM.search(page)
    # The service still refuses to publish or refuse it; nothing changes.
    before = OfferProposal.objects.filter(pk=proposal.pk).values().get()
    for action in ("publier", "refuser"):
        url = reverse("matchmaking:proposal_transition", args=[proposal.pk, action])
        response = client.post(url, {"reason": "Trop tard"}, follow=True)
        assert "Cette proposition a été retirée par son auteur" in response.content.decode()
    assert OfferProposal.objects.filter(pk=proposal.pk).values().get() == before


def test_a_withdrawal_without_its_audit_entry_says_so(client, users, world):
    loaded = _submit(world["author"], "4 rue Neuve")
    OfferProposal.objects.filter(pk=loaded.pk).update(state="retiree")
    client.force_login(users["metropole_admin"])
    page = client.get(reverse("matchmaking:proposal", args=[loaded.pk])).content.decode()
    assert "Retirée par son auteur (date inconnue)" in page
    row = client.get(WITHDRAWN).content.decode().split(f'id="proposition-{loaded.pk}"')[1]
    assert "date inconnue" in row.split("</tr>")[0]
