"""Time and peak memory of importing rectification ledgers of 1,000, 10,000 and 100,000 rows on PostgreSQL.

Run from the repository root: ``python benchmarks/ledger.py [SIZES...]``. It creates a throw-away
database on the server named by BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432, trust
auth), migrates it, and drops it at the end. Each size is imported in a fresh child process so its
peak resident memory is its own: first import (every row created, with history rows) and a second
import of the same file (every row matched, nothing written). Target: 10,000 rows in under 15 s
with peak memory under 300 MB.
"""

import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SIZES = (1_000, 10_000, 100_000)


def write_ledger(path: Path, rows: int) -> Path:
    """A plain ledger in streaming mode (the file's own memory is not what is measured)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("整改台账")
    sheet.append(["某县主题教育整改台账"])
    sheet.append(["序号", "存在问题", "问题来源", "层级", "牵头单位", "责任人", "整改措施", "完成时限", "整改状态"])
    sources = ("检视查摆", "调查研究", "群众反映", "指导组反馈", "专项整治")
    first = datetime.date(2023, 10, 1)
    for n in range(1, rows + 1):
        sheet.append(
            [
                n,
                f"第{n}项问题：办事材料多、环节多、时限长，群众反映较多",
                sources[n % 5],
                "单位",
                f"县直第{n % 40}单位",
                f"责任人{n % 300}",
                "梳理办事清单，压减材料和环节，按期销号",
                first + datetime.timedelta(days=n % 120) if n % 4 else f"2023年{10 + n % 3}月{1 + n % 28}日",
                "未整改" if n % 3 else "整改中",
            ]
        )
    workbook.save(path)
    return path


def child(path: Path, county_name: str) -> None:
    """Import `path` twice into a new county; print timings and peak RSS as JSON."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # a measurement on this machine, not a deployment: no SECRET_KEY needed
    import django

    django.setup()
    from tracker.models import Area, RectificationItem
    from tracker.services import import_workbook

    county = Area.objects.create(name=county_name, level=Area.Level.COUNTY)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    plan = import_workbook(county=county, kind="rectification", path=path)
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = import_workbook(county=county, kind="rectification", path=path)
    second = time.perf_counter() - start
    print(
        json.dumps(
            {
                "created": len(plan.to_create),
                "errors": len(plan.errors),
                "unchanged": again.unchanged,
                "items": RectificationItem.objects.filter(county=county).count(),
                "first_s": first,
                "second_s": second,
                "baseline_mb": baseline / 1024,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main(sizes) -> None:
    import psycopg2

    name = f"ledger_bench_{os.getpid()}"
    admin = psycopg2.connect(f"{SERVER}/postgres")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{name}", "DJANGO_SETTINGS_MODULE": "config.settings"}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
        print(f"PostgreSQL import of rectification ledgers (database {name}, dropped afterwards)")
        print(f"{'rows':>8} {'first import':>13} {'re-import':>10} {'peak RSS':>9} {'of which Django':>16}")
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                path = write_ledger(Path(tmp) / f"ledger-{size}.xlsx", size)
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(path), f"基准县{size}"],
                    cwd=REPO,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                r = json.loads(out.strip().splitlines()[-1])
                assert r["created"] == r["items"] == r["unchanged"] == size and r["errors"] == 0, r
                print(
                    f"{size:>8,} {r['first_s']:>11.2f} s {r['second_s']:>8.2f} s "
                    f"{r['peak_mb']:>6.0f} MB {r['baseline_mb']:>13.0f} MB"
                )
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), sys.argv[3])
    else:
        main([int(a) for a in sys.argv[1:]] or SIZES)
