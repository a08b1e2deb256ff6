"""Searches by territory and by radius around a commune: hard filters of the matching —
every match returned satisfies them, and every published offer outside is left out."""

import math
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from cvv.matchmaking import selectors, services
from cvv.premises.models import Premises
from cvv.territories.models import Commune, Territoire

pytestmark = pytest.mark.django_db
CODES = ("93005", "93007", "93046", "93048", "93066", "94068")


def _km(a, b):
    x = math.radians(b.mairie_lon - a.mairie_lon) * math.cos(
        math.radians((a.mairie_lat + b.mairie_lat) / 2)
    )
    return 6371.0 * math.hypot(x, math.radians(b.mairie_lat - a.mairie_lat))


@pytest.fixture
def offers(users):
    staff = users["metropole_admin"]
    published = []
    for code in CODES:
        premises = Premises.objects.create(
            commune=Commune.objects.get(code=code),
            address=f"1 rue du Centre ({code})",
            status="vacant",
            sales_area_m2=Decimal("60"),
            permitted_use="commerce",
        )
        offer = services.offer_create(
            actor=staff, premises=premises, deal_kind="location", monthly_rent=Decimal("900")
        )
        published.append(services.offer_publish(actor=staff, offer=offer))
    return published


def _search(actor, **where):
    return services.search_create(
        actor=actor,
        organisation=selectors.search_organisations(actor).get(),
        title="Librairie",
        activity_category="culture_loisirs",
        deal_kinds=["location"],
        min_surface_m2=Decimal("40"),
        max_surface_m2=Decimal("80"),
        **where,
    )


def _split(search, offers):
    found = {offer.pk for _score, offer, _m in selectors.matches_for_search(search, limit=50)}
    return (
        [o for o in offers if o.pk in found],
        [o for o in offers if o.pk not in found],
    )


def test_territory_is_a_hard_filter(users, offers):
    territoire = Commune.objects.get(code="93005").territoire
    search = _search(users["economic_actor"], territoires=[territoire])
    inside, outside = _split(search, offers)
    assert inside and outside
    assert all(o.premises.commune.territoire_id == territoire.pk for o in inside)
    assert all(o.premises.commune.territoire_id != territoire.pk for o in outside)


def test_radius_is_a_hard_filter(users, offers):
    centre = Commune.objects.get(code="93005")
    search = _search(users["economic_actor"], radius_centre=centre, radius_km=Decimal("6"))
    inside, outside = _split(search, offers)
    assert centre.code in {o.premises.commune.code for o in inside} and outside
    assert all(_km(centre, o.premises.commune) <= 6 for o in inside)
    assert all(_km(centre, o.premises.commune) > 6 for o in outside)


def test_named_communes_territories_and_radius_add_up(users, offers):
    centre = Commune.objects.get(code="93005")
    other = Territoire.objects.exclude(pk=centre.territoire_id).get(communes__code="94068")
    search = _search(
        users["economic_actor"],
        communes=[Commune.objects.get(code="93048")],
        territoires=[other],
        radius_centre=centre,
        radius_km=Decimal("1"),
    )
    inside, _outside = _split(search, offers)
    codes = {o.premises.commune.code for o in inside}
    assert {"93005", "93048", "94068"} <= codes
    for offer in inside:
        commune = offer.premises.commune
        assert (
            commune.code == "93048"
            or commune.territoire_id == other.pk
            or _km(centre, commune) <= 1
        )


def test_radius_needs_its_centre_and_a_sensible_size(users):
    actor = users["economic_actor"]
    with pytest.raises(ValidationError):
        _search(actor, radius_km=Decimal("5"))
    with pytest.raises(ValidationError):
        _search(actor, radius_centre=Commune.objects.get(code="93005"), radius_km=Decimal("80"))


def test_search_form_takes_a_territory_and_a_radius(client, users, offers):
    actor = users["economic_actor"]
    client.force_login(actor)
    centre = Commune.objects.get(code="93005")
    response = client.post(
        reverse("matchmaking:search_create"),
        {
            "organisation": selectors.search_organisations(actor).get().pk,
            "title": "Librairie",
            "activity_category": "culture_loisirs",
            "deal_kinds": ["location"],
            "min_surface_m2": "40",
            "max_surface_m2": "80",
            "territoires": [centre.territoire_id],
            "radius_centre": centre.pk,
            "radius_km": "2,5",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Territoires visés" in page and escape(centre.territoire.nom) in page
    assert "2,5 km autour de la mairie d’Aulnay-sous-Bois, jusqu’au local" in page


def test_radius_is_measured_to_the_premises_position(users, offers):
    """A located premises counts where it stands: one just inside the circle although its
    commune's town hall is outside, one just outside although its town hall is inside; an
    unlocated premises falls back to its town hall."""
    from cvv.matchmaking.engine import distance_km

    centre = Commune.objects.get(code="93005")
    far = max(offers, key=lambda o: _km(centre, o.premises.commune))
    near = next(o for o in offers if o.premises.commune.code == "93005")
    radius = Decimal("3")
    assert _km(centre, far.premises.commune) > 3
    # The far premises moved to 2 km east of the centre's town hall (kept in its commune's
    # record: the radius looks at the position only); the near one 5 km north.
    east = centre.mairie_lon + 2 / (111.32 * math.cos(math.radians(centre.mairie_lat)))
    Premises.objects.filter(pk=far.premises.pk).update(lon=east, lat=centre.mairie_lat)
    Premises.objects.filter(pk=near.premises.pk).update(
        lon=centre.mairie_lon, lat=centre.mairie_lat + 5 / 111.2
    )
    search = _search(users["economic_actor"], radius_centre=centre, radius_km=radius)
    inside, outside = _split(search, offers)
    assert far in inside and near in outside
    for offer in inside:
        premises = Premises.objects.get(pk=offer.premises.pk)
        if premises.lon is None:
            assert _km(centre, premises.commune) <= 3
        else:
            assert distance_km(centre.mairie_lon, centre.mairie_lat, premises.lon,
                               premises.lat) <= 3  # fmt: skip
