/* Drawing a town-centre perimeter with Leaflet-Geoman (vendored): the drawn polygons are
   written as one GeoJSON geometry into the form's hidden field. */
(function () {
  "use strict";
  function geometryOf(group) {
    var polygons = [];
    group.eachLayer(function (layer) {
      var gj = layer.toGeoJSON();
      var g = gj.geometry || gj;
      if (g.type === "Polygon") polygons.push(g.coordinates);
      else if (g.type === "MultiPolygon") polygons = polygons.concat(g.coordinates);
    });
    if (!polygons.length) return null;
    if (polygons.length === 1) return { type: "Polygon", coordinates: polygons[0] };
    return { type: "MultiPolygon", coordinates: polygons };
  }
  document.addEventListener("cvv:map-ready", function (event) {
    var el = event.target;
    if (!el.dataset.drawLayer) return;
    var map = event.detail.map;
    var input = document.getElementById(el.dataset.drawTarget);
    var status = document.querySelector("[data-draw-status]");
    var group = L.featureGroup().addTo(map);
    var node = document.getElementById(el.dataset.drawLayer);
    if (node) {
      L.geoJSON(JSON.parse(node.textContent), {
        style: { color: "#b3003b", weight: 2, fillOpacity: 0.3 },
      }).eachLayer(function (layer) {
        if (layer.feature && layer.feature.geometry.type === "MultiPolygon") {
          layer.feature.geometry.coordinates.forEach(function (coords) {
            L.polygon(L.GeoJSON.coordsToLatLngs(coords, 1), { color: "#b3003b" }).addTo(group);
          });
        } else { group.addLayer(layer); }
      });
    }
    function sync() {
      var geometry = geometryOf(group);
      input.value = geometry ? JSON.stringify(geometry) : "";
      if (status) status.textContent = geometry ? "Périmètre prêt à être enregistré." : "Aucun périmètre tracé.";
    }
    if (!map.pm) return;
    map.pm.setLang("fr");
    map.pm.addControls({
      position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false,
      drawRectangle: true, drawCircle: false, drawText: false, cutPolygon: false, rotateMode: false,
      drawPolygon: true, editMode: true, dragMode: true, removalMode: true,
    });
    // Geoman's toolbar buttons are links without text: name them from their tooltip.
    el.querySelectorAll(".leaflet-pm-toolbar .button-container[title]").forEach(function (box) {
      var button = box.querySelector(".leaflet-buttons-control-button");
      if (button) button.setAttribute("aria-label", box.getAttribute("title"));
    });
    map.pm.setGlobalOptions({ layerGroup: group });
    map.on("pm:create", function (e) { group.addLayer(e.layer); e.layer.on("pm:edit", sync); sync(); });
    map.on("pm:remove", function (e) { group.removeLayer(e.layer); sync(); });
    group.eachLayer(function (layer) { layer.on("pm:edit", sync); });
    map.on("pm:globaleditmodetoggled pm:globaldragmodetoggled", sync);
    window.cvvDrawGroup = group;
  });
})();
