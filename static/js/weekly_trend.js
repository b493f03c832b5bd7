// Weekly trend: the cumulative series week by week; a point below the week before is drawn as a red
// triangle so a decrease shows on the chart as in the table.
(function () {
  "use strict";
  var colours = ["#c0392b", "#28b463", "#2471a3", "#b9770e"];
  var canvas = document.getElementById("weekly-trend-chart");
  if (!canvas) { return; }
  fetch(canvas.dataset.url, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.labels.length) { document.getElementById("weekly-trend-empty").hidden = false; return; }
      data.datasets.forEach(function (ds, i) {
        var colour = colours[i % colours.length];
        ds.borderColor = colour;
        ds.backgroundColor = colour;
        ds.pointStyle = ds.decreased.map(function (d) { return d ? "triangle" : "circle"; });
        ds.pointRadius = ds.decreased.map(function (d) { return d ? 7 : 3; });
        ds.pointBackgroundColor = ds.decreased.map(function (d) { return d ? "#ff0000" : colour; });
      });
      window.weeklyTrendChart = new Chart(canvas, {
        type: "line",
        data: data,
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, title: { display: true, text: "问题数（个，累计）" } } },
          plugins: { legend: { position: "top" } }
        }
      });
    });
})();
