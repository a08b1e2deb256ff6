/* Observatory pages: Chart.js charts from a json_script block, client-side table sorting
   (the field survey has its own script, survey.js). No external resources. */
(function () {
  "use strict";
  var COLORS = ["#003b80", "#b3003b", "#2e7d32", "#e08a00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"];

  function charts() {
    var node = document.getElementById("observatoire-graphiques");
    if (!node || typeof Chart === "undefined") return;
    var data = JSON.parse(node.textContent);
    window.cvvCharts = window.cvvCharts || {};
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = data[canvas.dataset.chart];
      if (!spec) return;
      var percent = canvas.hasAttribute("data-percent");
      var kind = canvas.dataset.kind || "line";
      var datasets = spec.datasets.map(function (d, i) {
        return {
          label: d.label,
          data: d.data.map(function (v) { return v === null ? null : (percent ? v * 100 : v); }),
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: kind === "bar" ? COLORS[i % COLORS.length] : "transparent",
          spanGaps: true,
        };
      });
      window.cvvCharts[canvas.id] = new Chart(canvas, {
        type: kind,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: datasets.length > 1 } },
          scales: { y: { beginAtZero: kind === "bar", ticks: percent ? { callback: function (v) { return v + " %"; } } : {} } },
        },
      });
    });
  }

  function sortable() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      table.querySelectorAll("[data-sort-col]").forEach(function (button) {
        button.addEventListener("click", function () {
          var col = parseInt(button.dataset.sortCol, 10);
          var numeric = button.hasAttribute("data-sort-numeric");
          var th = button.closest("th");
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          table.querySelectorAll("th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[col], y = b.cells[col];
            if (numeric) {
              var vx = x.dataset.value === "" ? null : parseFloat(x.dataset.value);
              var vy = y.dataset.value === "" ? null : parseFloat(y.dataset.value);
              if (vx === null) return 1;
              if (vy === null) return -1;
              return ascending ? vx - vy : vy - vx;
            }
            var r = x.textContent.localeCompare(y.textContent, "fr");
            return ascending ? r : -r;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { charts(); sortable(); });
})();
