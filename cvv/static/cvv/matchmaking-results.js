/* Matchmaking results: introductions and premises filled per territory (Chart.js,
   vendored). Data come from the json_script "resultats-territoires" (labels as text);
   the table under the chart carries the same values. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("resultats-territoires");
    var canvas = document.getElementById("chart-territoires");
    if (!node || !canvas || !window.Chart) return;
    var data = JSON.parse(node.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Mises en relation", data: data.introductions, backgroundColor: "#8fb3dc" },
          { label: "Locaux remplis (bail signé)", data: data.filled, backgroundColor: "#003b80" },
        ],
      },
      options: {
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
})();
