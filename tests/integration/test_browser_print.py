"""Print and share: the comparison page printed to an A4 PDF (Chrome's Page.printToPDF) holds the
counties' Chinese names under the active filters and none of the screen's navigation; a chart downloads
as a PNG made in the browser."""

import base64
import subprocess

import pytest
from playwright.sync_api import expect

from tests.factories import CityFactory, CountyFactory, FigureFactory, PeriodFactory, user_with_role
from tracker.models import Profile
from tracker.summary import summaries_rebuild

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

A4_INCHES = {"paperWidth": 8.27, "paperHeight": 11.69}


@pytest.fixture
def hanjiang(db):
    city = CityFactory(name="汉江市")
    period = PeriodFactory(label="2023年11月")
    for name, found, closed in (("城关县", 40, 31), ("石泉县", 25, 12), ("紫阳县", 18, 17)):
        county = CountyFactory(name=name, parent=city)
        FigureFactory(county=county, period=period, indicator__code="rectify_problems_found", value=found)
        FigureFactory(county=county, period=period, indicator__code="rectify_problems_closed", value=closed)
    summaries_rebuild()
    user_with_role(Profile.Role.LEADERSHIP, city, user__username="hanjiang")
    return city


def test_the_comparison_prints_to_a4_with_its_filters_and_county_names(live_server, browser_page, login, hanjiang, tmp_path):
    page = browser_page
    login("hanjiang")
    page.goto(f"{live_server.url}/compare/?area={hanjiang.pk}")
    page.wait_for_function("window.comparisonChart !== undefined")

    pdf = page.context.new_cdp_session(page).send("Page.printToPDF", {**A4_INCHES, "printBackground": True})
    path = tmp_path / "comparison.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout

    for name in ("城关县", "石泉县", "紫阳县"):
        assert name in text
    assert "筛选条件：地区：汉江市" in text
    assert "下载图片" not in text and "退出" not in text  # buttons and the top bar are for the screen


def test_a_chart_downloads_as_a_png(live_server, browser_page, login, hanjiang):
    page = browser_page
    login("hanjiang")
    page.goto(f"{live_server.url}/compare/")
    page.wait_for_function("window.comparisonChart !== undefined")
    button = page.get_by_role("button", name="下载图片").first
    expect(button).to_be_visible()

    with page.expect_download() as download_info:
        button.click()
    download = download_info.value

    assert download.suggested_filename == "各县检视问题与完成整改对比.png"
    assert open(download.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
