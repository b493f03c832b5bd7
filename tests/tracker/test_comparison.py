"""The comparison: one order for chart and table, and a county without a report says 未报告."""
import re
from decimal import Decimal

from django.urls import reverse

from tests.factories import CountyFactory, RectificationItemFactory
from tracker.models import Figure, Indicator


def report(county, period, found, closed):
    for code, value in (("rectify_problems_found", found), ("rectify_problems_closed", closed)):
        Figure.objects.create(
            county=county, period=period, indicator=Indicator.objects.get(code=code), value=Decimal(value),
            source=Figure.Source.MANUAL,
        )


def table_rows(page):
    body = re.search(r'<table[^>]*id="comparison-table".*?<tbody[^>]*>(.*?)</tbody>', page, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    cells = (re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in cells]


def test_chart_and_table_rank_counties_the_same_way_unreported_last(client, leader, city, county_a, county_b, period):
    county_c = CountyFactory(name="丁县", parent=city)
    report(county_a, period, 40, 10)  # 25%
    report(county_c, period, 20, 15)  # 75%
    RectificationItemFactory(county=county_b)
    client.force_login(leader)
    chart = client.get(reverse("comparison_chart_json")).json()
    rows = table_rows(client.get(reverse("comparison")).content.decode())
    assert chart["labels"] == ["丁县", "甲县", "乙县（未报告）"]
    assert [r[1] for r in rows] == ["丁县", "甲县", "乙县"]
    assert [r[4] for r in rows] == ["75.0%", "25.0%", "—"]


def test_a_county_without_a_report_shows_not_reported_rather_than_agreeing(client, leader, county_a, county_b, period):
    report(county_a, period, 2, 1)
    RectificationItemFactory(county=county_a, status="closed")
    RectificationItemFactory(county=county_a)
    RectificationItemFactory(county=county_b)
    client.force_login(leader)
    rows = {r[1]: r[-1] for r in table_rows(client.get(reverse("comparison")).content.decode())}
    assert rows == {"甲县": "一致", "乙县": "未报告"}


def test_the_group_page_says_not_reported_too(client, guide, county_b):
    client.force_login(guide)
    group = guide.working_groups.get()
    page = client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert '<span class="muted">未报告</span>' in page and "一致" not in page
