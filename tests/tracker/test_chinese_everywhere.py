"""Chinese labels instead of codes, and a favicon instead of a 404 on every page."""
from django.contrib.staticfiles import finders
from django.urls import reverse

from reports.models import Report, ReportEvent


def test_the_processing_log_reads_in_chinese(client, alice, county_a, period):
    report = Report.objects.create(
        county=county_a, period=period, sha256="0" * 64, size=1, uploaded_by=alice, original_name="进展.txt",
        status=Report.Status.CONFIRMED,
    )
    steps = ["", "queued", "parsing", "needs_review", "confirmed"]
    for old, new in zip(steps, steps[1:]):
        ReportEvent.objects.create(report=report, old_status=old, new_status=new, actor=alice)
    client.force_login(alice)
    page = client.get(reverse("report_review", args=[report.pk])).content.decode()
    log = page[page.index("处理记录"):]
    assert "— → 排队中" in log and "排队中 → 解析中" in log and "解析中 → 待核对" in log and "待核对 → 已确认" in log
    for code in steps[1:]:
        assert code not in log.replace("status-", "")


def test_every_page_names_a_favicon_that_is_served_from_static(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in page
    assert finders.find("favicon.svg")


def test_the_browsers_default_favicon_address_is_answered_without_a_login(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url == "/static/favicon.svg"


def test_list_filters_use_chinese_colons_and_date_pickers(client, alice):
    client.force_login(alice)
    page = client.get(reverse("study_list"), {"date_from": "2023-09-01"}).content.decode()
    assert '<label for="id_county">县：</label>' in page
    assert '<input type="date" name="date_from" value="2023-09-01" id="id_date_from">' in page


def test_the_research_topic_filter_searches_the_titles_of_own_topics(client, alice, county_a):
    from tests.factories import RectificationItemFactory
    from tracker.models import ResearchTopic

    business = ResearchTopic.objects.create(county=county_a, title="营商环境调研")
    villages = ResearchTopic.objects.create(county=county_a, title="乡村振兴调研")
    RectificationItemFactory(county=county_a, ledger_number="B1", research_topic=business)
    RectificationItemFactory(county=county_a, ledger_number="V1", research_topic=villages)
    client.force_login(alice)
    page = client.get(reverse("rectification_list"), {"research_topic": "营商"}).content.decode()
    assert '<label for="id_research_topic">来源调研课题：</label>' in page
    assert ">B1</a>" in page and ">V1</a>" not in page