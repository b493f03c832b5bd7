"""A county office imports its Excel ledger and walks one problem to 已销号 with the county's reviewer."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CountyFactory, user_with_role
from tests.reports.ledger.workbooks import messy_ledger
from tracker.models import Profile, RectificationItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_office_imports_a_ledger_and_a_reviewer_closes_a_problem(
    live_server, browser_page, login, read_table, tmp_path
):
    county = CountyFactory(name="石泉县")
    user_with_role(Profile.Role.COUNTY_OFFICE, county, user__username="shiquan")
    user_with_role(Profile.Role.COUNTY_REVIEWER, county, user__username="shiquan_review")
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=3)
    # The office's own layout (title row, merged two-row header, dates written four ways); row 3 falls due
    # in three days so the ledger shows a yellow light beside the red ones.
    workbook = messy_ledger(
        tmp_path / "石泉县整改台账.xlsx", deadline_of_row_3=f"{soon.year}年{soon.month}月{soon.day}日"
    )
    page, base = browser_page, live_server.url

    login("shiquan")
    expect(page.locator("h1")).to_contain_text("石泉县")
    page.locator("header nav").get_by_role("link", name="整改台账").click()
    page.get_by_role("link", name="从 Excel 导入").click()
    expect(page.locator("#id_kind")).to_have_value("rectification")
    page.set_input_files("#id_file", str(workbook))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#import-status")).to_have_text("待确认")
    expect(page.locator("#count-create")).to_have_text("5")
    expect(page.locator("#count-update")).to_have_text("0")
    expect(page.locator("#count-errors")).to_have_text("0")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#import-status")).to_have_text("已导入")
    expect(page.get_by_text("已新建")).to_be_visible()

    page.locator("header nav").get_by_role("link", name="整改台账").click()
    table = page.locator("#rectification-table")
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(page.locator("#light-totals dd")).to_have_text(["4", "1", "0"])
    rows = {row["问题描述"]: row for row in read_table(table)}
    assert [rows["农村供水管网老化"][c] for c in ("预警", "整改时限")] == ["● 临期", soon.isoformat()]
    assert [rows["理论学习联系实际不够"][c] for c in ("预警", "整改时限")] == ["● 逾期", "2023-11-30"]
    assert [rows["办事窗口材料要求过多"][c] for c in ("责任单位", "整改时限")] == ["县行政审批服务局", "2023-12-15"]
    assert {row["整改状态"] for row in rows.values()} == {"未整改"}

    table.locator("tr", has_text="理论学习联系实际不够").get_by_role("link", name="1", exact=True).click()
    heading = page.locator("h1")
    expect(heading).to_contain_text("逾期 · 未整改")
    page.get_by_role("button", name="开始整改").click()
    expect(page.locator(".messages")).to_have_text("整改状态已变为“整改中”。")
    # The browser lets a blank-looking note through; the server still asks for what was done.
    page.fill("#note-pending_review", "   ")
    page.get_by_role("button", name="提交审核（申请销号）").click()
    expect(page.locator(".messages")).to_have_text("提交审核前请填写整改完成情况（销号说明）。")
    expect(heading).to_contain_text("整改中")
    page.fill("#note-pending_review", "已建立班子成员学习清单，每月对照检查。")
    page.get_by_role("button", name="提交审核（申请销号）").click()
    expect(page.locator(".messages")).to_have_text("整改状态已变为“已整改待审核”。")
    expect(page.get_by_text("提交人不能审核自己提交的事项")).to_be_visible()
    expect(page.get_by_role("button", name="审核通过，销号")).to_have_count(0)

    # Posting the closing step anyway, with the page's own CSRF token, is refused.
    item = RectificationItem.objects.get(county=county, ledger_number="1")
    with page.expect_navigation():
        page.evaluate(
            """url => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = url;
                for (const [name, value] of [["status", "closed"],
                        ["csrfmiddlewaretoken", document.querySelector("[name=csrfmiddlewaretoken]").value]]) {
                    const input = document.createElement("input");
                    input.type = "hidden"; input.name = name; input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            f"/rectification/{item.pk}/transition/",
        )
    expect(heading).to_have_text("无权操作")
    expect(page.locator("main")).to_contain_text("销号或退回须由本县审核人或联系本县的巡回指导组办理。")
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.PENDING_REVIEW

    login("shiquan_review")
    page.goto(f"{base}/rectification/{item.pk}/")
    expect(heading).to_contain_text("已整改待审核")
    page.get_by_role("button", name="审核通过，销号").click()
    expect(page.locator(".messages")).to_have_text("整改状态已变为“已销号”。")
    expect(heading).to_contain_text("正常 · 已销号")
    expect(page.locator("dl.fields")).to_contain_text("已建立班子成员学习清单，每月对照检查。")
    expect(page.locator("dl.fields")).to_contain_text(f"销号日期{today.isoformat()}")
    columns = ("操作人", "项目", "原值", "新值", "说明")
    history = [[row[c] for c in columns] for row in read_table(page.locator("#history"))]
    assert history == [
        ["shiquan", "新建", "", "1 理论学习联系实际不够", "Excel导入：石泉县整改台账.xlsx"],
        ["shiquan", "整改状态", "未整改", "整改中", ""],
        ["shiquan", "整改状态", "整改中", "已整改待审核", ""],
        ["shiquan", "销号说明", "", "已建立班子成员学习清单，每月对照检查。", ""],
        ["shiquan_review", "整改状态", "已整改待审核", "已销号", ""],
        ["shiquan_review", "销号日期", "", today.isoformat(), ""],
    ]
