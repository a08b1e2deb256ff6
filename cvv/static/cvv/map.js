/* Offline maps: GeoJSON layers on Leaflet, no tile server needed.
   <div class="map" data-layers="id1 id2" data-tile-url="" data-link-template="/x/{code}/">
   Each id names a <script type="application/json"> holding a GeoJSON object.
   Labels come from data (commune and perimeter names typed by users): they are always
   passed to Leaflet as DOM nodes filled with textContent, never as HTML strings, since
   Leaflet writes string content with innerHTML. */
(function () {
  "use strict";
  var STYLES = [
    { color: "#003b80", weight: 1, fillColor: "#6f8fc4", fillOpacity: 0.35 },
    { color: "#b3003b", weight: 2, fillColor: "#e0577f", fillOpacity: 0.45 },
  ];
  function textElement(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function init(el) {
    if (el.dataset.ready) return;
    el.dataset.ready = "1";
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: true, zoomControl: false });
    // Leaflet's own zoom buttons are titled in English ("Zoom in"): ours say it in French.
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    window.cvvMaps = window.cvvMaps || {};
    window.cvvMaps[el.id] = map;
    if (el.dataset.tileUrl) {
      // Leaflet's attribution control only takes HTML strings: the configured text is escaped.
      var attribution = textElement(el.dataset.tileAttribution || "").innerHTML;
      L.tileLayer(el.dataset.tileUrl, { attribution: attribution }).addTo(map);
    }
    var bounds = null;
    (el.dataset.layers || "").split(/\s+/).filter(Boolean).forEach(function (id, index) {
      var data = readJSON(id);
      if (!data) return;
      var layer = L.geoJSON(data, {
        style: function (feature) {
          if (feature.properties && feature.properties._style) return feature.properties._style;
          return STYLES[index % STYLES.length];
        },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties || {};
          var label = p.nom || p.code || "";
          if (p.label) label = p.label;
          if (label) lyr.bindTooltip(textElement(String(label)), { sticky: true });
          if (el.dataset.linkTemplate && p.code) {
            lyr.on("click", function () { window.location = el.dataset.linkTemplate.replace("{code}", encodeURIComponent(p.code)); });
          }
        },
      }).addTo(map);
      var b = layer.getBounds();
      if (b.isValid()) bounds = bounds ? bounds.extend(b) : b;
    });
    if (bounds) map.fitBounds(bounds, { padding: [10, 10] });
    else map.setView([48.8566, 2.3522], 10);
    el.dispatchEvent(new CustomEvent("cvv:map-ready", { detail: { map: map }, bubbles: true }));
  }
  function initAll(root) { (root || document).querySelectorAll(".map[data-layers]").forEach(init); }
  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { initAll(e.target); });
  window.cvvInitMaps = initAll;
})();
