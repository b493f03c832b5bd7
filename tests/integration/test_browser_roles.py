"""Every role walks the top navigation and the county's pages: what each one sees and does not see, links,
forms and action buttons. A screenshot of every page is kept in ARTIFACTS, whether the test passes or not,
so a person can look at what each role meets."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from reports.models import Report
from reports.services import report_create
from tests.factories import (
    CityFactory,
    CountyFactory,
    PeriodFactory,
    RectificationItemFactory,
    UserFactory,
    WorkingGroupFactory,
    user_with_role,
)
from tracker.models import Profile, RectificationItem, WorkingGroup

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EVERYONE = ["首页", "进展报告", "整改台账", "学习活动", "调研课题"]
SUPERVISORS = EVERYONE + ["各县对比", "指导组", "通报"]


@pytest.fixture
def people():
    city = CityFactory(name="汉江市")
    chengguan, shiquan = CountyFactory(name="城关县", parent=city), CountyFactory(name="石泉县", parent=city)
    group = WorkingGroupFactory(name="第一巡回指导组", kind=WorkingGroup.Kind.GUIDANCE)
    group.counties.set([chengguan, shiquan])
    guide = user_with_role(Profile.Role.GUIDANCE, None, user__username="guidance")
    group.members.add(guide)
    office = user_with_role(Profile.Role.COUNTY_OFFICE, chengguan, user__username="chengguan")
    user_with_role(Profile.Role.COUNTY_REVIEWER, chengguan, user__username="chengguan_review")
    user_with_role(Profile.Role.LEADERSHIP, city, user__username="hanjiang")
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    status = RectificationItem.Status
    text = "一、工作进展\n全县共查找检视问题18个，已完成整改11个，制定整改措施24条。\n二、下步打算\n年底前再整改5个。\n"
    return {
        "county": chengguan,
        "open": RectificationItemFactory(county=chengguan, ledger_number="C-07", description="便民服务热线回访率偏低"),
        "pending": RectificationItemFactory(
            county=chengguan,
            ledger_number="C-08",
            description="乡镇公开栏信息更新滞后",
            status=status.PENDING_REVIEW,
            closure_note="已建立每月更新台账",
            submitted_by=office,
        ),
        "report": report_create(
            county=chengguan,
            period=PeriodFactory(label="2023年10月"),
            uploaded_file=SimpleUploadedFile("城关县十月进展.txt", text.encode("utf-8")),
            user=office,
        ),
    }


@pytest.mark.parametrize(
    "username, links, start_heading",
    [
        ("admin", SUPERVISORS + ["触发词建议", "管理后台"], "各县检视问题与整改完成情况"),
        ("hanjiang", SUPERVISORS, "各县检视问题与整改完成情况"),
        ("guidance", SUPERVISORS, "第一巡回指导组 巡回指导组 · 工作台"),
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


# Every action a page may offer on 城关县's work: (page, how it is found).
ACTIONS = {
    "上传进展报告（县页）": ("county", "link", "上传进展报告"),
    "从 Excel 导入（县页）": ("county", "link", "从 Excel 导入"),
    "督导意见表单": ("county", "css", "#guidance-note-form"),
    "上传进展报告（报告列表）": ("reports", "link", "上传进展报告"),
    "全部确认": ("report", "button", "全部确认"),
    "核对数据表单": ("report", "css", "form.figure-form"),
    "新增整改事项": ("ledger", "link", "新增（城关县）"),
    "从 Excel 导入（台账）": ("ledger", "link", "从 Excel 导入"),
    "新增学习活动": ("study", "link", "新增（城关县）"),
    "新增调研课题": ("research", "link", "新增（城关县）"),
    "开始整改": ("open", "button", "开始整改"),
    "修改事项": ("open", "link", "修改"),
    "上传佐证材料": ("open", "css", "form[action$='/evidence/']"),
    "申请延期": ("open", "button", "申请延期"),
    "审核通过，销号": ("pending", "button", "审核通过，销号"),
    "退回重新整改": ("pending", "button", "退回重新整改"),
    "撤回": ("pending", "button", "撤回（修改后重新提交审核）"),
}
OFFICE_WORK = {name for name in ACTIONS if name not in ("督导意见表单", "全部确认", "核对数据表单", "审核通过，销号", "退回重新整改")}
CHECK = {"核对数据表单"}
CONFIRM = {"全部确认"}  # never the uploader (chengguan), nor a role REPORT_CONFIRM_ROLES does not name
DECIDE = {"审核通过，销号", "退回重新整改"}


def _urls(people):
    county, report = people["county"], people["report"]
    return {
        "county": reverse("county_detail", args=[county.pk]),
        "reports": reverse("report_list"),
        "report": reverse("report_review", args=[report.pk]),
        "ledger": reverse("rectification_list"),
        "study": reverse("study_list"),
        "research": reverse("research_list"),
        "open": reverse("rectification_detail", args=[people["open"].pk]),
        "pending": reverse("rectification_detail", args=[people["pending"].pk]),
    }


@pytest.mark.parametrize(
    "username, shown",
    [
        ("chengguan", OFFICE_WORK | CHECK),
        ("chengguan_review", CHECK | CONFIRM | DECIDE),
        ("guidance", DECIDE | {"督导意见表单"}),
        ("hanjiang", set()),
        # The administrator decides on the item rather than taking the office's submission back.
        ("admin", set(ACTIONS) - CONFIRM - {"撤回"}),
    ],
)
def test_each_role_is_shown_the_actions_it_may_take_and_nothing_else(
    people, live_server, browser_page, login, username, shown
):
    page = browser_page
    assert Report.objects.get().status == Report.Status.NEEDS_REVIEW
    login(username)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    seen = set()
    for key, url in _urls(people).items():
        page.goto(live_server.url + url)
        expect(page.locator("h1").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"roles-actions-{username}-{key}.png"), full_page=True)
        main = page.locator("main")
        for name, (on, how, what) in ACTIONS.items():
            if on != key:
                continue
            if how == "css":
                found = main.locator(what)
            else:
                found = main.get_by_role(how, name=what, exact=True)
            if found.count():
                seen.add(name)
    assert seen == shown


def test_the_reviewer_decides_and_confirms_but_cannot_reach_the_office_forms(people, live_server, browser_page, login):
    page, base = browser_page, live_server.url
    login("chengguan_review")
    page.goto(base + reverse("rectification_detail", args=[people["pending"].pk]))
    page.get_by_role("button", name="审核通过，销号", exact=True).click()
    expect(page.locator("h1")).to_contain_text("已销号")
    page.goto(base + reverse("report_review", args=[people["report"].pk]))
    page.get_by_role("button", name="全部确认", exact=True).click()
    expect(page.locator("#status-label")).to_have_text("已确认")
    page.screenshot(path=str(ARTIFACTS / "roles-reviewer-confirmed.png"), full_page=True)
    # Typing the address of an office form does not open it either.
    response = page.goto(base + reverse("rectification_new", args=[people["county"].pk]))
    assert response.status == 404
    response = page.goto(base + reverse("report_upload"))
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("只有县委主题教育办可以上传进展报告")
    page.screenshot(path=str(ARTIFACTS / "roles-reviewer-refused-upload.png"), full_page=True)
