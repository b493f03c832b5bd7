"""The county's reviewer reviews the office's uploaded report with the keyboard alone: open a highlighted
figure, correct it, reject another, confirm all; the county page then counts the corrected figure and not
the rejected one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from reports.models import Report
from reports.services import report_create
from tests.factories import CountyFactory, PeriodFactory, user_with_role
from tracker.models import Indicator, Profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPORT_TEXT = """一、工作进展
截至目前，全县举办专题读书班6期，开展调研课题28个，检视整改问题31个，已完成整改19个，为群众办实事44件。
"""


def tab_to(page, selector, limit=100):
    """Press Tab until the focused element matches `selector`; fails when the keyboard cannot reach it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reaches {selector}")


def arrow_to(page, value):
    """With a <select> focused, press the arrow keys until the option with `value` is chosen."""
    steps = page.evaluate(
        """value => {
            const select = document.activeElement;
            const target = [...select.options].findIndex(option => option.value === value);
            return target < 0 ? null : target - select.selectedIndex;
        }""",
        value,
    )
    assert steps is not None, f"no option {value} in the focused list"
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    assert page.evaluate("document.activeElement.value") == value


def test_a_county_user_reviews_a_report_with_the_keyboard_only(live_server, browser_page, login, read_table):
    county = CountyFactory(name="镇坪县")
    period = PeriodFactory(label="2023年11月")
    user = user_with_role(Profile.Role.COUNTY_OFFICE, county, user__username="zhenping")
    user_with_role(Profile.Role.COUNTY_REVIEWER, county, user__username="zhenping_review")
    report = report_create(
        county=county,
        period=period,
        uploaded_file=SimpleUploadedFile("镇坪县十一月进展.txt", REPORT_TEXT.encode()),
        user=user,
    )
    report.refresh_from_db()
    assert report.status == Report.Status.NEEDS_REVIEW  # Celery runs eagerly: parsed on commit
    figures = {f.text: f.pk for f in report.extracted_figures.all()}
    matters, reading = figures["办实事44件"], figures["读书班6期"]
    solved = Indicator.objects.get(code="service_problems_solved")
    page = browser_page

    login("zhenping_review")  # the uploader may not confirm their own report
    expect(page.locator("h1")).to_contain_text("镇坪县")
    tab_to(page, f"a[href$='/reports/{report.pk}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#status-label")).to_have_text("待核对")

    # The count of matters done was, on checking, problems solved for the public, and 40 of them.
    tab_to(page, f"mark.fig[data-figure='{matters}']")
    page.keyboard.press("Enter")
    expect(page.locator(f"#figure-{matters}")).to_have_attribute("open", "")
    assert page.evaluate("document.activeElement.id") == f"id_f{matters}-indicator"
    arrow_to(page, str(solved.pk))
    tab_to(page, f"#id_f{matters}-value")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_have_text("已保存“办实事44件”。")
    expect(page.locator(f"#figure-{matters} summary")).to_contain_text("解决群众急难愁盼问题")
    expect(page.locator(f"#figure-{matters} summary")).to_contain_text("数值 40")

    tab_to(page, f"mark.fig[data-figure='{reading}']")
    page.keyboard.press("Enter")
    tab_to(page, f"#id_f{reading}-decision")
    arrow_to(page, "rejected")
    tab_to(page, f"#figure-{reading} button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_have_text("已保存“读书班6期”。")
    expect(page.locator(f"mark.fig[data-figure='{reading}']")).to_have_class("fig decision-rejected")

    tab_to(page, "#confirm-all")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#status-label")).to_have_text("已确认")

    page.goto(f"{live_server.url}/counties/{county.pk}/")
    figures_card = page.locator("section.card", has_text="各项数据")
    counted = {row["指标"]: row["数值"] for table in figures_card.locator("table").all() for row in read_table(table)}
    assert counted["解决群众急难愁盼问题"] == "40 个"
    assert counted["检视查摆问题"] == "31 个" and counted["完成整改问题"] == "19 个"
    assert "为民办实事" not in counted and "读书班" not in counted
