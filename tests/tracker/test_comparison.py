"""The comparison: ranking, sources, filters in the URL, exports, the area filter, and the acceptance
checks (queries do not grow with the counties; the numbers equal an independent count of the scope)."""
import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import CountyFactory, PeriodFactory, RectificationItemFactory, user_with_role
from tracker.models import Area, Figure, Indicator, Profile, RectificationItem
from tracker.summary import AGREEMENT_RULE, summaries_rebuild

ENTERED = datetime.datetime(2023, 1, 2, tzinfo=datetime.UTC)


def report(county, period, **values):
    for code, value in values.items():
        Figure.objects.create(
            county=county, period=period, indicator=Indicator.objects.get(code=code), value=Decimal(value),
            source=Figure.Source.REPORT,
        )


def ledger(county, found, closed, deadline=None):
    for n in range(found):
        RectificationItemFactory(
            county=county,
            created_at=ENTERED,
            status="closed" if n < closed else "open",
            closed_date=datetime.date(2023, 1, 3) if n < closed else None,
            deadline=deadline,
        )


def table_rows(page):
    body = re.search(r'<table[^>]*id="comparison-table".*?<tbody[^>]*>(.*?)</tbody>', page, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    cells = (re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in cells]


def test_counties_rank_by_the_ledgers_closure_rate_and_chart_and_table_agree(client, leader, city, county_a, county_b, period):
    county_c = CountyFactory(name="丁县", parent=city)
    ledger(county_a, 4, 1)  # 25%
    ledger(county_c, 4, 3)  # 75%
    report(county_c, period, rectify_problems_found=4, rectify_problems_closed=3)
    summaries_rebuild()
    client.force_login(leader)
    page = client.get(reverse("comparison")).content.decode()
    rows = table_rows(page)
    assert [r[:2] for r in rows] == [["1", "丁县"], ["2", "甲县"], ["3", "乙县"]]
    assert [r[8] for r in rows] == ["75.0%", "25.0%", "—"]
    assert [r[-1] for r in rows] == ["一致", "未报告", "未报告"]
    assert AGREEMENT_RULE in page
    chart = client.get(reverse("comparison_chart_json")).json()
    assert chart["labels"] == ["丁县", "甲县", "乙县"]
    assert chart["datasets"][0]["data"] == [4, 4, 0] and chart["datasets"][2]["data"] == [4, None, None]


def test_each_number_names_its_source(client, leader, county_a, period):
    ledger(county_a, 2, 1)
    report(county_a, period, rectify_problems_found=2)
    summaries_rebuild()
    client.force_login(leader)
    page = client.get(reverse("comparison")).content.decode()
    assert "检视问题（报告）" in page and "问题数（台账）" in page
    assert f'{reverse("rectification_list")}?county={county_a.pk}' in page and "来源：整改台账逐条统计" in page


def test_filters_live_in_the_url_and_bad_values_fall_back(client, leader, county_a, period):
    later = PeriodFactory(campaign=period.campaign)
    ledger(county_a, 3, 1)
    report(county_a, later, rectify_problems_found=3, org_members=12000)
    summaries_rebuild()
    client.force_login(leader)
    members = Indicator.objects.get(code="org_members")
    url = reverse("comparison") + f"?period={later.pk}&since={period.pk}&indicator={members.pk}&measure=per_thousand"
    page = client.get(url).content.decode()
    row = table_rows(page)[0]
    assert "党员数（每千名党员·报告）" in page and "区间新增问题（每千名党员·台账）" in page
    # county_a has 11,000 members: 3 items are 0.3 per thousand; 12,000 members reported are 1090.9.
    assert row[6] == "0.3" and "1090.9" in row, "|".join(row)
    bad = client.get(reverse("comparison") + "?period=abc&since=999999&area=999999&kind=year&indicator=x")
    assert bad.status_code == 200 and "部分筛选条件有误" in bad.content.decode()
    assert table_rows(bad.content.decode())[0][1] == "甲县"


def test_the_area_filter_is_a_cascade_and_a_search_within_the_scope(
    client, leader, city, county_a, county_elsewhere, period
):
    national = user_with_role(Profile.Role.LEADERSHIP, None)
    root = Area.objects.create(name="全国", level=Area.Level.NATION)
    for province in Area.objects.filter(level=Area.Level.PROVINCE):
        province.parent = root
        province.save()
    national.profile.area = root
    national.profile.save()
    client.force_login(national)
    page = client.get(reverse("comparison") + f"?area={root.pk}").content.decode()
    assert "<select" not in page.split('id="area-filter"')[1].split("</div>")[0]  # links, not a long list
    assert city.parent.name in page
    city_page = client.get(reverse("comparison") + f"?area={city.pk}").content.decode()
    assert [r[1] for r in table_rows(city_page)] == ["甲县"]
    found = client.get(reverse("comparison_area_search") + "?q=汉阴").json()["areas"]
    assert [(a["name"], a["trail"]) for a in found] == [("汉阴市", f"全国 / {city.parent.name}")]
    client.force_login(leader)  # the city's leader finds nothing outside it
    assert client.get(reverse("comparison_area_search") + f"?q={county_elsewhere.name}").json()["areas"] == []
    assert "无权查看" in client.get(reverse("comparison") + f"?area={county_elsewhere.pk}").content.decode()


def test_exports_hold_every_row_of_the_filtered_comparison(client, leader, county_a, county_b, period):
    ledger(county_a, 2, 2)
    summaries_rebuild()
    client.force_login(leader)
    text = client.get(reverse("comparison") + "?export=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["排名", "县"] and [r[1] for r in rows[1:]] == ["甲县", "乙县"]
    assert rows[1][6:9] == ["2", "2", "100.0"]
    sheet = load_workbook(io.BytesIO(client.get(reverse("comparison") + "?export=xlsx").content)).active
    assert [c.value for c in sheet["B"]][1:] == ["甲县", "乙县"]


def _counties_under(leader_user, n):
    city = leader_user.profile.area
    for i in range(n):
        county = CountyFactory(name=f"第{i}县", parent=city)
        ledger(county, 3, i % 4, deadline=datetime.date(2023, 1, 1))
    summaries_rebuild()


@pytest.mark.parametrize(
    "url",
    [
        reverse("comparison"),
        reverse("comparison") + "?measure=per_thousand&indicator=1&sort=-items_found",
        reverse("comparison_chart_json"),
        reverse("comparison") + "?export=csv",
    ],
)
def test_queries_do_not_grow_with_the_counties(client, city, period, url):
    counts = []
    for n in (3, 30):
        RectificationItem.objects.all().delete()
        Area.objects.filter(level=Area.Level.COUNTY).delete()
        leader_user = user_with_role(Profile.Role.LEADERSHIP, city)
        _counties_under(leader_user, n)
        client.force_login(leader_user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_chart_equals_an_independent_count_of_the_users_scope(client, leader, city, county_elsewhere, period):
    _counties_under(leader, 7)
    ledger(county_elsewhere, 5, 5)  # outside the leader's city
    summaries_rebuild()
    client.force_login(leader)
    chart = client.get(reverse("comparison_chart_json")).json()
    expected = {}
    for item in RectificationItem.objects.all():
        if item.county.parent_id == city.pk:
            found, closed = expected.get(item.county.name, (0, 0))
            expected[item.county.name] = (found + 1, closed + (item.status == "closed"))
    drawn = dict(zip(chart["labels"], zip(chart["datasets"][0]["data"], chart["datasets"][1]["data"])))
    assert drawn == expected
