import pytest

from tests.factories import CountyFactory, user_with_role
from tracker.models import Profile
from tracker.selectors.scope import EDIT, counties_for


def names(qs):
    return sorted(c.name for c in qs)


def test_county_office_sees_and_edits_only_its_county(alice, county_a, county_b):
    assert names(counties_for(alice)) == ["甲县"]
    assert names(counties_for(alice, action=EDIT)) == ["甲县"]


def test_leader_sees_every_county_under_the_city_and_edits_none(leader, county_a, county_b, county_elsewhere):
    assert names(counties_for(leader)) == ["乙县", "甲县"]
    assert names(counties_for(leader, action=EDIT)) == []


def test_province_leader_sees_counties_of_all_its_cities(county_a, county_elsewhere):
    province = county_a.parent.parent
    other_city_county = CountyFactory(
        name="丁县", parent=county_a.parent.__class__.objects.create(name="另一市", level="city", parent=province)
    )
    user = user_with_role(Profile.Role.LEADERSHIP, province)
    assert names(counties_for(user)) == sorted(["甲县", other_city_county.name])


def test_guidance_member_sees_the_group_counties_only(guide, county_a, county_b, county_elsewhere):
    assert names(counties_for(guide)) == ["丙县", "乙县"]
    assert names(counties_for(guide, action=EDIT)) == []


def test_user_without_role_sees_nothing(charlie, county_a):
    assert names(counties_for(charlie)) == []


@pytest.mark.django_db
def test_superuser_sees_all(county_a, county_elsewhere, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw-12345678")
    assert names(counties_for(admin)) == ["丙县", "甲县"]


def test_comparison_counts_problems_per_thousand_members(leader, county_a, period):
    from decimal import Decimal

    from tracker.models import Figure, Indicator
    from tracker.selectors.dashboards import county_comparison

    county_a.party_member_count = 12500
    county_a.save()
    found = Indicator.objects.get(code="rectify_problems_found")
    Figure.objects.create(
        county=county_a, period=period, indicator=found, value=Decimal(50), source=Figure.Source.MANUAL
    )
    row = next(r for r in county_comparison(leader) if r["county"] == "甲县")
    assert row["found_per_thousand"] == 4.0
