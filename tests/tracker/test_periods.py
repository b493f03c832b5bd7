"""The period picker: months and weeks grouped, each in date order, the current period chosen."""
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Report
from tests.factories import CampaignFactory, PeriodFactory
from tracker.models import ReportingPeriod
from tracker.selectors.periods import current_period, period_choices

MONTH, WEEK = ReportingPeriod.Kind.MONTH, ReportingPeriod.Kind.WEEK


@pytest.fixture
def periods(db):
    """Two months and three weeks, created out of order."""
    campaign = CampaignFactory()

    def make(kind, start, days, label):
        return PeriodFactory(
            campaign=campaign, kind=kind, start_date=start, end_date=start + datetime.timedelta(days=days), label=label
        )

    return {
        "nov": make(MONTH, datetime.date(2023, 11, 1), 29, "2023年11月"),
        "w2": make(WEEK, datetime.date(2023, 10, 9), 6, "第2周"),
        "oct": make(MONTH, datetime.date(2023, 10, 1), 30, "2023年10月"),
        "w3": make(WEEK, datetime.date(2023, 10, 16), 6, "第3周"),
        "w1": make(WEEK, datetime.date(2023, 10, 2), 6, "第1周"),
    }


def test_the_choices_are_months_then_weeks_each_in_date_order(periods):
    p = periods
    assert period_choices() == [
        ("月", [(p["oct"].pk, "2023年10月"), (p["nov"].pk, "2023年11月")]),
        ("周", [(p["w1"].pk, "第1周"), (p["w2"].pk, "第2周"), (p["w3"].pk, "第3周")]),
    ]


@pytest.mark.parametrize(
    "today, expected",
    [
        (datetime.date(2023, 10, 10), "oct"),  # a month and a week hold today: the month
        (datetime.date(2023, 11, 20), "nov"),
        (datetime.date(2026, 5, 1), "nov"),  # the campaign is over: its last month
    ],
)
def test_the_current_period_is_the_latest_month_begun(periods, today, expected):
    assert current_period(today) == periods[expected]


def test_before_any_month_begins_the_current_period_is_none(periods):
    assert current_period(datetime.date(2023, 9, 1)) is None


def test_a_week_is_current_when_no_month_has_begun(periods):
    periods["oct"].delete()
    assert current_period(datetime.date(2023, 10, 10)) == periods["w2"]


def test_the_upload_form_groups_the_periods_and_chooses_the_current_one(client, alice, periods, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2023, 10, 20))
    client.force_login(alice)
    page = client.get(reverse("report_upload")).content.decode()
    select = re.search(r'<select name="period".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="(.*?)">(.*?)</optgroup>', select, re.S)
    assert [(label, re.findall(r">([^<]+)</option>", body)) for label, body in groups] == [
        ("月", ["2023年10月", "2023年11月"]),
        ("周", ["第1周", "第2周", "第3周"]),
    ]
    assert re.findall(r'<option value="(\d+)" selected>', select) == [str(periods["oct"].pk)]


def test_a_week_from_the_grouped_picker_is_accepted(client, alice, county_a, periods):
    client.force_login(alice)
    client.post(
        reverse("report_upload"),
        {"county": county_a.pk, "period": periods["w2"].pk, "file": SimpleUploadedFile("周报.txt", "检视问题3个".encode())},
    )
    assert Report.objects.get().period == periods["w2"]
