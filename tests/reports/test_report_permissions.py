"""Reports by role: the county office uploads, the office and the county's reviewer check the figures,
the reviewer confirms them (never the uploader: four eyes), everybody else reads. Each refused action is
refused on the server, not only hidden."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import services
from reports.models import ExtractedFigure, Report
from tests.factories import user_with_role
from tracker.models import Figure, Profile

REPORT_TEXT = (
    "一、主要做法\n"
    "全县党员干部深入基层走访群众，共梳理检视问题26个，已经完成整改17个，建立长效机制5项。\n"
    "二、下步安排\n"
    "计划年底前再完成整改6个。\n"
)


def upload(client, county, period, name="十月进展.txt", text=REPORT_TEXT):
    file = SimpleUploadedFile(name, text.encode("utf-8"))
    return client.post(reverse("report_upload"), {"county": county.pk, "period": period.pk, "file": file})


@pytest.fixture
def report(client, alice, county_a, period, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, county_a, period).status_code == 302
    client.logout()
    report = Report.objects.get()
    assert report.status == Report.Status.NEEDS_REVIEW
    return report


REVIEW_FORMS = ['id="confirm-all"', 'class="figure-form"', 'id="add-figure-form"', "重新解析"]


def figure_post(figure, **changes):
    fields = {
        "indicator": figure.indicator_id or "",
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "subject": figure.subject,
        "decision": figure.decision,
        **changes,
    }
    return {f"f{figure.pk}-{name}": value for name, value in fields.items()}


def test_the_reviewer_checks_and_confirms_the_office_upload(client, report, rita, county_a):
    client.force_login(rita)
    page = client.get(reverse("report_review", args=[report.pk])).content.decode()
    assert [form for form in REVIEW_FORMS if form in page] == REVIEW_FORMS[:3]
    figure = report.extracted_figures.exclude(indicator=None).first()
    update = reverse("figure_update", args=[report.pk, figure.pk])
    assert client.post(update, figure_post(figure, decision="rejected")).status_code == 302
    assert ExtractedFigure.objects.get(pk=figure.pk).decision == "rejected"
    assert client.post(reverse("report_confirm", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.confirmed_by) == (Report.Status.CONFIRMED, rita)
    assert Figure.objects.filter(county=county_a, report=report).exists()


def test_the_uploader_corrects_figures_but_is_told_why_they_may_not_confirm(client, report, alice, county_a):
    client.force_login(alice)
    page = client.get(reverse("report_review", args=[report.pk])).content.decode()
    assert [form for form in REVIEW_FORMS if form in page] == REVIEW_FORMS[1:3]
    assert 'id="confirm-refusal"' in page and "这份报告由您本人上传，不能由您确认" in page
    response = client.post(reverse("report_confirm", args=[report.pk]), follow=True)
    assert "这份报告由您本人上传，不能由您确认" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.confirmed_by) == (Report.Status.NEEDS_REVIEW, None)
    assert not Figure.objects.filter(county=county_a).exists()


def test_another_office_user_may_not_confirm_unless_the_administrator_names_the_role(
    client, report, alice, county_a, settings
):
    colleague = user_with_role(Profile.Role.COUNTY_OFFICE, county_a, user__username="amy")
    client.force_login(colleague)
    response = client.post(reverse("report_confirm", args=[report.pk]), follow=True)
    assert "报告须由县委主题教育办审核人确认后才计入统计" in response.content.decode()
    assert Report.objects.get().status == Report.Status.NEEDS_REVIEW
    settings.REPORT_CONFIRM_ROLES = ("county_reviewer", "county_office")
    client.force_login(alice)  # the named role still does not let the uploader confirm
    client.post(reverse("report_confirm", args=[report.pk]))
    assert Report.objects.get().status == Report.Status.NEEDS_REVIEW
    client.force_login(colleague)
    assert 'id="confirm-all"' in client.get(reverse("report_review", args=[report.pk])).content.decode()
    client.post(reverse("report_confirm", args=[report.pk]))
    assert Report.objects.get().confirmed_by == colleague


def test_the_reviewer_is_not_shown_the_upload_and_is_refused_it(client, rita, county_a, period):
    client.force_login(rita)
    assert reverse("report_upload") not in client.get(reverse("report_list")).content.decode()
    assert client.get(reverse("report_upload")).status_code == 403
    response = upload(client, county_a, period)
    assert response.status_code == 403 and "只有县委主题教育办可以上传进展报告" in response.content.decode()
    assert not Report.objects.exists()


def test_the_reviewer_does_not_parse_a_failed_report_again(client, report, rita):
    services.report_set_status(report=report, status=Report.Status.PARSING)
    services.report_set_status(report=report, status=Report.Status.FAILED, reason="文件已损坏")
    client.force_login(rita)
    assert "重新解析" not in client.get(reverse("report_review", args=[report.pk])).content.decode()
    assert client.post(reverse("report_retry", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED


@pytest.mark.parametrize("who", ["leader", "bob", "guide"])
def test_readers_and_other_counties_may_not_touch_the_report(client, request, report, county_a, period, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("report_review", args=[report.pk]))
    if page.status_code == 200:  # the leader reads it, without a form to change it
        html = page.content.decode()
        assert not [form for form in REVIEW_FORMS if form in html]
    figure = report.extracted_figures.exclude(indicator=None).first()
    refused = [
        client.post(reverse("figure_update", args=[report.pk, figure.pk]), figure_post(figure, decision="rejected")),
        client.post(reverse("figure_add", args=[report.pk]), {"start": 0, "end": 2, "value": "1"}),
        client.post(reverse("report_confirm", args=[report.pk])),
        client.post(reverse("report_retry", args=[report.pk])),
    ]
    assert [r.status_code for r in refused] == [404] * 4
    # bob uploads for his own county only: 甲县 is no choice of his form.
    assert upload(client, county_a, period, name="冒名上传.txt").status_code == (200 if who == "bob" else 403)
    report.refresh_from_db()
    assert report.status == Report.Status.NEEDS_REVIEW
    assert ExtractedFigure.objects.get(pk=figure.pk).decision != "rejected"
    assert Report.objects.count() == 1
