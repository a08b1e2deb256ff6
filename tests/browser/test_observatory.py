import datetime as dt

import pytest

from cvv.observatory import services
from cvv.observatory.compute_service import compute_indicators
from cvv.observatory.models import DataImport
from cvv.territories.models import Centralite, CentraliteVersion, Commune
from tests.browser.conftest import (
    login,
    serious_axe_violations,
)
from tests.factories import make_user
from tests.observatory import files

pytestmark = pytest.mark.browser


@pytest.fixture
def indicators(tmp_path):
    aulnay = Commune.objects.get(code="93005")
    x, y = files.lambert93(aulnay.mairie_lon, aulnay.mairie_lat)
    rows = [
        files.establishment("93005", x=x, y=y, creation="2025-03-01"),
        files.establishment("93005", activite="56.10A"),
        files.establishment("93048", activite="47.71Z"),
        files.establishment("75104", activite="96.02A"),
    ]
    path = files.write_parquet(tmp_path / "stock.parquet", rows)
    done = services.import_file(
        kind=DataImport.Kind.SIRENE, path=path, vintage=dt.date(2025, 12, 31), synthetic=True
    )
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    compute_indicators(reference_date=dt.date(2024, 12, 31))
    compute_indicators(reference_date=dt.date(2025, 12, 31))


def test_map_and_commune_page_render(page, live_server, indicators):
    page.goto(f"{live_server.url}/observatoire/?indicateur=commerces_proximite")
    page.wait_for_function("() => window.cvvMaps && window.cvvMaps['carte-observatoire']")
    assert page.locator("#carte-observatoire path.leaflet-interactive").count() == 130
    assert page.get_by_text("données de démonstration").first.is_visible()
    assert serious_axe_violations(page) == []
    page.locator("#carte-observatoire path.leaflet-interactive").nth(50).click()
    page.wait_for_url(f"{live_server.url}/observatoire/communes/**")
    page.goto(f"{live_server.url}/observatoire/communes/93005/")
    page.wait_for_function("() => window.cvvCharts && window.cvvCharts['chart-commerces']")
    points = page.evaluate("window.cvvCharts['chart-commerces'].data.datasets[0].data")
    assert points == [1, 2]
    assert page.locator("#chart-commerces").bounding_box()["height"] > 50
    assert page.locator("#carte-commune-observatoire path.leaflet-interactive").count() >= 2
    assert serious_axe_violations(page) == []
    assert not page.js_errors


def test_table_sorts_in_the_browser(page, live_server, indicators):
    page.goto(f"{live_server.url}/observatoire/?indicateur=commerces_proximite")
    page.get_by_role("button", name="Commerces de proximité").click()
    page.get_by_role("button", name="Commerces de proximité").click()
    first = page.locator("table[data-sortable] tbody tr").first.locator("td").nth(1)
    assert first.inner_text() == "Aulnay-sous-Bois"


def test_commune_agent_draws_a_perimeter(page, live_server):
    make_user(email="agent@test.cvv", role="commune_agent", commune="93005")
    centralite = Centralite.objects.get(commune__code="93005")
    login(page, live_server, "agent@test.cvv")
    page.goto(f"{live_server.url}/observatoire/communes/93005/centralites/{centralite.pk}/tracer/")
    page.wait_for_selector(".leaflet-pm-toolbar")
    page.locator(".leaflet-pm-icon-polygon").click()
    box = page.locator("#carte-trace").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in [(-40, -30), (40, -30), (40, 30), (-40, 30)]:
        page.mouse.click(cx + dx, cy + dy)
    page.mouse.click(cx - 40, cy - 30)
    page.wait_for_function("() => document.getElementById('id_geometry').value.length > 0")
    page.get_by_role("button", name="Enregistrer le périmètre tracé").click()
    page.wait_for_selector("text=Périmètre tracé enregistré")
    assert centralite.current_version.source == CentraliteVersion.Source.DRAWN
    assert not page.js_errors


def test_pages_have_no_serious_accessibility_violation(page, live_server, indicators):
    for path in ("tableau/?niveau=ept", "methodologie/", "sources/", "telechargements/"):
        page.goto(f"{live_server.url}/observatoire/{path}")
        assert serious_axe_violations(page) == [], path
