"""The demo as a newcomer meets it: every login it makes is listed, and its pages agree with themselves."""
import datetime
import io

import pytest
from django.contrib.auth import get_user_model

from reports.demo.builder import DISAGREEING, PASSWORD, _periods, load_demo
from tests.conftest import REPO
from reports.models import Report
from tracker.models import Area, Campaign, CountyPeriodSummary, GuidanceNote, RectificationItem, ReportingPeriod
from tracker.selectors.dashboards import county_comparison, county_figures_by_category


# transaction=True: the demo's reports are parsed and confirmed as they are with `make run` (commit hooks
# run); serialized_rollback keeps the indicator catalog that a data migration loaded.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_load_demo_lists_every_login_it_creates_and_headers_agree_with_the_figures():
    out = io.StringIO()
    load_demo(out)
    printed = out.getvalue()
    logins = [u for u in get_user_model().objects.all() if u.check_password(PASSWORD)]
    assert len(logins) == 8 + 11 * 2  # eight roles and levels (the auditor too), the eleven other county offices and their reviewers
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for user in logins:
        assert f"  {user.username} " in printed
        assert f"`{user.username}`" in readme

    checked = 0
    for county in Area.objects.filter(level=Area.Level.COUNTY):
        shown = {f.indicator.code: f.value for figures in county_figures_by_category(county).values() for f in figures}
        for code, size in (("org_party_orgs", county.party_org_count), ("org_members", county.party_member_count)):
            if code in shown:
                assert shown[code] == size, (county.name, code)
                checked += 1
    assert checked >= 4  # the demo reports do give these sizes for several counties

    # Reports and ledgers agree within the tolerance stated on the comparison page (most ledgers lag a
    # little, so the tolerance is used), but for the counties that really disagree.
    reported = list(CountyPeriodSummary.objects.filter(report__isnull=False).select_related("county", "period"))
    assert len(reported) >= 8
    assert {s.county.name for s in reported if s.reported_differs} == set(DISAGREEING)
    assert any(s.items_found != s.reported_found for s in reported if not s.reported_differs)
    for s in reported:  # the summary is the ledger, counted independently
        entered = RectificationItem.objects.filter(county=s.county, created_at__date__lte=s.period.end_date)
        closed = entered.filter(status="closed", closed_date__lte=s.period.end_date)
        assert (s.items_found, s.items_closed) == (entered.count(), closed.count())

    # Four eyes: every confirmed report was confirmed by the county's reviewer, not by its uploader.
    confirmed = Report.objects.filter(status=Report.Status.CONFIRMED).select_related("confirmed_by__profile")
    assert confirmed.exists()
    assert all(r.confirmed_by.profile.role == "county_reviewer" and r.confirmed_by != r.uploaded_by for r in confirmed)
    rows = county_comparison(get_user_model().objects.get(username="leader"))
    assert {r["county"]: r["ledger_extensions"] for r in rows if r["ledger_extensions"]} == {"城关县": 1, "石泉县": 2}

    # Dated as the county would have sent them: after the period, during the campaign, not "today".
    for report in Report.objects.select_related("period"):
        assert report.period.end_date < report.uploaded_at.date() < report.period.end_date + datetime.timedelta(days=7)
        assert all(event.created_at >= report.uploaded_at for event in report.events.all())
    campaign = Campaign.objects.get()
    assert all(campaign.start_date <= n.created_at.date() <= campaign.end_date for n in GuidanceNote.objects.all())


def test_demo_weeks_run_without_gaps_from_the_first_monday_to_the_end_of_the_last_month(db):
    _periods()
    months = ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.MONTH).order_by("start_date")
    weeks = list(ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.WEEK).order_by("start_date"))
    for earlier, later in zip(weeks, weeks[1:]):
        assert (later.start_date - earlier.end_date).days == 1  # no gap, no overlap
    assert weeks[0].start_date.weekday() == 0 and (weeks[0].start_date - months.first().start_date).days < 7
    assert weeks[-1].end_date >= months.last().end_date
    assert [p.label for p in weeks[:2]] == ["第1周（2023.09.04起）", "第2周（2023.09.11起）"]
