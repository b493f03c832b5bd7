// Polls an Excel import's status while it is being read or written, then reloads to show the result.
(function () {
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.busy !== "1") return;
  var bar = document.getElementById("import-bar");
  var count = document.getElementById("import-count");
  var label = document.getElementById("import-status");

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.busy) { window.location.reload(); return; }
        label.textContent = data.label;
        if (data.rows_total) {
          bar.max = data.rows_total;
          bar.value = Math.min(data.rows_done, data.rows_total);
          count.textContent = "已处理 " + data.rows_done + " / " + data.rows_total + " 行";
        } else if (data.rows_done) {
          count.textContent = "已处理 " + data.rows_done + " 行";
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
