"""Every role walks the top navigation: what each one sees and does not see. A screenshot of every page
is kept in ARTIFACTS, whether the test passes or not, so a person can look at what each role meets."""

import pytest
from playwright.sync_api import expect

from tests.factories import CityFactory, CountyFactory, UserFactory, WorkingGroupFactory, user_with_role
from tracker.models import Profile, WorkingGroup

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EVERYONE = ["首页", "进展报告", "整改台账", "学习活动", "调研课题"]
SUPERVISORS = EVERYONE + ["各县对比", "指导组"]


@pytest.fixture
def people():
    city = CityFactory(name="汉江市")
    chengguan, shiquan = CountyFactory(name="城关县", parent=city), CountyFactory(name="石泉县", parent=city)
    group = WorkingGroupFactory(name="第一巡回指导组", kind=WorkingGroup.Kind.GUIDANCE)
    group.counties.set([chengguan, shiquan])
    guide = user_with_role(Profile.Role.GUIDANCE, None, user__username="guidance")
    group.members.add(guide)
    user_with_role(Profile.Role.COUNTY_OFFICE, chengguan, user__username="chengguan")
    user_with_role(Profile.Role.COUNTY_REVIEWER, chengguan, user__username="chengguan_review")
    user_with_role(Profile.Role.LEADERSHIP, city, user__username="hanjiang")
    UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "username, links, start_heading",
    [
        ("admin", SUPERVISORS + ["触发词建议", "管理后台"], "各县检视问题与整改完成情况"),
        ("hanjiang", SUPERVISORS, "各县检视问题与整改完成情况"),
        ("guidance", SUPERVISORS, "巡回指导组与联络组"),
        ("chengguan", EVERYONE, "城关县"),
        ("chengguan_review", EVERYONE, "城关县"),
    ],
)
def test_each_role_walks_its_navigation(people, live_server, browser_page, login, username, links, start_heading):
    page = browser_page
    login(username)
    expect(page.locator("h1")).to_contain_text(start_heading)
    nav = page.locator("header nav a")
    expect(nav).to_have_text(links)
    if username.startswith("chengguan"):
        expect(page.locator("#supervising-groups")).to_have_text("督导本县：第一巡回指导组")
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(links):
        page.locator("header nav").get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTIFACTS / f"roles-{username}-{index}.png"), full_page=True)
        if name == "管理后台":
            expect(page.locator("#site-name")).to_be_visible()  # Django's admin, in its own layout
            page.go_back()
        expect(page.locator("header nav a")).to_have_count(len(links))
    assert failed == []  # no page, script, style or icon is missing
