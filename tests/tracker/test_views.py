from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import RectificationItemFactory
from tracker.models import Figure, Indicator
from tracker.summary import summary_refresh


def put_figure(county, period, code, value):
    """A confirmed report's figure, and the county's period summary that follows it."""
    figure = Figure.objects.create(
        county=county,
        period=period,
        indicator=Indicator.objects.get(code=code),
        value=Decimal(value),
        source=Figure.Source.REPORT,
    )
    summary_refresh(county=county, periods=[period])
    return figure


def test_leader_chart_holds_only_counties_under_their_area(
    client, leader, county_a, county_b, county_elsewhere, period
):
    put_figure(county_a, period, "rectify_problems_found", 40)
    put_figure(county_a, period, "rectify_problems_closed", 30)
    put_figure(county_elsewhere, period, "rectify_problems_found", 99)
    client.force_login(leader)
    data = client.get(reverse("comparison_chart_json")).json()
    assert data["labels"] == ["甲县", "乙县"]
    assert data["datasets"][2]["data"] == [40, None]  # reported found
    assert data["datasets"][3]["data"] == [30, None]  # reported closed


def test_comparison_table_shows_closure_rate_and_ledger_counts(client, leader, county_a, period):
    put_figure(county_a, period, "rectify_problems_found", 40)
    put_figure(county_a, period, "rectify_problems_closed", 30)
    RectificationItemFactory(county=county_a, status="closed")
    RectificationItemFactory(county=county_a)
    client.force_login(leader)
    page = client.get(reverse("comparison")).content.decode()
    assert "75.0%" in page
    assert "整改完成率（报告）" in page and "销号率（台账）" in page
    assert 'id="comparison-chart"' in page


def test_chart_uses_the_latest_period(client, leader, county_a, period):
    from tests.factories import PeriodFactory

    later = PeriodFactory(campaign=period.campaign)
    put_figure(county_a, period, "rectify_problems_found", 10)
    put_figure(county_a, later, "rectify_problems_found", 25)
    client.force_login(leader)
    data = client.get(reverse("comparison_chart_json")).json()
    assert data["datasets"][2]["data"][data["labels"].index("甲县")] == 25


@pytest.mark.parametrize("who, status", [("alice", 200), ("bob", 404), ("charlie", 404), ("leader", 200)])
def test_county_page_access(client, request, county_a, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("county_detail", args=[county_a.pk])).status_code == status


def test_guidance_member_sees_assigned_counties_in_group_page(client, guide, county_a, county_b):
    client.force_login(guide)
    group = guide.working_groups.get()
    page = client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert "乙县" in page and "甲县" not in page
    assert client.get(reverse("county_detail", args=[county_a.pk])).status_code == 404


def test_other_users_cannot_open_a_group_page(client, guide, alice):
    client.force_login(alice)
    assert client.get(reverse("group_detail", args=[guide.working_groups.get().pk])).status_code == 404


def test_home_sends_county_staff_to_their_county(client, alice, county_a):
    client.force_login(alice)
    assert client.get(reverse("home")).url == reverse("county_detail", args=[county_a.pk])


@pytest.mark.parametrize("who, target", [("leader", "comparison"), ("guide", "group_list")])
def test_home_sends_supervisors_to_their_overview(client, request, who, target):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("home")).url == reverse(target)


def test_login_is_required(client):
    response = client.get(reverse("comparison"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_trend_carries_a_silent_county_forward_and_stays_in_scope(
    client, leader, county_a, county_b, county_elsewhere, period
):
    from tests.factories import PeriodFactory

    later = PeriodFactory(campaign=period.campaign)
    put_figure(county_a, period, "rectify_problems_found", 10)
    put_figure(county_b, period, "rectify_problems_found", 5)
    put_figure(county_a, later, "rectify_problems_found", 25)  # county_b silent in the later period
    put_figure(county_elsewhere, later, "rectify_problems_found", 1000)
    client.force_login(leader)
    data = client.get(reverse("comparison_trend_json")).json()
    assert data["labels"] == [period.label, later.label]
    assert data["datasets"][0]["data"] == [15, 30]
    assert data["datasets"][1]["data"] == [0, 0]


def test_a_county_out_of_scope_shows_a_chinese_not_found_page(client, alice, county_b):
    client.force_login(alice)
    response = client.get(reverse("county_detail", args=[county_b.pk]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
