/* FIMACS rebalancing charts (Chart.js, vendored). Data come from the json_script
   "fimacs-charts"; the tables next to each chart carry the same values. */
(function () {
  "use strict";
  function bar(id, data, label) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) return;
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: label, data: data.values, backgroundColor: "#003b80" }] },
      options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, title: { display: true, text: "€ par habitant" } } } },
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("fimacs-charts");
    if (!node) return;
    var charts = JSON.parse(node.textContent);
    bar("chart-size", charts.size, "Aide par habitant (€)");
    bar("chart-quartile", charts.quartile, "Aide par habitant (€)");
  });
})();
