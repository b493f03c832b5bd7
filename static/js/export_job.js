// An export job's page reloads itself until the file is written (or the job failed).
(function () {
  var job = document.getElementById("export-job");
  if (job && job.dataset.busy === "1") {
    setTimeout(function () { window.location.reload(); }, 1000 * Number(job.dataset.refreshSeconds || 2));
  }
})();
