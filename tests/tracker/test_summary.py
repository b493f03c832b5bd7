"""The per-county, per-period summary follows every ledger change and report confirmation, and always
equals an independent count of the items and figures."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from reports.models import Report
from reports.services import report_confirm
from tests.factories import PeriodFactory, RectificationItemFactory, user_with_role
from tests.reports.test_report_pipeline import upload
from tracker.services import rectification_items
from tracker.models import CountyPeriodSummary, Figure, Profile, RectificationItem
from tracker.summary import AGREEMENT_RULE, figure_agrees, figures_differ, summaries_rebuild, summary_refresh


@pytest.fixture
def months(db):
    october = PeriodFactory(start_date=datetime.date(2023, 10, 1), end_date=datetime.date(2023, 10, 31))
    november = PeriodFactory(
        campaign=october.campaign, start_date=datetime.date(2023, 11, 1), end_date=datetime.date(2023, 11, 30)
    )
    return october, november


def summary(county, period):
    return CountyPeriodSummary.objects.get(county=county, period=period)


def counted(county, period):
    """The ledger at the period's end, counted item by item in Python (independently of the summary)."""
    items = [i for i in RectificationItem.objects.filter(county=county) if i.created_at.date() <= period.end_date]

    def closed(i):
        return i.status == "closed" and (i.closed_date is None or i.closed_date <= period.end_date)

    return (
        len(items),
        sum(closed(i) for i in items),
        sum(1 for i in items if not closed(i) and i.deadline and i.deadline < period.end_date),
    )


def test_creating_and_closing_items_through_the_services_keeps_every_period_right(
    county_a, alice, months, django_capture_on_commit_callbacks
):
    october, november = months
    reviewer = user_with_role(Profile.Role.COUNTY_REVIEWER, county_a)
    item = rectification_items.rectification_item_create(
        county=county_a, actor=alice, data={"description": "窗口材料多", "deadline": datetime.date(2023, 11, 15)}
    )
    RectificationItem.objects.filter(pk=item.pk).update(created_at=datetime.datetime(2023, 10, 9, tzinfo=datetime.UTC))
    # Entered today, after both months: the refresh it triggers counts the first item (moved back to
    # October) in both months and itself in neither.
    rectification_items.rectification_item_create(county=county_a, actor=alice, data={"description": "饮水管网老化"})
    assert (summary(county_a, october).items_found, summary(county_a, november).items_found) == (1, 1)
    assert summary(county_a, november).items_overdue_open == 1
    item.refresh_from_db()
    rectification_items.rectification_item_transition(item=item, status="in_progress", actor=alice)
    rectification_items.rectification_item_transition(item=item, status="pending_review", actor=alice, closure_note="已精简")
    rectification_items.rectification_item_transition(item=item, status="closed", actor=reviewer, today=datetime.date(2023, 11, 20))
    for period in months:
        s = summary(county_a, period)
        assert (s.items_found, s.items_closed, s.items_overdue_open) == counted(county_a, period)
    assert (summary(county_a, november).items_closed, summary(county_a, november).items_overdue_open) == (1, 0)


def test_a_confirmed_report_fills_its_periods_reported_figures(
    client, alice, county_a, period, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, period)
    report = Report.objects.get()
    assert not CountyPeriodSummary.objects.filter(report__isnull=False).exists()  # parsed, not yet confirmed
    report_confirm(report=report, user=alice)
    s = summary(county_a, period)
    expected = {
        code: float(value)
        for code, value in Figure.objects.filter(report=report)
        .values_list("indicator__code")
        .annotate(Max("value"))
    }
    assert s.report == report and s.reported_values == expected
    assert (s.reported_found, s.reported_closed) == (12, 9)
    assert s.reported_differs  # the ledger is empty: 12 and 9 reported against 0 and 0


def test_an_import_refreshes_the_county(county_a, tmp_path, client, alice):
    from reports.ledger.importing import import_workbook

    today = timezone.localdate()
    this_month = PeriodFactory(start_date=today - datetime.timedelta(days=5), end_date=today + datetime.timedelta(days=25))
    RectificationItemFactory(county=county_a, ledger_number="1", description="问题甲", status="closed")
    client.force_login(alice)
    path = tmp_path / "export.xlsx"
    path.write_bytes(client.get(reverse("rectification_list") + "?export=xlsx").content)
    RectificationItem.objects.all().delete()
    summary_refresh(county=county_a)
    assert summary(county_a, this_month).items_found == 0
    import_workbook(county=county_a, kind="rectification", path=path)
    assert summary(county_a, this_month).items_found == 1


def test_the_rebuild_command_writes_a_row_per_county_and_period(county_a, county_b, months):
    RectificationItemFactory(county=county_a, deadline=datetime.date(2023, 10, 20))
    RectificationItemFactory(county=county_b, status="closed", closed_date=datetime.date(2023, 11, 2))
    CountyPeriodSummary.objects.all().delete()
    call_command("rebuild_summaries", stdout=open("/dev/null", "w"))
    assert CountyPeriodSummary.objects.count() == 4
    for county in (county_a, county_b):
        for period in months:
            s = summary(county, period)
            assert (s.items_found, s.items_closed, s.items_overdue_open) == counted(county, period)
    assert summaries_rebuild(periods=[months[0]]) == 2


def test_the_tolerance_is_items_or_a_share_of_the_ledger():
    assert figure_agrees(None, 10) and figure_agrees(13, 10) and not figure_agrees(14, 10)
    assert figure_agrees(1020, 1000) and not figure_agrees(1021, 1000)
    assert figures_differ(10, 30, 10, 10) and not figures_differ(None, None, 0, 0)
    assert "3个" in AGREEMENT_RULE and "2%" in AGREEMENT_RULE
