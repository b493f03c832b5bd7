"""One user journey in headless Chromium (Debian's chromium driven by Playwright):
a county user uploads a .docx, is told they may not confirm it themselves, the county's reviewer confirms it;
a leader sees the county on the chart."""

import pytest
from docx import Document as DocxDocument

from tests.factories import CountyFactory, PeriodFactory, user_with_role
from tracker.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_county_uploads_and_confirms_then_leader_sees_it_on_the_chart(live_server, browser_page, login, tmp_path):
    county = CountyFactory(name="青岩县")
    period = PeriodFactory(label="2023年10月")
    user_with_role(Profile.Role.COUNTY_OFFICE, county, user__username="qingyan")
    user_with_role(Profile.Role.COUNTY_REVIEWER, county, user__username="qingyan_review")
    user_with_role(Profile.Role.LEADERSHIP, county.parent, user__username="boss")
    report = tmp_path / "青岩县十月进展.docx"
    doc = DocxDocument()
    doc.add_paragraph("一、工作开展情况")
    doc.add_paragraph("县级领导班子检视问题23个，制定整改措施41条，已完成整改16个。")
    doc.save(report)

    page, base = browser_page, live_server.url
    login("qingyan")
    page.goto(f"{base}/reports/upload/")
    page.select_option("#id_period", str(period.pk))
    page.set_input_files("#id_file", str(report))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#confirm-refusal", timeout=60_000)
    assert page.locator("mark.fig").count() >= 3
    assert page.locator("#confirm-all").count() == 0
    review_url = page.url

    login("qingyan_review")
    page.goto(review_url)
    page.click("#confirm-all")
    page.wait_for_selector("text=已确认")

    login("boss")
    page.goto(f"{base}/compare/")
    page.wait_for_function("window.comparisonChart !== undefined", timeout=30_000)
    labels = page.evaluate("window.comparisonChart.data.labels")
    datasets = page.evaluate("Object.fromEntries(window.comparisonChart.data.datasets.map(d => [d.label, d.data]))")
    assert "青岩县" in labels
    index = labels.index("青岩县")
    # The confirmed report's figures, beside an empty ledger.
    assert [datasets["报告检视问题"][index], datasets["报告完成整改"][index]] == [23, 16]
    assert [datasets["台账问题数"][index], datasets["台账已销号"][index]] == [0, 0]
    assert "青岩县" in page.inner_text("#comparison-table")
