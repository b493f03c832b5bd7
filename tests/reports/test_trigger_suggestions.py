"""Reviewers' corrections propose triggers; an administrator accepts them into the catalog.

The report texts are our own writing.
"""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import services
from reports.models import Report, TriggerSuggestion
from tests.factories import UserFactory
from tracker.models import Indicator

FIRST = "二、检视整改\n各支部对照群众反映的意见，闭环处置14个，其余问题纳入台账。\n"
SECOND = "二、整改落实\n截至月底，全镇闭环处置共22个，涉及环境卫生、道路照明等方面。\n"
COLON_LINES = "二、整改进度\n闭环处置：9项\n限期整改：6项\n"


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True)


def ingest(client, user, county, period, text, capture, name="进展报告.txt"):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(
            reverse("report_upload"),
            {"county": county.pk, "period": period.pk, "file": SimpleUploadedFile(name, text.encode("utf-8"))},
        )
    assert response.status_code == 302
    return Report.objects.get(county=county, original_name=name)


def correct(client, report, figure, indicator):
    fields = {"indicator": indicator.pk, "value": figure.value, "unit": figure.unit, "qualifier": figure.qualifier,
              "subject": figure.subject, "decision": "accepted"}
    response = client.post(
        reverse("figure_update", args=[report.pk, figure.pk]), {f"f{figure.pk}-{k}": v for k, v in fields.items()}
    )
    assert response.status_code == 302


@pytest.fixture
def closed():
    return Indicator.objects.get(code="rectify_problems_closed")


def test_a_correction_proposes_a_trigger_and_accepting_it_changes_the_next_extraction(
    client, alice, bob, admin_user, county_a, county_b, period, closed, django_capture_on_commit_callbacks
):
    report = ingest(client, alice, county_a, period, FIRST, django_capture_on_commit_callbacks)
    figure = report.extracted_figures.get(value=14)
    assert figure.indicator is None
    correct(client, report, figure, closed)

    suggestion = TriggerSuggestion.objects.get()
    assert (suggestion.phrase, suggestion.indicator, suggestion.times_seen) == ("闭环处置", closed, 1)
    assert list(suggestion.counties.all()) == [county_a] and list(suggestion.reports.all()) == [report]
    assert suggestion.example_parts == ("各支部对照群众反映的意见，", "闭环处置", "14个，其余问题纳入台账。")

    # Before it is accepted, another county's report with the phrase still gets no indicator.
    before = ingest(client, bob, county_b, period, SECOND, django_capture_on_commit_callbacks, "乙县.txt")
    assert before.extracted_figures.get(value=22).indicator is None

    client.force_login(admin_user)
    page = client.get(reverse("trigger_suggestion_list")).content.decode()
    assert "<mark>闭环处置</mark>" in page and "甲县" in page
    assert reverse("report_review", args=[report.pk]) in page
    response = client.post(reverse("trigger_suggestion_decide", args=[suggestion.pk]), {"status": "accepted"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (TriggerSuggestion.Status.ACCEPTED, admin_user)
    assert suggestion.decided_at is not None
    closed.refresh_from_db()
    assert closed.trigger_list[-1] == "闭环处置"

    revised = SECOND + "三、下一步打算\n持续跟踪整改成效。\n"  # a new version: the same file would not be parsed again
    after = ingest(client, bob, county_b, period, revised, django_capture_on_commit_callbacks, "乙县第二版.txt")
    assert after.extracted_figures.get(value=22).indicator == closed


def test_marking_a_missed_figure_proposes_the_name_of_its_colon_line(
    client, alice, bob, county_a, county_b, period, closed, django_capture_on_commit_callbacks
):
    for user, county in ((alice, county_a), (bob, county_b)):
        report = ingest(client, user, county, period, COLON_LINES, django_capture_on_commit_callbacks)
        report.extracted_figures.filter(value=9).delete()  # as if the extractor had missed it
        start = report.text.index("9项")
        response = client.post(
            reverse("figure_add", args=[report.pk]),
            {"start": start, "end": start + 2, "value": "9", "unit": "项", "qualifier": "exact", "indicator": closed.pk},
        )
        assert response.status_code == 302
    suggestion = TriggerSuggestion.objects.get()
    assert (suggestion.phrase, suggestion.times_seen) == ("闭环处置", 2)
    assert set(suggestion.counties.all()) == {county_a, county_b}
    assert suggestion.example_parts == ("", "闭环处置", "：9项")


def test_keeping_or_clearing_the_indicator_proposes_nothing(
    client, alice, county_a, period, closed, django_capture_on_commit_callbacks
):
    report = ingest(client, alice, county_a, period, FIRST, django_capture_on_commit_callbacks)
    figure = report.extracted_figures.get(value=14)
    fields = {"indicator": "", "value": "14", "unit": "个", "qualifier": "exact", "subject": "", "decision": "rejected"}
    client.post(
        reverse("figure_update", args=[report.pk, figure.pk]), {f"f{figure.pk}-{k}": v for k, v in fields.items()}
    )
    figure.refresh_from_db()
    assert figure.decision == "rejected" and not TriggerSuggestion.objects.exists()


def test_a_phrase_already_a_trigger_of_the_indicator_is_not_proposed(county_a, period, closed):
    text = "全县已完成整改问题31个。"
    report = Report.objects.create(
        county=county_a, period=period, text=text, sha256="x" * 64, size=1, uploaded_by=UserFactory()
    )
    start = text.index("31个")
    closed.triggers += "|整改问题"
    closed.save()
    assert services.trigger_suggestion_record(report=report, start=start, end=start + 3, indicator=closed) is None
    assert not TriggerSuggestion.objects.exists()


def suggestion_in(county, period, closed, text=FIRST, figure="14个"):
    report = Report.objects.create(
        county=county, period=period, text=text, sha256=str(hash(text)), size=1, uploaded_by=UserFactory()
    )
    start = text.index(figure)
    return services.trigger_suggestion_record(report=report, start=start, end=start + len(figure), indicator=closed)


def test_rejecting_leaves_the_catalog_alone(client, admin_user, county_a, period, closed):
    suggestion = suggestion_in(county_a, period, closed)
    triggers = closed.triggers
    client.force_login(admin_user)
    client.post(reverse("trigger_suggestion_decide", args=[suggestion.pk]), {"status": "rejected"})
    suggestion.refresh_from_db()
    closed.refresh_from_db()
    assert suggestion.status == TriggerSuggestion.Status.REJECTED and closed.triggers == triggers
    assert 'id="suggestion-' not in client.get(reverse("trigger_suggestion_list")).content.decode()
    rejected_tab = client.get(reverse("trigger_suggestion_list"), {"status": "rejected"}).content.decode()
    assert f'id="suggestion-{suggestion.pk}"' in rejected_tab


def test_a_phrase_of_another_indicator_is_refused_with_a_reason(client, admin_user, county_a, period, closed):
    found = Indicator.objects.get(code="rectify_problems_found")
    found.triggers += "|闭环处置"
    found.save()
    suggestion = suggestion_in(county_a, period, closed)
    client.force_login(admin_user)
    page = client.get(reverse("trigger_suggestion_list")).content.decode()
    assert "已是指标“检视查摆问题”的触发词，不能采纳。" in page and 'value="accepted"' not in page
    response = client.post(
        reverse("trigger_suggestion_decide", args=[suggestion.pk]), {"status": "accepted"}, follow=True
    )
    assert "已是指标“检视查摆问题”的触发词" in response.content.decode()
    suggestion.refresh_from_db()
    closed.refresh_from_db()
    assert suggestion.status == TriggerSuggestion.Status.PROPOSED and "闭环处置" not in closed.trigger_list


def test_an_unknown_decision_is_refused(client, admin_user, county_a, period, closed):
    suggestion = suggestion_in(county_a, period, closed)
    client.force_login(admin_user)
    response = client.post(
        reverse("trigger_suggestion_decide", args=[suggestion.pk]), {"status": "proposed"}, follow=True
    )
    assert "无效的操作" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == TriggerSuggestion.Status.PROPOSED


def test_the_page_lists_the_most_often_seen_first(client, admin_user, county_a, county_b, period, closed):
    suggestion_in(county_a, period, closed, "三、组织保障\n县委抽调骨干新组建蹲点督办组5个。\n", "5个")
    for county in (county_a, county_b):
        suggestion_in(county, period, closed, FIRST + county.name)
    client.force_login(admin_user)
    page = client.get(reverse("trigger_suggestion_list")).content.decode()
    assert page.index("闭环处置") < page.index("蹲点督办组")


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "leader", "guide"])
def test_only_administrators_see_and_decide_suggestions(client, request, who, county_a, period, closed):
    suggestion = suggestion_in(county_a, period, closed)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("trigger_suggestion_list")).status_code == 404
    response = client.post(reverse("trigger_suggestion_decide", args=[suggestion.pk]), {"status": "accepted"})
    assert response.status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == TriggerSuggestion.Status.PROPOSED
    assert "触发词建议" not in client.get(reverse("report_list")).content.decode()


def test_a_superuser_sees_the_page_and_the_link(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(reverse("trigger_suggestion_list")).status_code == 200
    assert "触发词建议" in client.get(reverse("report_list")).content.decode()


def test_the_page_is_paginated(client, admin_user, closed):
    TriggerSuggestion.objects.bulk_create(
        TriggerSuggestion(phrase=f"短语{n:02d}", indicator=closed, times_seen=n, example=f"短语{n:02d}5个")
        for n in range(1, 31)
    )
    client.force_login(admin_user)
    first = client.get(reverse("trigger_suggestion_list")).content.decode()
    assert "短语30" in first and "短语05" not in first and "第 1 / 2 页" in first
    second = client.get(reverse("trigger_suggestion_list"), {"page": 2}).content.decode()
    assert "短语05" in second and "短语30" not in second


def test_the_suggestion_is_written_in_the_correction_s_transaction(county_a, period, closed, monkeypatch):
    report = Report.objects.create(
        county=county_a, period=period, text=FIRST, sha256="y" * 64, size=1, uploaded_by=UserFactory()
    )
    start = FIRST.index("14个")
    figure = report.extracted_figures.create(value=14, unit="个", text="14个", start=start, end=start + 3)

    def broken(**kwargs):
        raise RuntimeError("proposal failed")

    monkeypatch.setattr(services, "trigger_proposal", broken)
    with pytest.raises(RuntimeError):
        services.extracted_figure_update(
            figure=figure, indicator=closed, value=14, unit="个", qualifier="exact", subject="", decision="accepted"
        )
    figure.refresh_from_db()
    assert figure.indicator is None and figure.decision == "pending"
