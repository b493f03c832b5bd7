// Leaders' comparison page: found versus closed per county (bar) and month by month (line),
// drawn with the local Chart.js from one small JSON endpoint each.
(function () {
  "use strict";
  var colours = ["#c0392b", "#28b463", "#e59866", "#82e0aa"];

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

// The area filter's search: names come from the server as the user types (never a list of every
// county); choosing one opens the comparison for that area with the other filters kept.
(function () {
  "use strict";
  var input = document.getElementById("area-search");
  if (!input) { return; }
  var options = document.getElementById("area-options");
  var found = {};
  var timer = null;
  input.addEventListener("input", function () {
    var chosen = found[input.value];
    if (chosen) {
      var params = input.dataset.params;
      window.location.search = "?" + (params ? params + "&" : "") + "area=" + chosen;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (!input.value.trim()) { return; }
      fetch(input.dataset.url + "?q=" + encodeURIComponent(input.value.trim()), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          options.textContent = "";
          found = {};
          data.areas.forEach(function (area) {
            var label = area.name + "（" + area.level + (area.trail ? "，" + area.trail : "") + "）";
            found[label] = area.id;
            var option = document.createElement("option");
            option.value = label;
            options.appendChild(option);
          });
        });
    }, 200);
  });
})();
