// Print and share: a "下载图片" button under every chart (Chart.js toBase64Image, all in the browser) and
// the "打印" buttons. Loaded after Chart.js and before the page's own chart script.
(function () {
  "use strict";
  // Charts are drawn on a transparent canvas; a downloaded PNG needs a white page behind them.
  Chart.register({
    id: "whiteBackground",
    beforeDraw: function (chart) {
      var ctx = chart.canvas.getContext("2d");
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    }
  });

  document.querySelectorAll("canvas[data-chart-name]").forEach(function (canvas) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "no-print chart-download";
    button.textContent = "下载图片";
    button.addEventListener("click", function () {
      var chart = Chart.getChart(canvas);
      if (!chart) { return; }
      var link = document.createElement("a");
      link.href = chart.toBase64Image("image/png", 1);
      link.download = canvas.dataset.chartName + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    (canvas.closest(".chart-box") || canvas).insertAdjacentElement("afterend", button);
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
