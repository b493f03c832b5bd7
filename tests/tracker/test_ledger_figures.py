"""Ledger figures beside reported figures, traffic-light counts, and who may approve."""

import datetime
from decimal import Decimal

from django.urls import reverse

from tests.factories import PeriodFactory, RectificationItemFactory, user_with_role
from tracker.models import Figure, Indicator, Profile, WorkingGroup
from tracker.selectors.dashboards import ledger_counts, ledger_period_figures
from tracker.selectors.scope import APPROVE, EDIT, counties_for
from tracker.summary import summaries_rebuild, summary_refresh

TODAY = datetime.date(2023, 12, 20)


def names(qs):
    return sorted(c.name for c in qs)


def report(county, period, code, value):
    Figure.objects.create(
        county=county,
        period=period,
        indicator=Indicator.objects.get(code=code),
        value=Decimal(value),
        source=Figure.Source.REPORT,
    )


def test_approval_is_for_reviewers_and_guidance_groups_only(county_a, county_b, county_elsewhere, alice, guide, leader):
    reviewer = user_with_role(Profile.Role.COUNTY_REVIEWER, county_a)
    assert names(counties_for(reviewer, action=APPROVE)) == ["甲县"]
    assert names(counties_for(guide, action=APPROVE)) == ["丙县", "乙县"]
    assert names(counties_for(guide, action=EDIT)) == []
    assert names(counties_for(alice, action=APPROVE)) == []
    assert names(counties_for(leader, action=APPROVE)) == []
    liaison_member = user_with_role(Profile.Role.GUIDANCE, None)
    liaison = WorkingGroup.objects.create(name="联络组", kind=WorkingGroup.Kind.LIAISON)
    liaison.counties.add(county_a)
    liaison.members.add(liaison_member)
    assert names(counties_for(liaison_member)) == ["甲县"]
    assert names(counties_for(liaison_member, action=APPROVE)) == []


def test_light_counts_per_county(county_a, county_b):
    for days, status in [
        (-1, "open"),
        (-30, "in_progress"),
        (0, "open"),
        (7, "pending_review"),
        (8, "open"),
        (-5, "closed"),
        (None, "open"),
    ]:
        deadline = TODAY + datetime.timedelta(days=days) if days is not None else None
        RectificationItemFactory(county=county_a, deadline=deadline, status=status)
    RectificationItemFactory(county=county_b, deadline=TODAY - datetime.timedelta(days=3))
    counts = ledger_counts([county_a, county_b], today=TODAY)
    assert counts[county_a.pk] == {"found": 7, "closed": 1, "overdue": 2, "due_soon": 2, "on_track": 3}
    assert counts[county_b.pk] == {"found": 1, "closed": 0, "overdue": 1, "due_soon": 0, "on_track": 0}


def test_period_figures_show_the_ledger_at_each_period_end_beside_the_report(county_a):
    november = PeriodFactory(
        start_date=datetime.date(2023, 11, 1), end_date=datetime.date(2023, 11, 30), label="2023年11月"
    )
    december = PeriodFactory(
        campaign=november.campaign,
        start_date=datetime.date(2023, 12, 1),
        end_date=datetime.date(2023, 12, 31),
        label="2023年12月",
    )
    created = datetime.datetime(2023, 11, 5, tzinfo=datetime.UTC)
    RectificationItemFactory(
        county=county_a,
        created_at=created,
        deadline=datetime.date(2023, 11, 20),
        status="closed",
        closed_date=datetime.date(2023, 12, 10),
    )
    RectificationItemFactory(county=county_a, created_at=created, deadline=datetime.date(2023, 12, 31))
    RectificationItemFactory(county=county_a, created_at=datetime.datetime(2023, 12, 5, tzinfo=datetime.UTC))
    report(county_a, november, "rectify_problems_found", 2)
    report(county_a, december, "rectify_problems_found", 3)
    report(county_a, december, "rectify_problems_closed", 5)  # 4 more than the ledger: beyond the tolerance
    summary_refresh(county=county_a)
    rows = ledger_period_figures(county_a, [november, december])
    assert [
        (
            r["found"],
            r["closed"],
            r["overdue"],
            r["closure_rate"],
            r["reported_found"],
            r["reported_closed"],
            r["differs"],
        )
        for r in rows
    ] == [
        (2, 0, 1, 0.0, 2, None, False),
        (3, 1, 0, 33.3, 3, 5, True),
    ]


def test_the_comparison_group_and_county_pages_flag_disagreement(
    client, leader, guide, alice, county_a, county_b, period
):
    report(county_a, period, "rectify_problems_found", 9)  # 8 more than the ledger: beyond the tolerance
    report(county_b, period, "rectify_problems_found", 1)
    RectificationItemFactory(county=county_a, created_at=datetime.datetime(2023, 1, 2, tzinfo=datetime.UTC))
    RectificationItemFactory(county=county_b, created_at=datetime.datetime(2023, 1, 2, tzinfo=datetime.UTC))
    summaries_rebuild()
    client.force_login(leader)
    table = client.get(reverse("comparison")).content.decode()
    rows = {county: table[table.index(f">{county}</a>") :].split("</tr>")[0] for county in ("甲县", "乙县")}
    assert "不一致" in rows["甲县"] and "不一致" not in rows["乙县"]
    client.force_login(guide)
    group_page = client.get(reverse("group_detail", args=[guide.working_groups.get().pk])).content.decode()
    assert "乙县" in group_page and "不一致" not in group_page
    client.force_login(alice)
    county_page = client.get(reverse("county_detail", args=[county_a.pk])).content.decode()
    assert 'id="period-figures"' in county_page and 'id="county-lights"' in county_page
