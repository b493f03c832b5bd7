"""A national export of the whole ledger as a job: time and peak memory, for .csv and .xlsx.

Run from the repository root on a database seeded by benchmarks/dashboards.py:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench python benchmarks/export.py

Each format runs in a process of its own (tracker.export_jobs.export_job_run, as the Celery task does,
for the national leader with no filter), so each peak resident set size is that export's alone, Django
included. One line per format: `format=… rows=… seconds=… file_mb=… peak_rss_mb=…`.
"""
import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from dashboards import _setup  # noqa: E402


def run_one(fmt: str) -> None:
    _setup()
    from django.contrib.auth import get_user_model

    from reports.demo.scale import LOGINS
    from tracker.export_jobs import export_job_run
    from tracker.models import ExportJob

    leader = get_user_model().objects.get(username=LOGINS.nation)
    job = ExportJob.objects.create(requested_by=leader, kind="rectification", format=fmt)
    started = time.perf_counter()
    job = export_job_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"format={fmt} rows={job.rows_done} seconds={seconds:.0f} file_mb={job.file.size / 2**20:.0f} "
        f"peak_rss_mb={peak_mb:.0f} status={job.status}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # the child process: one format
    args = parser.parse_args()
    if args.run:
        run_one(args.run)
        return
    for fmt in args.formats.split(","):
        subprocess.run([sys.executable, __file__, "--run", fmt], check=True)


if __name__ == "__main__":
    main()
