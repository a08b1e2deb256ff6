"""Services and pages: a commune offers a vacant premises, an actor's search meets it with
explained points, the public contact form resists spam, the commune's wanted activities."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.core.workflows import TransitionDenied
from cvv.matchmaking import selectors, services
from cvv.matchmaking.models import ContactRequest, WantedActivity
from cvv.matchmaking.wanted import under_represented
from cvv.premises.models import Premises
from cvv.www.matchmaking_views.forms import contact_token
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def premises():
    return Premises.objects.create(
        commune=commune("93005"),
        address="5 place du Marché",
        status="vacant",
        vacant_since=dt.date.today() - dt.timedelta(days=300),
        sales_area_m2=Decimal("60"),
        frontage_m=Decimal("6"),
        permitted_use="commerce",
        step_free=True,
    )


@pytest.fixture
def offer(users, premises):
    offer = services.offer_create(
        actor=users["commune_agent"],
        premises=premises,
        deal_kind="location",
        monthly_rent=Decimal("1000"),
        public_help="Loyer minoré la première année",
        contact_name="Mme Secrète",
        contact_email="secret@aulnay.test",
    )
    return services.offer_publish(actor=users["commune_agent"], offer=offer)


def test_a_search_meets_a_published_offer_with_reasons(users, offer):
    actor = users["economic_actor"]
    organisation = selectors.search_organisations(actor).get()
    search = services.search_create(
        actor=actor,
        organisation=organisation,
        title="Boulangerie de quartier",
        activity_category="alimentaire",
        deal_kinds=["location"],
        min_surface_m2=Decimal("40"),
        max_surface_m2=Decimal("80"),
        max_monthly_rent=Decimal("1200"),
        annual_turnover=Decimal("200000"),
        communes=[commune("93005")],
    )
    services.wanted_set(
        actor=users["commune_agent"], commune=commune("93005"), categories=["alimentaire"]
    )
    [(score, found, match)] = selectors.matches_for_search(search)
    # 20 budget + 15 effort (6 %) + 10 surface + 5 frontage + 15 wanted + 10 cyclical
    # vacancy (300 days) + 5 public help; outside any centre (no position): 0.
    assert found == offer and score == 80
    assert sum(p for _, p in match.reasons) == score
    assert selectors.matches_for_offer(offer)[0][1] == search
    assert AuditEntry.objects.filter(action="matchmaking.search.create").exists()


def test_only_the_premises_managers_offer_and_publish(users, premises):
    with pytest.raises(PermissionDenied):
        services.offer_create(
            actor=users["other_commune_agent"],
            premises=premises,
            deal_kind="location",
            monthly_rent=Decimal("1"),
        )
    offer = services.offer_create(
        actor=users["commune_agent"],
        premises=premises,
        deal_kind="location",
        monthly_rent=Decimal("1"),
    )
    with pytest.raises(TransitionDenied):
        services.offer_publish(actor=users["fonciere_officer"], offer=offer)
    with pytest.raises(TransitionDenied):
        services.offer_publish(actor=users["economic_actor"], offer=offer)


def test_the_public_page_masks_confidential_fields(client, offer):
    page = client.get(reverse("matchmaking:public_offer", args=[offer.pk])).content.decode()
    assert "Loyer minoré la première année" in page and "1\u202f000,00\u00a0€" in page
    assert "Secrète" not in page and "secret@aulnay.test" not in page
    listing = client.get(reverse("matchmaking:public")).content.decode()
    assert offer.reference in listing


def _contact(client, offer, **overrides):
    data = {
        "name": "Jeanne",
        "email": "jeanne@example.test",
        "message": "Bonjour, le local est-il visitable ?",
        "website": "",
        "token": contact_token(offer.pk, now=time.time() - 60),
    }
    data.update(overrides)
    return client.post(reverse("matchmaking:public_offer", args=[offer.pk]), data, follow=True)


def test_the_contact_form_accepts_a_person_and_refuses_robots(client, offer):
    response = _contact(client, offer)
    assert (
        f"Votre message sur l’offre {offer.reference} a été transmis." in response.content.decode()
    )
    assert ContactRequest.objects.count() == 1
    assert _contact(client, offer, website="http://spam.test").status_code == 400
    assert _contact(client, offer, token=contact_token(offer.pk)).status_code == 400  # too fast
    assert _contact(client, offer, token="forged").status_code == 400
    assert ContactRequest.objects.count() == 1


def test_the_contact_form_is_rate_limited(client, offer):
    for _ in range(5):
        assert _contact(client, offer).status_code == 200
    response = _contact(client, offer)
    assert response.status_code == 400 and "Trop de messages" in response.content.decode()
    assert ContactRequest.objects.count() == 5


def test_under_represented_against_both_medians():
    # alimentaire: 0.10 < median(0.10, 0.20, 0.30) = 0.20 and < the peers' median(0.20,
    # 0.30) = 0.25 → proposed. culture_loisirs: 0.05 < the peers' median(0.04, 0.08) = 0.06
    # but not < the median of all, median(0.05, 0.04, 0.08) = 0.05 → not proposed.
    own = {"part_alimentaire": 0.10, "part_culture_loisirs": 0.05}
    others = [
        {"part_alimentaire": 0.20, "part_culture_loisirs": 0.04},
        {"part_alimentaire": 0.30, "part_culture_loisirs": 0.08},
    ]
    found = under_represented(own, [own, *others], others)
    assert [p.category for p in found] == ["alimentaire"]
    assert found[0].source.startswith("Part de 10,0 % dans le centre-ville, contre 20,0 %")


def test_the_commune_sets_its_wanted_activities(client, users):
    client.force_login(users["commerce_manager"])
    response = client.post(
        reverse("matchmaking:wanted", args=["93005"]),
        {"categories": ["alimentaire", "culture_loisirs"]},
        follow=True,
    )
    assert "Activités souhaitées par Aulnay-sous-Bois enregistrées." in response.content.decode()
    assert WantedActivity.objects.filter(commune__code="93005").count() == 2


def test_an_introduction_reveals_contacts_only_once_accepted(client, users, offer):
    actor = users["economic_actor"]
    search = services.search_create(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        title="Épicerie fine",
        activity_category="alimentaire",
        deal_kinds=["location"],
        min_surface_m2=Decimal("50"),
        max_surface_m2=Decimal("70"),
    )
    client.force_login(actor)
    response = client.post(
        reverse("matchmaking:introduction_request", args=[search.pk, offer.pk]), follow=True
    )
    page = response.content.decode()
    assert f"Mise en relation demandée pour le local {offer.reference}." in page
    assert "secret@aulnay.test" not in page
    introduction = search.introductions.get()
    with pytest.raises(TransitionDenied):
        services.introduction_accept(actor=actor, introduction=introduction)
    with pytest.raises(TransitionDenied):
        services.introduction_accept(actor=users["other_commune_agent"], introduction=introduction)
    services.introduction_accept(actor=users["commerce_manager"], introduction=introduction)
    page = client.get(reverse("matchmaking:introduction", args=[introduction.pk])).content.decode()
    assert "secret@aulnay.test" in page
    assert AuditEntry.objects.filter(action="matchmaking.introduction.accept").exists()


def test_an_introduction_needs_the_hard_criteria(users, offer):
    actor = users["economic_actor"]
    search = services.search_create(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        title="Grande surface",
        activity_category="alimentaire",
        deal_kinds=["location"],
        min_surface_m2=Decimal("300"),
        max_surface_m2=Decimal("500"),
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.introduction_request(actor=actor, search=search, offer=offer)
