"""A commune's safeguard perimeter and delegations as records; an opportunity takes its
right holder and delegation from them and says whether the premises lies inside."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from shapely.geometry import Point, mapping

from cvv.audit.models import AuditEntry
from cvv.fonciere import services, services_chain
from cvv.fonciere.models import SafeguardPerimeter
from cvv.premises.models import Premises
from cvv.territories import geo
from tests.factories import commune

pytestmark = pytest.mark.django_db
D = dt.date


def square(lon, lat, half_side_m, *, lambert=False):
    centre = geo.to_lambert93(Point(lon, lat))
    shape = centre.buffer(half_side_m, cap_style="square")
    return json.dumps(mapping(shape if lambert else geo.to_wgs84(shape)))


def offset(lon, lat, dx):
    x, y = geo.wgs84_to_lambert93_arrays(lon, lat)
    return geo.lambert93_to_wgs84_arrays(x + dx, y)


@pytest.fixture
def aulnay():
    return commune("93005")


def premises_at(commune_, lon, lat, address="4 rue"):
    return Premises.objects.create(
        commune=commune_, address=address, status="vacant", lon=float(lon), lat=float(lat)
    )


def test_perimeter_in_lambert93_is_reprojected_and_replaces_the_previous_one(users, aulnay):
    agent = users["commune_agent"]  # works for 93005
    lon, lat = aulnay.mairie_lon, aulnay.mairie_lat
    first = services_chain.perimeter_record(
        actor=agent,
        commune=aulnay,
        raw_geojson=square(lon, lat, 200).encode(),
        deliberation="DCM 2024-12",
        voted_on=D(2024, 3, 1),
    )
    second = services_chain.perimeter_record(
        actor=agent,
        commune=aulnay,
        raw_geojson=square(lon, lat, 300, lambert=True),
        deliberation="DCM 2025-40",
    )
    first.refresh_from_db()
    assert not first.current and second.current
    assert 355_000 < second.area_m2 < 365_000  # 600 m × 600 m, reprojected from Lambert-93
    minx, _miny, maxx, _maxy = second.shape.bounds
    assert 2 < minx < maxx < 3  # longitudes now
    assert AuditEntry.objects.filter(action="fonciere.safeguard_perimeter.record").count() == 2


def test_another_communes_people_may_not_record_its_perimeter(users, aulnay):
    with pytest.raises(PermissionDenied):
        services_chain.perimeter_record(
            actor=users["other_commune_agent"],
            commune=aulnay,
            raw_geojson=square(aulnay.mairie_lon, aulnay.mairie_lat, 200),
            deliberation="X",
        )


@pytest.mark.parametrize(
    "raw, message",
    [
        ('{"type": "Point", "coordinates": [2.5, 48.9]}', "un Polygon ou un MultiPolygon"),
        ("{oops", "GeoJSON illisible"),
    ],
)
def test_bad_files_are_refused_by_the_shared_parser(users, aulnay, raw, message):
    with pytest.raises(ValidationError, match=message):
        services_chain.perimeter_record(
            actor=users["fonciere_officer"], commune=aulnay, raw_geojson=raw, deliberation="X"
        )
    assert not SafeguardPerimeter.objects.exists()


def test_too_small_perimeter_message_names_a_safeguard_perimeter(users, aulnay):
    with pytest.raises(ValidationError, match="trop petit pour un périmètre de sauvegarde"):
        services_chain.perimeter_record(
            actor=users["fonciere_officer"],
            commune=aulnay,
            raw_geojson=square(aulnay.mairie_lon, aulnay.mairie_lat, 10),
            deliberation="X",
        )


def test_opportunity_takes_holder_delegation_and_perimeter_from_the_records(users, aulnay):
    officer = users["fonciere_officer"]
    lon, lat = aulnay.mairie_lon, aulnay.mairie_lat
    services_chain.perimeter_record(
        actor=officer, commune=aulnay, raw_geojson=square(lon, lat, 200), deliberation="DCM 12"
    )
    delegation = services_chain.delegation_create(
        actor=officer,
        commune=aulnay,
        scope="commerce",
        delegatee="fonciere",
        delegatee_name="Foncière Centres-Villes Vivants",
        valid_from=D(2024, 1, 1),
        valid_to=D(2025, 12, 31),
        deliberation="DCM 2023-88",
    )
    inside = premises_at(aulnay, lon, lat)
    outside = premises_at(aulnay, *offset(lon, lat, 600), address="90 rue")
    during = services.opportunity_create(
        actor=officer, premises=inside, source="dia_commerce", received_on=D(2025, 6, 2)
    )
    assert during.right_holder == "fonciere" and during.delegation_record == delegation
    assert "DCM 2023-88" in during.delegation and during.in_safeguard_perimeter is True
    after = services.opportunity_create(
        actor=officer, premises=outside, source="dia_commerce", received_on=D(2026, 1, 5)
    )
    assert after.right_holder == "commune" and after.delegation_record is None
    assert after.in_safeguard_perimeter is False
    # The DPU is another right: the commerce delegation does not apply.
    dpu = services.opportunity_create(
        actor=officer, premises=inside, source="dia_dpu", received_on=D(2025, 6, 2)
    )
    assert dpu.right_holder == "commune"
    amicable = services.opportunity_create(
        actor=officer,
        premises=inside,
        source="amiable",
        received_on=D(2025, 6, 2),
        price=Decimal("1"),
    )
    assert amicable.right_holder == ""
    # Typed by hand: kept.
    typed = services.opportunity_create(
        actor=officer,
        premises=inside,
        source="dia_commerce",
        received_on=D(2025, 6, 2),
        right_holder="ept",
        delegation="Arrêté 2025-3",
    )
    assert typed.right_holder == "ept" and typed.delegation_record is None


def test_a_new_perimeter_places_open_opportunities_again(users, aulnay):
    officer = users["fonciere_officer"]
    lon, lat = aulnay.mairie_lon, aulnay.mairie_lat
    far = premises_at(aulnay, *offset(lon, lat, 400))
    opportunity = services.opportunity_create(
        actor=officer, premises=far, source="dia_commerce", received_on=D(2025, 6, 2)
    )
    assert opportunity.in_safeguard_perimeter is None  # no perimeter yet
    services_chain.perimeter_record(
        actor=officer, commune=aulnay, raw_geojson=square(lon, lat, 600), deliberation="DCM 1"
    )
    opportunity.refresh_from_db()
    assert opportunity.in_safeguard_perimeter is True


def test_delegations_of_the_same_right_may_not_overlap(users, aulnay):
    officer = users["fonciere_officer"]
    first = services_chain.delegation_create(
        actor=officer,
        commune=aulnay,
        scope="dpu",
        delegatee="ept",
        delegatee_name="EPT",
        valid_from=D(2024, 1, 1),
        deliberation="D1",
    )
    with pytest.raises(ValidationError, match="déjà en vigueur"):
        services_chain.delegation_create(
            actor=officer,
            commune=aulnay,
            scope="dpu",
            delegatee="fonciere",
            delegatee_name="Foncière",
            valid_from=D(2025, 1, 1),
            deliberation="D2",
        )
    # Another right may be delegated over the same period.
    services_chain.delegation_create(
        actor=officer,
        commune=aulnay,
        scope="commerce",
        delegatee="fonciere",
        delegatee_name="Foncière",
        valid_from=D(2025, 1, 1),
        deliberation="D3",
    )
    services_chain.delegation_end(actor=officer, delegation=first, on=D(2024, 12, 31))
    services_chain.delegation_create(
        actor=officer,
        commune=aulnay,
        scope="dpu",
        delegatee="fonciere",
        delegatee_name="Foncière",
        valid_from=D(2025, 1, 1),
        deliberation="D2",
    )
    with pytest.raises(ValidationError, match="précéder"):
        services_chain.delegation_end(actor=officer, delegation=first, on=D(2023, 1, 1))
    with pytest.raises(PermissionDenied):
        services_chain.delegation_end(
            actor=users["other_commune_agent"], delegation=first, on=D(2024, 12, 31)
        )


def test_drawn_perimeter_is_wgs84_bounded_in_vertices_and_audited(users, aulnay):
    agent = users["commune_agent"]
    lon, lat = aulnay.mairie_lon, aulnay.mairie_lat
    perimeter = services_chain.perimeter_record(
        actor=agent,
        commune=aulnay,
        raw_geojson=square(lon, lat, 200),
        deliberation="DCM 2026-1",
        drawn=True,
    )
    entry = AuditEntry.objects.get(action="fonciere.safeguard_perimeter.record")
    assert entry.data["source"] == "drawn" and perimeter.current
    # A drawing is in longitude/latitude: Lambert-93 metres are not reprojected.
    with pytest.raises(ValidationError, match="longitudes/latitudes"):
        services_chain.perimeter_record(
            actor=agent,
            commune=aulnay,
            raw_geojson=square(lon, lat, 200, lambert=True),
            deliberation="DCM",
            drawn=True,
        )
    # Too many vertices for a hand-drawn perimeter (a 1,200-vertex circle).
    circle = geo.to_wgs84(geo.to_lambert93(Point(lon, lat)).buffer(200, quad_segs=300))
    with pytest.raises(ValidationError, match="sommets"):
        services_chain.perimeter_record(
            actor=agent,
            commune=aulnay,
            raw_geojson=json.dumps(mapping(circle)),
            deliberation="DCM",
            drawn=True,
        )
    # A self-intersecting drawing is refused by shapely's validity check.
    a, b = offset(lon, lat, 300), offset(lon, lat, -300)
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[a[0], lat + 0.003], [b[0], lat - 0.003], [b[0], lat + 0.003],
                         [a[0], lat - 0.003], [a[0], lat + 0.003]]],
    }  # fmt: skip
    with pytest.raises(ValidationError, match="invalide"):
        services_chain.perimeter_record(
            actor=agent,
            commune=aulnay,
            raw_geojson=json.dumps(bowtie),
            deliberation="DCM",
            drawn=True,
        )
    assert SafeguardPerimeter.objects.count() == 1
