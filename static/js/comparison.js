// Leaders' comparison page: found versus closed per county (bar) and month by month (line),
// drawn with the local Chart.js from one small JSON endpoint each.
(function () {
  "use strict";
  var colours = ["#c0392b", "#28b463"];

  function draw(canvasId, emptyId, type, done) {
    var canvas = document.getElementById(canvasId);
    if (!canvas) { return; }
    fetch(canvas.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.labels.length) { document.getElementById(emptyId).hidden = false; return; }
        data.datasets.forEach(function (ds, i) {
          ds.backgroundColor = colours[i % colours.length];
          ds.borderColor = colours[i % colours.length];
        });
        done(new Chart(canvas, {
          type: type,
          data: data,
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            scales: { y: { beginAtZero: true, title: { display: true, text: "问题数（个）" } } },
            plugins: { legend: { position: "top" } }
          }
        }));
      });
  }

  draw("comparison-chart", "chart-empty", "bar", function (chart) { window.comparisonChart = chart; });
  draw("trend-chart", "trend-empty", "line", function (chart) { window.trendChart = chart; });
})();
