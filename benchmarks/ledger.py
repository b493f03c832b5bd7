"""Time and peak memory of importing rectification ledgers of 1,000, 10,000 and 100,000 rows on PostgreSQL.

Run from the repository root: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ledger python
benchmarks/ledger.py [SIZES...]``. The database is created if missing and migrated. Each size is
imported in a fresh child process so its peak resident memory is its own: first import (every row
created, with history rows) and a second import of the same file (every row matched, nothing written).

The workbook has the layout county offices use (a title, a 填报单位/填报时间 line, a two-row header with
整改情况 over 整改措施｜完成时限｜整改进展, the category merged down over each block of rows, deadlines
written as text, status words, signature and note lines below). Target: 10,000 rows in under 15 s with
peak memory under 300 MB.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZES = (1_000, 10_000, 100_000)
BLOCK = 5  # rows under one merged category cell
AREAS = ("理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律")
DEADLINES = ("2024年1月底前", "2023年12月底前", "立行立改", "长期坚持", "2024年3月底前", "2023.11.30")
STATUSES = ("已完成", "正在整改", "未启动", "已整改", "长期坚持")


def write_ledger(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["某县主题教育检视问题整改落实台账"])
    sheet.append(["填报单位（盖章）：某县委主题教育办", None, None, None, None, "填报时间：2023年11月20日"])
    sheet.append(["序号", "问题类别", "问题描述", "责任单位", "责任领导", "整改情况", None, None, "备注"])
    sheet.append([None, None, None, None, None, "整改措施", "完成时限", "整改进展", None])
    for merged in ("A1:I1", "A2:E2", "F2:I2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:H3", "I3:I4"):
        sheet.merge_cells(merged)
    for n in range(1, rows + 1):
        first = (n - 1) % BLOCK == 0
        sheet.append(
            [
                n,
                f"{AREAS[(n // BLOCK) % len(AREAS)]}方面" if first else None,
                f"第{n}项：调研走访覆盖面不够，对基层反映的办事难问题回应不及时",
                f"县直第{n % 40 + 1}单位",
                f"责任人{n % 300}",
                "建立问题清单，逐项明确时限，每月调度一次，按期销号",
                DEADLINES[n % len(DEADLINES)],
                STATUSES[n % len(STATUSES)],
                "已纳入年度考核" if n % 7 == 0 else None,
            ]
        )
        if first:
            end = min(n + BLOCK - 1, rows)
            if end > n:
                sheet.merge_cells(f"B{n + 4}:B{end + 4}")
    sheet.append([])
    sheet.append(["填表人：某某　　审核人：某某"])
    sheet.append(["备注：整改进展按已完成、正在整改、未启动填写。"])
    workbook.save(path)
    return path


def child(path: Path, county_name: str) -> None:
    """Import `path` twice into a new county; print timings and peak RSS as JSON."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # a measurement on this machine, not a deployment: no SECRET_KEY needed
    import django

    django.setup()
    from reports.ledger.importing import import_workbook
    from tracker.models import Area, RectificationItem

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

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("请设置 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ledger（PostgreSQL 数据库）。")
    server, name = url.rsplit("/", 1)
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
    print(f"PostgreSQL import of rectification ledgers in the L01 layout (database {name})")
    print(f"{'rows':>8} {'first import':>13} {'re-import':>10} {'peak RSS':>9} {'of which Django':>16}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = write_ledger(Path(tmp) / f"ledger-{size}.xlsx", size)
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path), f"基准县{size}-{os.getpid()}"],
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


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), sys.argv[3])
    else:
        main([int(a) for a in sys.argv[1:]] or SIZES)
