"""Bulletins (通报): the Word document's ranking and red-light items, the task, the beat schedule, and who
may read which bulletin."""

import datetime
import io

import pytest
from celery import current_app
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tests.factories import FigureFactory, PeriodFactory, RectificationItemFactory
from tracker import bulletins
from tracker.models import Bulletin, ReportingPeriod
from tracker.summary import summaries_rebuild

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def week(db):
    return PeriodFactory(kind=ReportingPeriod.Kind.WEEK, start_date=TODAY - 10 * DAY, end_date=TODAY - 4 * DAY, label="第9周")


@pytest.fixture
def figures(week, county_a, county_b, city):
    """Ledgers: 甲县 closed 3 of 4 (75%), 乙县 1 of 2 (50%) with an item overdue at the week's end.
    Reports: 甲县 closed 30 of 40, 乙县 18 of 20."""
    for county, found, closed in ((county_a, 40, 30), (county_b, 20, 18)):
        FigureFactory(county=county, period=week, indicator__code="rectify_problems_found", value=found)
        FigureFactory(county=county, period=week, indicator__code="rectify_problems_closed", value=closed)
    entered = timezone.now() - 30 * DAY
    RectificationItemFactory(
        county=county_b, created_at=entered, deadline=week.end_date - DAY, ledger_number="B-7", description="村级公开栏长期未更新"
    )
    RectificationItemFactory(county=county_a, created_at=entered, deadline=week.end_date + 20 * DAY)
    for county, n in ((county_a, 3), (county_b, 1)):
        for _ in range(n):
            RectificationItemFactory(county=county, created_at=entered, status="closed", closed_date=week.start_date)
    summaries_rebuild()


def _document(bulletin):
    bulletin.refresh_from_db()
    with bulletin.file.open("rb") as f:
        return Document(io.BytesIO(f.read()))


def _table_rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_bulletin_ranks_counties_by_closure_rate_and_lists_red_light_items(figures, leader, week, city):
    bulletin = bulletins.bulletin_request(user=leader, period=week, scope=f"area:{city.pk}")
    bulletins.bulletin_build(bulletin_id=bulletin.pk)

    document = _document(bulletin)
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "名次")
    assert _table_rows(ranking) == [
        list(bulletins.RANKING_HEADINGS),
        ["1", "甲县", "汉阴市", "4", "3", "75.0%", "0", "40", "30", "75.0%"],
        ["2", "乙县", "汉阴市", "2", "1", "50.0%", "1", "20", "18", "90.0%"],
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "汉阴市主题教育工作通报（第9周）" in text
    assert "乙县：逾期1项" in text
    red = next(t for t in document.tables if t.rows[0].cells[0].text == "台账编号")
    assert _table_rows(red)[1][:2] == ["B-7", "村级公开栏长期未更新"]


def test_the_task_builds_a_requested_bulletin_and_the_page_offers_it(client, figures, leader, week, city, django_capture_on_commit_callbacks):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("bulletin_list"), {"period": week.pk, "scope": f"area:{city.pk}"})
    assert response.status_code == 302

    bulletin = Bulletin.objects.get()
    assert bulletin.status == Bulletin.Status.DONE
    page = client.get(reverse("bulletin_list")).content.decode()
    assert reverse("bulletin_download", args=[bulletin.pk]) in page
    download = client.get(reverse("bulletin_download", args=[bulletin.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert Document(io.BytesIO(b"".join(download.streaming_content))).tables


def test_a_scope_the_user_may_not_ask_for_is_refused(client, figures, leader, week, county_elsewhere):
    client.force_login(leader)
    response = client.post(reverse("bulletin_list"), {"period": week.pk, "scope": f"area:{county_elsewhere.parent_id}"})
    assert response.status_code == 200 and "您不能生成该范围的通报" in response.content.decode()
    assert not Bulletin.objects.exists()


def test_a_bulletin_is_read_by_whoever_sees_all_its_counties(week, city, county_a, county_b, leader, guide, alice, admin_user):
    city_bulletin = Bulletin.objects.create(period=week, area=city)
    group_bulletin = Bulletin.objects.create(period=week, group=guide.working_groups.get())
    everything = Bulletin.objects.create(period=week)

    assert set(bulletins.bulletins_for(leader)) == {city_bulletin}
    assert set(bulletins.bulletins_for(guide)) == {group_bulletin}
    assert set(bulletins.bulletins_for(alice)) == set()  # county offices read no bulletins
    assert set(bulletins.bulletins_for(admin_user)) == {city_bulletin, group_bulletin, everything}


def test_beat_runs_the_weekly_bulletins_on_the_configured_day_and_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["weekly-bulletins"]
    assert entry["task"] in current_app.tasks
    schedule = entry["schedule"]
    assert (schedule.day_of_week, schedule.hour, schedule.minute) == ({settings.BULLETIN_WEEKDAY}, {settings.BULLETIN_HOUR}, {0})


def test_the_scheduled_task_makes_each_bulletin_of_the_week_once(figures, week, guide, django_capture_on_commit_callbacks):
    task = current_app.tasks[settings.CELERY_BEAT_SCHEDULE["weekly-bulletins"]["task"]]
    with django_capture_on_commit_callbacks(execute=True):
        task.delay()
    with django_capture_on_commit_callbacks(execute=True):
        task.delay()

    made = Bulletin.objects.filter(period=week, requested_by__isnull=True)
    # Top-level areas: the city's province and 丙县's; one guidance group with counties.
    assert made.count() == 3
    assert {b.status for b in made} == {Bulletin.Status.DONE}


def test_a_bulletin_that_cannot_be_written_is_marked_failed_with_a_reason(figures, leader, week, city, monkeypatch, django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(bulletins, "bulletin_document", broken)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = bulletins.bulletin_request(user=leader, period=week, scope=f"area:{city.pk}")

    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.FAILED
    assert bulletin.failure_reason.startswith("生成通报时出错") and not bulletin.file


def test_equal_rates_share_a_rank_and_a_county_without_items_is_unranked(week, county_a, county_b, county_elsewhere):
    for county in (county_a, county_b):
        RectificationItemFactory(county=county, created_at=timezone.now() - 30 * DAY, deadline=None)
    summaries_rebuild()
    counties = type(county_a).objects.filter(pk__in=[county_a.pk, county_b.pk, county_elsewhere.pk])

    rows = bulletins.bulletin_rows(counties, week)

    assert [(r["county"], r["rank"]) for r in rows] == [("乙县", 1), ("甲县", 1), ("丙县", None)]
