"""A guidance group member follows the counties assigned to the group, and only those."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    CityFactory,
    CountyFactory,
    FigureFactory,
    PeriodFactory,
    RectificationItemFactory,
    WorkingGroupFactory,
    user_with_role,
)
from tracker.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The group page's figure columns, read by heading so that further columns do not matter.
FIGURE_COLUMNS = (
    "检视查摆问题（报告）",
    "完成整改（报告）",
    "整改完成率",
    "台账问题",
    "台账已销号",
    "台账逾期",
    "台账临期",
    "报告与台账",
)


def test_a_guidance_member_sees_the_groups_counties_and_no_other(live_server, browser_page, login, read_table):
    city = CityFactory(name="安康市")
    ziyang, langao, pingli = (CountyFactory(name=name, parent=city) for name in ("紫阳县", "岚皋县", "平利县"))
    group = WorkingGroupFactory(name="第二巡回指导组")
    group.counties.set([ziyang, langao])
    group.members.add(user_with_role(Profile.Role.GUIDANCE, None, user__username="zhidao"))

    period = PeriodFactory(label="2023年11月")
    FigureFactory(county=ziyang, period=period, indicator__code="rectify_problems_found", value=30)
    FigureFactory(county=ziyang, period=period, indicator__code="rectify_problems_closed", value=12)
    today = timezone.localdate()
    past, soon = today - datetime.timedelta(days=20), today + datetime.timedelta(days=2)
    for deadline, status in ((past, "open"), (past, "in_progress"), (soon, "open"), (past, "closed")):
        RectificationItemFactory(county=ziyang, deadline=deadline, status=status)
    # The county next door has figures of its own, which the group must never see.
    FigureFactory(county=pingli, period=period, indicator__code="rectify_problems_found", value=77)
    RectificationItemFactory(county=pingli, deadline=past)
    page, base = browser_page, live_server.url

    login("zhidao")
    assert page.url == f"{base}/groups/{group.pk}/home/"  # a member of one group starts on its home
    page.goto(f"{base}/groups/")
    card = page.locator("section.card", has_text="第二巡回指导组")
    expect(card).to_contain_text("联系县：岚皋县、紫阳县")
    expect(page.locator("main")).not_to_contain_text("平利县")

    card.get_by_role("link", name="第二巡回指导组").click()
    expect(page.locator("h1")).to_contain_text("第二巡回指导组")
    table = page.locator("#group-counties")
    expect(table.locator("tbody tr")).to_have_count(2)
    shown = {row["县"]: {column: row[column] for column in FIGURE_COLUMNS} for row in read_table(table)}
    assert shown == {
        "紫阳县": dict(zip(FIGURE_COLUMNS, ["30", "12", "40.0%", "4", "1", "2", "1", "不一致"])),
        "岚皋县": dict(zip(FIGURE_COLUMNS, ["—", "—", "—", "0", "0", "0", "0", "未报告"])),
    }
    ziyang_row = table.locator("tbody tr", has_text="紫阳县")
    overdue_column = table.locator("thead th").all_inner_texts().index("台账逾期")
    expect(ziyang_row.locator("td").nth(overdue_column)).to_have_class("red")
    expect(page.locator("main")).not_to_contain_text("平利县")

    ziyang_row.get_by_role("link", name="紫阳县").click()
    expect(page.locator("h1")).to_contain_text("紫阳县")
    expect(page.locator("#ledger-found")).to_have_text("4")
    expect(page.locator("#county-lights")).to_contain_text("逾期 2")
    expect(page.locator("#county-lights")).to_contain_text("临期 1")
    expect(page.locator("main")).to_contain_text("检视查摆问题")

    response = page.goto(f"{base}/counties/{pingli.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("平利县")
