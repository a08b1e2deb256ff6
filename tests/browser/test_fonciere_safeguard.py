"""A commune's agent draws its safeguard perimeter on the map of the foncière's page
(Leaflet-Geoman, the observatory's drawing script): recorded, audited as drawn."""

from cvv.audit.models import AuditEntry
from cvv.fonciere.models import SafeguardPerimeter
from tests.browser.conftest import login, serious_axe_violations
from tests.factories import make_user


def test_commune_agent_draws_the_safeguard_perimeter(page, live_server):
    make_user(email="agent@test.cvv", role="commune_agent", commune="93005")
    login(page, live_server, "agent@test.cvv")
    page.goto(f"{live_server.url}/fonciere/communes/93005/sauvegarde/")
    page.wait_for_selector("#carte-sauvegarde .leaflet-pm-toolbar")
    assert serious_axe_violations(page) == []
    page.locator(".leaflet-pm-icon-polygon").click()
    box = page.locator("#carte-sauvegarde").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in [(-40, -30), (40, -30), (40, 30), (-40, 30)]:
        page.mouse.click(cx + dx, cy + dy)
    page.mouse.click(cx - 40, cy - 30)
    page.wait_for_function("() => document.getElementById('id_draw-geometry').value.length > 0")
    page.locator("#id_draw-deliberation").fill("DCM 2026-12")
    page.get_by_role("button", name="Enregistrer le périmètre tracé").click()
    page.wait_for_selector("text=Périmètre de sauvegarde tracé d’Aulnay-sous-Bois enregistré.")
    perimeter = SafeguardPerimeter.objects.get(current=True)
    assert perimeter.deliberation == "DCM 2026-12" and perimeter.area_m2 > 2_000
    entry = AuditEntry.objects.get(action="fonciere.safeguard_perimeter.record")
    assert entry.data["source"] == "drawn"
    assert not page.js_errors
