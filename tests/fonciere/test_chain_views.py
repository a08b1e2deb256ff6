"""The safeguard records and the analysis through the pages: upload, delegation, analysis,
the commune's opinion and the committee's vote."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from shapely.geometry import Point, mapping

from cvv.fonciere.models import Opportunity, OpportunityAnalysis, SafeguardPerimeter
from cvv.premises.models import Premises
from cvv.territories import geo
from tests.factories import commune

pytestmark = pytest.mark.django_db


def lambert_square(lon, lat, half_side_m):
    centre = geo.to_lambert93(Point(lon, lat))
    return json.dumps(mapping(centre.buffer(half_side_m, cap_style="square"))).encode()


def test_commune_records_its_perimeter_and_a_delegation(client, users):
    aulnay = commune("93005")
    client.force_login(users["commerce_manager"])
    url = reverse("fonciere:safeguard", args=["93005"])
    upload = SimpleUploadedFile(
        "perimetre.geojson", lambert_square(aulnay.mairie_lon, aulnay.mairie_lat, 250)
    )
    response = client.post(
        url,
        {"action": "perimeter", "perimeter-file": upload, "perimeter-deliberation": "DCM 2025-7",
         "perimeter-voted_on": "2025-02-10"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Périmètre de sauvegarde d’Aulnay-sous-Bois enregistré." in page
    assert "DCM 2025-7" in page and "10/02/2025" in page
    assert SafeguardPerimeter.objects.get().current
    response = client.post(
        url,
        {"action": "delegation", "delegation-scope": "commerce", "delegation-holder": "commune",
         "delegation-delegatee": "fonciere",
         "delegation-delegatee_name": "Foncière Centres-Villes Vivants",
         "delegation-valid_from": "2025-03-01", "delegation-deliberation": "DCM 2025-9"},
        follow=True,
    )  # fmt: skip
    assert "Délégation à Foncière Centres-Villes Vivants enregistrée." in response.content.decode()
    bad = client.post(
        url,
        {"action": "perimeter", "perimeter-deliberation": "X",
         "perimeter-file": SimpleUploadedFile("p.geojson", b"{oops")},
    )  # fmt: skip
    assert bad.status_code == 400 and "GeoJSON illisible" in bad.content.decode()
    # The foncière's declaration in the perimeter takes the delegation.
    premises = Premises.objects.create(
        commune=aulnay, address="1 place", status="vacant", lon=aulnay.mairie_lon,
        lat=aulnay.mairie_lat, fonciere_followed=True,
    )  # fmt: skip
    client.force_login(users["fonciere_officer"])
    client.post(
        reverse("fonciere:opportunity_create"),
        {"premises": premises.pk, "source": "dia_commerce", "received_on": "2025-04-01"},
    )
    opportunity = Opportunity.objects.get()
    assert opportunity.right_holder == "fonciere" and opportunity.in_safeguard_perimeter
    page = client.get(reverse("fonciere:opportunity", args=[opportunity.pk])).content.decode()
    assert "dans le périmètre de sauvegarde" in page and "DCM 2025-9" in page


def test_analysis_opinion_and_vote_through_the_page(client, users):
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    opportunity = Opportunity.objects.create(
        premises=premises, commune=premises.commune, source="amiable",
        received_on=dt.date.today(),
    )  # fmt: skip
    url = reverse("fonciere:analysis", args=[opportunity.pk])
    client.force_login(users["fonciere_officer"])
    response = client.post(
        url,
        {"action": "save", "analysis-price": "180 000", "analysis-notary_fees": "14 400",
         "analysis-works_budget": "25 600", "analysis-target_rent": "15 400",
         "analysis-annual_charges": "2 200", "analysis-target_turnover": "154 000",
         "analysis-activity_kind": "commerce", "analysis-loan": "100 000",
         "analysis-loan_rate_percent": "0", "analysis-loan_years": "20",
         "analysis-equity": "60 000", "analysis-commune_contribution": "40 000",
         "analysis-fimacs_amount": "20 000"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert f"Analyse financière de l’opportunité n° {opportunity.pk} enregistrée." in page
    assert "7\u00a0%" in page or "7,00\u00a0%" in page  # gross yield
    assert "6,00\u00a0%" in page and "tendu" in page and "220\u202f000,00\u00a0€" in page
    client.post(url, {"action": "submit"})
    client.force_login(users["commune_agent"])
    page = client.get(url).content.decode()
    assert "Donner l’avis" in page and "Enregistrer la décision" not in page
    client.post(url, {"action": "give_opinion", "opinion-opinion": "favorable"})
    client.force_login(users["fonciere_officer"])
    response = client.post(
        url,
        {"action": "decide", "decision-decision": "acquerir", "decision-held_on": "2026-01-15",
         "decision-votes_for": "6", "decision-votes_against": "1",
         "decision-votes_abstention": "0", "decision-reasons": "Rue commerçante prioritaire"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Décision du comité" in page and "6 voix pour, 1 contre" in page
    assert OpportunityAnalysis.objects.get().state == "decidee"


def test_commune_draws_its_perimeter_on_the_map(client, users):
    aulnay = commune("93005")
    client.force_login(users["commerce_manager"])
    url = reverse("fonciere:safeguard", args=["93005"])
    page = client.get(url).content.decode()
    assert 'data-draw-target="id_draw-geometry"' in page and "observatory-draw.js" in page
    drawn = geo.to_wgs84(
        geo.to_lambert93(Point(aulnay.mairie_lon, aulnay.mairie_lat)).buffer(
            200, cap_style="square"
        )
    )
    response = client.post(
        url,
        {"action": "draw", "draw-geometry": json.dumps(mapping(drawn)),
         "draw-deliberation": "DCM 2026-3"},
        follow=True,
    )  # fmt: skip
    assert "Périmètre de sauvegarde tracé d’Aulnay-sous-Bois enregistré." in (
        response.content.decode()
    )
    perimeter = SafeguardPerimeter.objects.get(current=True)
    assert perimeter.deliberation == "DCM 2026-3" and 150_000 < perimeter.area_m2 < 170_000
    # The page now loads the perimeter in force into the drawing layer.
    assert '"MultiPolygon"' in client.get(url).content.decode()
    # Nothing drawn, or a drawing far from the commune: refused, nothing recorded.
    empty = client.post(url, {"action": "draw", "draw-deliberation": "X"})
    assert empty.status_code == 400 and "Tracez le périmètre" in empty.content.decode()
    far = json.dumps(mapping(Point(5.37, 43.29).buffer(0.003)))  # Marseille
    refused = client.post(url, {"action": "draw", "draw-geometry": far, "draw-deliberation": "X"})
    assert refused.status_code == 400 and "ne recoupe pas" in refused.content.decode()
    assert SafeguardPerimeter.objects.count() == 1
