"""A guidance member starts on the group's home: a card per county, the one needing a visit first; opening
a county from its card is remembered on the card."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CityFactory, CountyFactory, RectificationItemFactory, WorkingGroupFactory, user_with_role
from tracker.models import Profile

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_home_puts_the_county_needing_a_visit_first_and_remembers_a_look(live_server, browser_page, login):
    city = CityFactory(name="安康市")
    ziyang, langao = CountyFactory(name="紫阳县", parent=city), CountyFactory(name="岚皋县", parent=city)
    group = WorkingGroupFactory(name="第二巡回指导组")
    group.counties.set([ziyang, langao])
    group.members.add(user_with_role(Profile.Role.GUIDANCE, None, user__username="zhidao"))
    RectificationItemFactory(county=langao, deadline=timezone.localdate() - datetime.timedelta(days=3))
    page = browser_page

    login("zhidao")
    cards = page.locator("#county-cards .county-card")
    expect(cards).to_have_count(2)
    expect(cards.first.locator("h2")).to_contain_text("岚皋县")  # its overdue item is a red light
    expect(cards.first.locator(".card-overdue")).to_contain_text("逾期事项：1")
    expect(cards.first.locator(".card-changes")).to_contain_text("尚未从本页查看过")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "group-home.png"), full_page=True)

    cards.first.get_by_role("link", name="岚皋县").click()
    expect(page.locator("h1")).to_contain_text("岚皋县")
    page.go_back()
    page.reload()
    expect(page.locator(".county-card", has_text="岚皋县").locator(".card-changes")).to_contain_text("以来")
