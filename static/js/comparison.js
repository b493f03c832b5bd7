// Leaders' comparison chart: problems found versus closed per county, drawn with the local Chart.js.
(function () {
  "use strict";
  var canvas = document.getElementById("comparison-chart");
  if (!canvas) { return; }
  var colours = ["#c0392b", "#28b463"];
  fetch(canvas.dataset.url, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.labels.length) { document.getElementById("chart-empty").hidden = false; return; }
      data.datasets.forEach(function (ds, i) { ds.backgroundColor = colours[i % colours.length]; });
      window.comparisonChart = new Chart(canvas, {
        type: "bar",
        data: data,
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, title: { display: true, text: "问题数（个）" } } },
          plugins: { legend: { position: "top" } }
        }
      });
    });
})();
