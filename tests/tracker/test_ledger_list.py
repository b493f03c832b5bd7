"""The ledger list at national size: indexed sorts, pages without a full count, capped light totals, and
a county filter that searches instead of listing every county."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CountyFactory, ProvinceFactory, RectificationItemFactory, user_with_role
from tracker.selectors import lights, records
from tracker.models import Profile


def _numbers(page, numbers):
    return sorted(numbers, key=lambda n: page.index(f">{n}</a>"))


def test_items_of_one_deadline_keep_one_order_across_pages(client, alice, county_a):
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    items = [RectificationItemFactory(county=county_a, ledger_number=f"N{i:03}", deadline=deadline) for i in range(60)]
    client.force_login(alice)
    first = client.get(reverse("rectification_list")).content.decode()
    second = client.get(reverse("rectification_list"), {"page": 2}).content.decode()
    shown_first = [i.ledger_number for i in items if f">{i.ledger_number}</a>" in first]
    shown_second = [i.ledger_number for i in items if f">{i.ledger_number}</a>" in second]
    # Same deadline: the id breaks the tie, so the pages split the items in creation order.
    assert shown_first == [i.ledger_number for i in items[:50]] and shown_second == [i.ledger_number for i in items[50:]]
    assert _numbers(first, shown_first) == shown_first


def test_the_list_pages_without_counting_the_whole_list(client, alice, county_a):
    for i in range(51):
        RectificationItemFactory(county=county_a, ledger_number=f"P{i:03}")
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("rectification_list")).content.decode()
    assert "下一页" in page and "上一页" not in page
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts)
    page = client.get(reverse("rectification_list"), {"page": 2}).content.decode()
    assert "上一页" in page and "下一页" not in page and ">P050</a>" in page


def test_light_totals_stop_counting_at_the_cap(client, alice, county_a, monkeypatch):
    monkeypatch.setattr(lights, "LIGHT_COUNT_CAP", 2)
    overdue = timezone.localdate() - datetime.timedelta(days=3)
    for i in range(3):
        RectificationItemFactory(county=county_a, ledger_number=f"R{i}", deadline=overdue)
    RectificationItemFactory(county=county_a, ledger_number="C", deadline=overdue, status="closed")
    client.force_login(alice)
    page = client.get(reverse("rectification_list")).content.decode()
    totals = page[page.index('id="light-totals"') : page.index("</dl>")]
    assert "<dd>2+</dd>" in totals and "<dd>1</dd>" in totals and "<dd>0</dd>" in totals


def test_every_light_filter_matches_the_light_shown(alice, county_a):
    today = timezone.localdate()
    for days in (-5, -1, 0, 7, 8, None):
        deadline = None if days is None else today + datetime.timedelta(days=days)
        RectificationItemFactory(county=county_a, deadline=deadline)
        RectificationItemFactory(county=county_a, deadline=deadline, status="closed")
    items = records.rectification_items_for(alice)
    for light in lights.LIGHTS:
        by_filter = set(items.filter(lights.light_filter(light)).values_list("pk", flat=True))
        by_label = {i.pk for i in items if i.light == light}
        assert by_filter == by_label


@pytest.fixture
def nation_of_counties(db):
    province = ProvinceFactory(name="秦岭省")
    return [CountyFactory(name=f"测试{i}县", parent=province) for i in range(30)]


def test_the_county_filter_searches_by_name_and_lists_no_counties(client, nation_of_counties):
    province = nation_of_counties[0].parent
    leader = user_with_role(Profile.Role.LEADERSHIP, province)
    RectificationItemFactory(county=nation_of_counties[12], ledger_number="T12")
    RectificationItemFactory(county=nation_of_counties[3], ledger_number="T3")
    client.force_login(leader)
    page = client.get(reverse("rectification_list"), {"county": "测试12"}).content.decode()
    assert ">T12</a>" in page and ">T3</a>" not in page
    assert "测试29县" not in page  # no list of every county in the scope
    # A county page links with the county's id: the box shows its name.
    page = client.get(reverse("rectification_list"), {"county": nation_of_counties[3].pk}).content.decode()
    assert ">T3</a>" in page and ">T12</a>" not in page and 'value="测试3县"' in page


def test_the_county_search_offers_only_counties_in_scope(client, alice, bob, county_a, county_elsewhere, leader):
    client.force_login(alice)
    assert client.get(reverse("county_search"), {"q": "县"}).json()["counties"] == [
        {"id": county_a.pk, "name": "甲县", "city": "汉阴市"}
    ]
    client.force_login(leader)
    names = [c["name"] for c in client.get(reverse("county_search"), {"q": "汉阴"}).json()["counties"]]
    assert sorted(names) == ["乙县", "甲县"]
    assert client.get(reverse("county_search"), {"q": "丙"}).json()["counties"] == []


def test_the_county_search_needs_a_login(client):
    assert client.get(reverse("county_search"), {"q": "县"}).status_code == 302


def test_a_list_of_one_light_counts_only_that_light(client, alice, lit_pair):
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("rectification_list"), {"light": "red"}).content.decode()
    totals = page[page.index('id="light-totals"') : page.index("</dl>")]
    assert totals.count("<dd>1</dd>") == 1 and totals.count("<dd>0</dd>") == 2
    assert len([q for q in queries if "COUNT(" in q["sql"].upper()]) == 1


@pytest.fixture
def lit_pair(county_a):
    today = timezone.localdate()
    RectificationItemFactory(county=county_a, ledger_number="R", deadline=today - datetime.timedelta(days=1))
    RectificationItemFactory(county=county_a, ledger_number="G", deadline=today + datetime.timedelta(days=30))
