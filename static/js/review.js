// Review page: poll the parsing status without reloading, and let highlights open their figure.
(function () {
  "use strict";
  var box = document.getElementById("report-status");
  if (box && box.dataset.busy === "1") {
    var poll = function () {
      fetch(box.dataset.url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          document.getElementById("status-label").textContent = data.label;
          if (data.busy) { setTimeout(poll, 1500); } else { window.location.reload(); }
        })
        .catch(function () { setTimeout(poll, 4000); });
    };
    setTimeout(poll, 1000);
  }

  function openFigure(mark) {
    var details = document.getElementById("figure-" + mark.dataset.figure);
    if (!details) {
      // The figure is listed on another page of the figure list.
      if (mark.dataset.page) { window.location = "?page=" + mark.dataset.page + "#figure-" + mark.dataset.figure; }
      return;
    }
    details.open = true;
    details.scrollIntoView({ block: "nearest" });
    var field = details.querySelector("select, input:not([type=hidden])");
    (field || details.querySelector("summary")).focus();
  }
  document.querySelectorAll("mark.fig").forEach(function (mark) {
    mark.addEventListener("click", function () { openFigure(mark); });
    mark.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openFigure(mark); }
    });
  });

  // "Mark a number as a figure": copy the selected span of the document into the add form.
  var doc = document.getElementById("doc-text");
  var addForm = document.getElementById("add-figure-form");
  if (doc && addForm) {
    document.addEventListener("selectionchange", function () {
      var sel = window.getSelection();
      if (!sel.rangeCount || sel.isCollapsed || !doc.contains(sel.anchorNode)) { return; }
      var range = sel.getRangeAt(0);
      var pre = document.createRange();
      pre.selectNodeContents(doc);
      pre.setEnd(range.startContainer, range.startOffset);
      var start = pre.toString().length;
      var selected = range.toString();
      addForm.elements.start.value = start;
      addForm.elements.end.value = start + selected.length;
      var digits = selected.replace(/[,，]/g, "").match(/\d+(\.\d+)?/);
      if (digits && !addForm.elements.value.value) { addForm.elements.value.value = digits[0]; }
    });
  }
})();
