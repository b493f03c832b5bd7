"""The guidance group's home: a card per county with lights whose numbers equal an independent count."""

import datetime
import statistics

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.models import Report
from tests.factories import CountyFactory, PeriodFactory, RectificationItemFactory, WorkingGroupFactory
from tracker.services import rectification_items
from tracker.guidance_home import group_home_cards
from tracker.models import CountyLastSeen, RectificationItem, ReportingPeriod

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def last_week(db):
    return PeriodFactory(
        kind=ReportingPeriod.Kind.WEEK, start_date=TODAY - 10 * DAY, end_date=TODAY - 4 * DAY, label="上一周"
    )


def _report(county, period, uploader, status):
    return Report.objects.create(
        county=county, period=period, file=ContentFile(b"x", name="r.txt"), original_name="周报.txt",
        sha256=f"{county.pk}{status}".ljust(64, "0"), size=1, uploaded_by=uploader, status=status,
    )


@pytest.fixture
def ledgers(county_a, county_b, county_elsewhere):
    """乙县: two overdue, one due soon, one closed; 甲县 (same city): three of four closed."""
    for deadline, status in ((-5, "open"), (-1, "in_progress"), (3, "open"), (-9, "closed")):
        RectificationItemFactory(county=county_b, deadline=TODAY + deadline * DAY, status=status)
    for status in ("closed", "closed", "closed", "open"):
        RectificationItemFactory(county=county_a, deadline=TODAY + 30 * DAY, status=status)


def _independent(county):
    items = list(RectificationItem.objects.filter(county=county))
    overdue = [i for i in items if i.status != "closed" and i.deadline and i.deadline < TODAY]
    closed = [i for i in items if i.status == "closed"]
    return len(overdue), round(len(closed) / len(items) * 100, 1) if items else None


def _city_median(city):
    rates = []
    for county in city.children.all():
        items = list(RectificationItem.objects.filter(county=county))
        if items:
            rates.append(round(sum(i.status == "closed" for i in items) / len(items) * 100, 1))
    return round(statistics.median(rates), 1)


def test_cards_show_late_reports_overdue_items_and_the_rate_against_the_city_median(
    guide, ledgers, last_week, county_b, county_elsewhere, bob, city
):
    _report(county_elsewhere, last_week, bob, Report.Status.CONFIRMED)
    _report(county_b, last_week, bob, Report.Status.FAILED)  # a failed upload is no report
    group = guide.working_groups.get()

    cards = {card["county"].name: card for card in group_home_cards(guide, group)}

    assert set(cards) == {"乙县", "丙县"}
    b, elsewhere = cards["乙县"], cards["丙县"]
    assert (b["report_late"], elsewhere["report_late"]) == (True, False)
    assert (b["overdue"], b["closure_rate"]) == _independent(county_b)
    assert b["city_median_rate"] == _city_median(city)
    assert b["lights"] == {"report": "red", "overdue": "red", "rate": "yellow"}
    assert elsewhere["lights"] == {"report": "green", "overdue": "green", "rate": None}
    assert [card["county"].name for card in group_home_cards(guide, group)] == ["乙县", "丙县"]  # most red first


def test_without_a_week_that_ended_no_report_is_late(guide, county_b):
    card = group_home_cards(guide, guide.working_groups.get())[0]
    assert (card["report_late"], card["lights"]["report"]) == (False, None)


def test_opening_a_county_from_the_home_resets_what_changed_since(client, guide, county_b, bob):
    group = guide.working_groups.get()
    rectification_items.rectification_item_create(county=county_b, actor=bob, data={"description": "窗口排长队"}, reason="")

    def changes():
        return {c["county"].name: c["changes"]["ledger_changes"] for c in group_home_cards(guide, group)}

    assert changes()["乙县"] == 1  # never looked: everything counts
    client.force_login(guide)
    response = client.get(reverse("group_county_open", args=[group.pk, county_b.pk]))
    assert response.url == reverse("county_detail", args=[county_b.pk])
    assert CountyLastSeen.objects.filter(user=guide, group=group, county=county_b).exists()
    assert changes()["乙县"] == 0

    rectification_items.rectification_item_create(county=county_b, actor=bob, data={"description": "材料重复报送"}, reason="")
    assert changes()["乙县"] == 1


def test_a_county_not_of_the_group_cannot_be_opened_from_it(client, guide, county_a, leader):
    group = guide.working_groups.get()
    client.force_login(leader)  # sees county_a, but the group does not supervise it
    assert client.get(reverse("group_county_open", args=[group.pk, county_a.pk])).status_code == 404


def test_the_home_page_draws_a_card_per_county(client, guide, ledgers, last_week):
    client.force_login(guide)
    page = client.get(reverse("group_home", args=[guide.working_groups.get().pk])).content.decode()
    assert page.count('class="county-card') == 2
    assert "本周报告：未报送" in page and "逾期事项：2" in page


def _queries_for(n_counties, guide, city):
    group = WorkingGroupFactory()
    group.members.add(guide)
    for _ in range(n_counties):
        county = CountyFactory(parent=city)
        group.counties.add(county)
        RectificationItemFactory(county=county, deadline=TODAY - DAY)
    with CaptureQueriesContext(connection) as queries:
        cards = group_home_cards(guide, group)
    assert len(cards) == n_counties
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_counties(guide, city, last_week):
    guide._campaign_profile = guide.profile  # the profile is read once per request, outside the count
    assert _queries_for(3, guide, city) == _queries_for(30, guide, city)


def test_a_card_counts_approved_deadline_extensions_and_the_light_follows_the_new_deadline(
    guide, ledgers, last_week, county_b, bob
):
    from tracker.services.deadline_extensions import deadline_extension_decide, deadline_extension_request

    group = guide.working_groups.get()
    overdue = RectificationItem.objects.filter(county=county_b, status="open", deadline__lt=TODAY).get()
    other = RectificationItem.objects.filter(county=county_b, status="in_progress").get()
    approved = deadline_extension_request(item=overdue, actor=bob, requested_deadline=TODAY + 20 * DAY, reason="需招标")
    deadline_extension_decide(extension=approved, actor=guide, status="approved")
    refused = deadline_extension_request(item=other, actor=bob, requested_deadline=TODAY + 20 * DAY, reason="人手不足")
    deadline_extension_decide(extension=refused, actor=guide, status="refused", note="理由不充分")

    card = next(c for c in group_home_cards(guide, group) if c["county"] == county_b)

    assert card["extensions"] == 1
    assert card["overdue"] == _independent(county_b)[0] == 1  # the approved one is no longer overdue
