"""Upload → parse → review → confirm, on the embedded defaults (Celery eager, SQLite)."""
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import ExtractedFigure, Report
from tracker.models import Figure, Indicator

REPORT_TEXT = (
    "一、工作开展情况\n"
    "县级领导班子聚焦突出问题，检视问题12个，制定整改措施30条，目前已完成整改9个。"
    "全县举办读书班3期，开展专题研讨15场次。\n"
    "二、下一步打算\n"
    "力争再推动整改问题20个。\n"
)


def upload(client, county, period, content=REPORT_TEXT.encode("utf-8"), name="进展报告.txt"):
    return client.post(
        reverse("report_upload"),
        {"county": county.pk, "period": period.pk, "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def parsed_report(client, alice, county_a, period, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, county_a, period)
    assert response.status_code == 302
    return Report.objects.get()


def test_upload_stores_the_original_and_parses_it(parsed_report):
    report = parsed_report
    assert report.status == Report.Status.NEEDS_REVIEW
    assert report.file.read() == REPORT_TEXT.encode("utf-8")
    assert len(report.sha256) == 64
    codes = {f.indicator.code: f.value for f in report.extracted_figures.exclude(indicator=None)}
    assert codes["rectify_problems_found"] == Decimal(12)
    assert codes["rectify_problems_closed"] == Decimal(9)
    assert [e.new_status for e in report.events.all()] == ["queued", "parsing", "needs_review"]


def test_the_review_page_shows_the_rule_behind_each_figure(client, parsed_report):
    found = parsed_report.extracted_figures.get(indicator__code="rectify_problems_found")
    assert found.rule == "trigger_before"
    page = client.get(reverse("report_review", args=[parsed_report.pk])).content.decode()
    assert "规则：数字前的关键词（trigger_before）" in page


def test_plan_figures_are_listed_but_not_counted(client, rita, parsed_report):
    plan = parsed_report.extracted_figures.get(value=20)
    assert plan.context == ExtractedFigure.Context.PLAN and plan.indicator is None
    client.force_login(rita)
    client.post(reverse("report_confirm", args=[parsed_report.pk]))
    assert not Figure.objects.filter(value=20).exists()


def test_confirm_writes_the_county_figures(client, rita, parsed_report, county_a, period):
    client.force_login(rita)
    response = client.post(reverse("report_confirm", args=[parsed_report.pk]))
    assert response.status_code == 302
    parsed_report.refresh_from_db()
    assert parsed_report.status == Report.Status.CONFIRMED
    found = Figure.objects.get(county=county_a, period=period, indicator__code="rectify_problems_found")
    assert found.value == 12 and found.source == Figure.Source.REPORT and found.report == parsed_report


def test_reviewer_can_correct_reject_and_add(client, parsed_report):
    figure = parsed_report.extracted_figures.get(indicator__code="rectify_problems_found")
    closed = Indicator.objects.get(code="rectify_problems_closed")
    response = client.post(
        reverse("figure_update", args=[parsed_report.pk, figure.pk]),
        {f"f{figure.pk}-{k}": v for k, v in {
            "indicator": closed.pk, "value": "13", "unit": "个", "qualifier": "at_least", "subject": "县级领导班子",
            "decision": "rejected"}.items()},
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.indicator, figure.value, figure.qualifier, figure.decision) == (closed, 13, "at_least", "rejected")
    start = parsed_report.text.index("30条")
    client.post(
        reverse("figure_add", args=[parsed_report.pk]),
        {"start": start, "end": start + 3, "value": "30", "unit": "条", "qualifier": "exact",
         "indicator": Indicator.objects.get(code="rectify_measures").pk},
    )
    assert parsed_report.extracted_figures.filter(added_by_reviewer=True, text="30条").exists()


def test_same_file_again_is_recognised_and_not_parsed_twice(client, parsed_report, county_a, period):
    response = upload(client, county_a, period)
    assert response.url == reverse("report_review", args=[parsed_report.pk])
    assert Report.objects.count() == 1


def test_a_new_version_replaces_the_old_figures(
    client, alice, rita, parsed_report, county_a, period, django_capture_on_commit_callbacks
):
    client.force_login(rita)
    client.post(reverse("report_confirm", args=[parsed_report.pk]))
    newer = REPORT_TEXT.replace("检视问题12个", "检视问题14个")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, period, newer.encode("utf-8"), "进展报告（修订）.txt")
    second = Report.objects.exclude(pk=parsed_report.pk).get()
    client.force_login(rita)
    client.post(reverse("report_confirm", args=[second.pk]))
    values = Figure.objects.filter(county=county_a, period=period, indicator__code="rectify_problems_found")
    assert [f.value for f in values] == [14]
    parsed_report.refresh_from_db()
    assert parsed_report.superseded_by == second and parsed_report.file.read()


def test_unreadable_upload_fails_with_a_chinese_reason_and_keeps_the_file(
    client, alice, county_a, period, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    garbage = b"MZ\x90\x00" + bytes(range(256)) * 4
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, period, garbage, "报告.docx")
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert re.search(r"[\u4e00-\u9fff]", report.failure_reason)
    assert report.file.read() == garbage
    page = client.get(reverse("report_review", args=[report.pk])).content.decode()
    assert report.failure_reason in page


def test_status_endpoint_reports_progress(client, parsed_report):
    data = client.get(reverse("report_status_json", args=[parsed_report.pk])).json()
    assert data["status"] == "needs_review" and data["busy"] is False and data["figures"] > 0


@pytest.mark.parametrize("url_name", ["report_review", "report_download", "report_status_json"])
@pytest.mark.parametrize("who, status", [("alice", 200), ("bob", 404), ("charlie", 404), ("leader", 200)])
def test_report_access(client, request, parsed_report, url_name, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(url_name, args=[parsed_report.pk])).status_code == status


@pytest.mark.parametrize("who", ["bob", "leader"])
def test_only_the_county_can_confirm(client, request, parsed_report, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("report_confirm", args=[parsed_report.pk])).status_code == 404
    parsed_report.refresh_from_db()
    assert parsed_report.status == Report.Status.NEEDS_REVIEW


def test_upload_form_offers_only_own_county(client, alice, county_a, county_b, period):
    client.force_login(alice)
    response = upload(client, county_b, period)
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not Report.objects.exists()


def test_an_empty_upload_is_refused_by_the_form(client, alice, county_a, period):
    client.force_login(alice)
    response = upload(client, county_a, period, b"", "空文件.docx")
    assert response.status_code == 200 and not Report.objects.exists()
    assert "文件为空，请检查后重新上传。" in response.content.decode()


def test_a_trigger_added_by_an_administrator_is_used_by_the_next_ingestion(
    client, alice, county_a, period, django_capture_on_commit_callbacks
):
    text = "一、学习教育\n全县订购学习用书3700多本，发放到各基层党支部。\n"
    materials = Indicator.objects.get(code="study_materials")
    materials.triggers += "|学习用书"
    materials.save()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, period, text.encode("utf-8"), "学习情况.txt")
    figure = Report.objects.get().extracted_figures.get(value=3700)
    assert (figure.indicator, figure.qualifier) == (materials, "at_least")
