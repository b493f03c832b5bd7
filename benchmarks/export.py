"""A national export of the whole ledger (or of the comparison) as a job: time and peak memory, for .csv
and .xlsx.

Run from the repository root on a database seeded by benchmarks/dashboards.py:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench python benchmarks/export.py
    DATABASE_URL=... python benchmarks/export.py --kind comparison --logins nation,province

Each export runs in a process of its own (tracker.export_jobs.export_job_run, as the Celery task does,
with no filter), so each peak resident set size is that export's alone, Django included. One line per
export: `kind=… login=… format=… rows=… seconds=… file_mb=… peak_rss_mb=…`. A province's comparison is
written in the request (comparison.views.IN_REQUEST_COUNTIES); its time here is what the browser waits.
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


def run_one(kind: str, login: str, fmt: str) -> None:
    _setup()
    from django.contrib.auth import get_user_model

    from reports.demo.scale import LOGINS
    from tracker.export_jobs import export_job_run
    from tracker.models import ExportJob

    leader = get_user_model().objects.get(username=getattr(LOGINS, login))
    job = ExportJob.objects.create(requested_by=leader, kind=kind, format=fmt)
    started = time.perf_counter()
    job = export_job_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"kind={kind} login={login} format={fmt} rows={job.rows_done} seconds={seconds:.1f} "
        f"file_mb={job.file.size / 2**20:.1f} "
        f"peak_rss_mb={peak_mb:.0f} status={job.status}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", default="rectification", choices=["rectification", "study", "research", "comparison"])
    parser.add_argument("--logins", default="nation", help="comma-separated: nation, province")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)  # the child process: kind, login, format
    args = parser.parse_args()
    if args.run:
        run_one(*args.run)
        return
    for login in args.logins.split(","):
        for fmt in args.formats.split(","):
            subprocess.run([sys.executable, __file__, "--run", args.kind, login, fmt], check=True)


if __name__ == "__main__":
    main()
