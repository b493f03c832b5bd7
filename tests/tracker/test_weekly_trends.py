"""Weekly trends: cumulative figures at each week's end, week-on-week change, decreases marked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CampaignFactory, FigureFactory, PeriodFactory, RectificationItemFactory
from tracker.dashboards.trends import weekly_trend, weeks_of
from tracker.models import RectificationItem, ReportingPeriod
from tracker.summary import summaries_rebuild

FOUND, CLOSED = "rectify_problems_found", "rectify_problems_closed"
MONDAY = datetime.date(2023, 10, 2)


@pytest.fixture
def weeks(db):
    campaign = CampaignFactory()
    return [
        PeriodFactory(
            campaign=campaign,
            kind=ReportingPeriod.Kind.WEEK,
            start_date=MONDAY + datetime.timedelta(weeks=n),
            end_date=MONDAY + datetime.timedelta(weeks=n, days=6),
            label=f"第{n + 1}周",
        )
        for n in range(3)
    ]


def _item(county, entered, *, closed=None, deadline=None):
    created = timezone.make_aware(datetime.datetime.combine(entered, datetime.time(10)))
    status = RectificationItem.Status.CLOSED if closed else RectificationItem.Status.OPEN
    return RectificationItemFactory(county=county, created_at=created, status=status, closed_date=closed, deadline=deadline)


@pytest.fixture
def reported(weeks, county_a, county_b):
    """甲县 reports 10, 12, then 9 problems found (a decrease); 乙县 reports 4 in week 1, then nothing
    until 6 in week 3."""
    w1, w2, w3 = weeks
    for county, week, found, closed in (
        (county_a, w1, 10, 2),
        (county_a, w2, 12, 5),
        (county_a, w3, 9, 5),
        (county_b, w1, 4, 1),
        (county_b, w3, 6, 3),
    ):
        FigureFactory(county=county, period=week, indicator__code=FOUND, value=found)
        FigureFactory(county=county, period=week, indicator__code=CLOSED, value=closed)
    day = datetime.timedelta(days=1)
    _item(county_a, w1.start_date, closed=w2.start_date, deadline=w1.end_date)
    _item(county_a, w1.start_date, deadline=w1.end_date - day)
    _item(county_a, w2.start_date + day)
    _item(county_b, w3.start_date, closed=w3.start_date + day)
    summaries_rebuild()
    return weeks


def _ledger_at(counties, end):
    """The independent count: the ledger's items walked one by one."""
    items = [i for i in RectificationItem.objects.filter(county__in=counties) if i.created_at.date() <= end]
    closed = [i for i in items if i.status == "closed" and i.closed_date <= end]
    overdue = [i for i in items if i.deadline and i.deadline < end and i not in closed]
    return len(items), len(closed), len(overdue)


def test_an_area_trend_sums_cumulative_figures_and_carries_a_silent_county_forward(reported, county_a, county_b):
    trend = weekly_trend([county_a, county_b], reported)

    found = [(row["values"]["reported_found"]["value"], row["values"]["reported_found"]["change"]) for row in trend["weeks"]]
    assert found == [(14, None), (16, 2), (15, -1)]  # 乙县's 4 counts in week 2, when it did not report
    closed = [row["values"]["reported_closed"]["value"] for row in trend["weeks"]]
    assert closed == [3, 6, 8]
    for row in trend["weeks"]:
        ledger = tuple(row["values"][key]["value"] for key in ("found", "closed", "overdue"))
        assert ledger == _ledger_at([county_a, county_b], row["period"].end_date)


def test_a_cumulative_figure_that_went_down_is_marked_for_the_area_and_named_for_its_county(reported, county_a, county_b):
    trend = weekly_trend([county_a, county_b], reported)

    marked = [[key for key, cell in row["values"].items() if cell["decreased"]] for row in trend["weeks"]]
    assert marked == [[], [], ["reported_found"]]
    assert [(d["period"].label, d["county"], d["label"], d["before"], d["after"]) for d in trend["decreases"]] == [
        ("第3周", "甲县", "检视查摆问题（报告）", 12, 9)
    ]


def test_a_county_trend_counts_that_county_only(reported, county_b):
    trend = weekly_trend([county_b], reported)

    assert [row["values"]["reported_found"]["value"] for row in trend["weeks"]] == [4, 4, 6]
    assert [row["values"]["found"]["value"] for row in trend["weeks"]] == [0, 0, 1]
    assert trend["decreases"] == []


def test_a_monthly_report_counts_in_the_weeks_after_its_month_ended(weeks, county_a):
    september = PeriodFactory(
        campaign=weeks[0].campaign, start_date=datetime.date(2023, 9, 1), end_date=datetime.date(2023, 9, 30)
    )
    FigureFactory(county=county_a, period=september, indicator__code=FOUND, value=7)
    FigureFactory(county=county_a, period=weeks[1], indicator__code=FOUND, value=11)
    summaries_rebuild()

    trend = weekly_trend([county_a], weeks)

    assert [row["values"]["reported_found"]["value"] for row in trend["weeks"]] == [7, 11, 11]


def test_the_weeks_are_those_of_the_campaign_that_have_begun(weeks):
    assert weeks_of(weeks[0].campaign, today=weeks[1].start_date) == weeks[:2]


def test_the_trend_page_shows_the_users_area_with_decreases_marked(client, leader, reported, city):
    client.force_login(leader)

    page = client.get(reverse("weekly_trend"), {"area": city.pk}).content.decode()

    assert "按周趋势" in page and "汉阴市" in page
    assert page.count('class="decrease"') == 2  # the week's cell and the county's line
    assert "15 （-1） 减少" in page


def test_the_trend_json_is_chart_ready(client, leader, reported, city):
    client.force_login(leader)

    data = client.get(reverse("weekly_trend_json"), {"area": city.pk}).json()

    assert data["labels"] == ["第1周", "第2周", "第3周"]
    found = next(ds for ds in data["datasets"] if ds["label"] == "检视查摆问题（报告）")
    assert (found["data"], found["decreased"]) == ([14, 16, 15], [False, False, True])


def test_a_county_or_area_outside_the_scope_is_not_found(client, alice, county_b, city, reported):
    client.force_login(alice)

    assert client.get(reverse("weekly_trend"), {"county": county_b.pk}).status_code == 404
    assert client.get(reverse("weekly_trend_json"), {"county": county_b.pk}).status_code == 404


def test_a_malformed_filter_shows_the_whole_scope(client, alice, reported):
    client.force_login(alice)

    response = client.get(reverse("weekly_trend"), {"county": "甲", "area": "1;drop"})

    assert response.status_code == 200 and "全部可见县" in response.content.decode()


def test_the_trend_page_leads_down_the_area_tree_to_one_county(client, leader, reported, city, county_a, county_b):
    client.force_login(leader)

    top = client.get(reverse("weekly_trend")).content.decode()
    assert f'href="?area={city.parent_id}"' in top
    page = client.get(reverse("weekly_trend"), {"area": city.pk}).content.decode()
    assert f'href="?county={county_a.pk}"' in page and f'href="?county={county_b.pk}"' in page


def test_the_campaign_is_chosen_in_the_url_and_shows_its_weeks(client, leader, reported, city, county_a):
    later = CampaignFactory(name="后一批主题教育", start_date=datetime.date(2024, 3, 1))
    PeriodFactory(
        campaign=later, kind=ReportingPeriod.Kind.WEEK, start_date=datetime.date(2024, 3, 4),
        end_date=datetime.date(2024, 3, 10), label="后一批第1周",
    )
    earlier = reported[0].campaign
    client.force_login(leader)

    default = client.get(reverse("weekly_trend"), {"area": city.pk}).context
    assert default["campaign"] == later  # the campaign of the latest week that has begun
    assert [row["period"].label for row in default["trend"]["weeks"]] == ["后一批第1周"]

    response = client.get(reverse("weekly_trend"), {"campaign": earlier.pk, "area": city.pk})
    page = response.content.decode()
    assert [row["period"].label for row in response.context["trend"]["weeks"]] == ["第1周", "第2周", "第3周"]
    assert f'<option value="{earlier.pk}" selected>' in page and "后一批第1周" not in page
    assert f'href="?campaign={earlier.pk}&amp;county={county_a.pk}"' in page  # kept on the way down
    chart = client.get(reverse("weekly_trend_json"), {"campaign": earlier.pk, "area": city.pk}).json()
    assert chart["labels"] == ["第1周", "第2周", "第3周"]
    stale = client.get(reverse("weekly_trend"), {"campaign": "999999", "area": city.pk}).context
    assert stale["campaign"] == later
