"""Time of the review page of a report with 5,000 figures (the most a report may have, REPORT_MAX_FIGURES).

Run from the repository root: ``python benchmarks/review_page.py [FIGURES]``. It uses a throw-away SQLite
database (or DATABASE_URL if set), writes a report text of its own with one figure per sentence, and prints
the time of the first, a middle and the last page of the figure list as the county office sees it (every
figure highlighted in the text, REVIEW_FIGURES_PER_PAGE figures with their forms), median of 5 requests,
wall-clock and this process's CPU time (which a busy machine inflates less).
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(count: int) -> None:
    workdir = tempfile.mkdtemp(prefix="bench-review-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from reports.models import ExtractedFigure, Report
    from tracker.models import Indicator, Profile

    call_command("migrate", verbosity=0)
    from tests.factories import CountyFactory, PeriodFactory, user_with_role

    county = CountyFactory()
    user = user_with_role(Profile.Role.COUNTY_OFFICE, county)
    places = ("东关村", "西河社区", "南坪镇", "北岭村", "城关街道", "石门村")
    parts, figures, cursor = [], [], 0
    indicators = list(Indicator.objects.all()[:20])
    for n in range(count):
        head = f"{places[n % len(places)]}第{n // len(places) + 1}批次组织党员开展走访，"
        number = str(10 + n % 90)
        sentence = f"{head}解决群众急难愁盼问题{number}件。\n"
        start = cursor + len(head) + len("解决群众急难愁盼问题")
        figures.append((start, start + len(number) + 1, number))
        parts.append(sentence)
        cursor += len(sentence)
    text = "".join(parts)
    report = Report(county=county, period=PeriodFactory(), original_name="基准报告.txt", sha256="b" * 64,
                    size=len(text.encode()), uploaded_by=user, status=Report.Status.NEEDS_REVIEW, text=text,
                    format="txt", dispatch_due=False)
    report.file.save(report.sha256, ContentFile(text.encode()), save=False)
    report.save()
    ExtractedFigure.objects.bulk_create(
        ExtractedFigure(report=report, indicator=indicators[i % len(indicators)] if indicators else None,
                        value=int(number), unit="件", text=text[start:end], start=start, end=end)
        for i, (start, end, number) in enumerate(figures)
    )
    client = Client()
    client.force_login(user)
    url = reverse("report_review", args=[report.pk])
    pages = -(-count // settings.REVIEW_FIGURES_PER_PAGE)
    print(f"review page of a report with {count} figures, {len(text)} characters, "
          f"{settings.REVIEW_FIGURES_PER_PAGE} figures per page ({pages} pages)")
    for page in sorted({1, (pages + 1) // 2, pages}):
        times, cpu_times, size = [], [], 0
        for _ in range(5):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url, {"page": page})
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
            assert response.status_code == 200
            size = len(response.content)
        wall, cpu = statistics.median(times) * 1000, statistics.median(cpu_times) * 1000
        print(f"  page {page}: {wall:.0f} ms, of which CPU {cpu:.0f} ms (median of 5), {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
