"""Areas of any depth, and leaders at any level who see everything below them and change nothing."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CountyFactory, RectificationItemFactory, user_with_role
from tracker.permissions import ActionRefused
from tracker.selectors import scope
from tracker.services import rectification_items
from tracker.models import Area, Profile, area_paths_rebuild


@pytest.fixture
def nation(db):
    """全国 → 甲省 → 甲市 → 一县, 二县; 甲省 → 直辖县 (directly under the province); 乙省 → 乙市 → 三县."""
    nation = Area.objects.create(name="全国", level=Area.Level.NATION)
    province = Area.objects.create(name="甲省", level=Area.Level.PROVINCE, parent=nation)
    city = Area.objects.create(name="甲市", level=Area.Level.CITY, parent=province)
    other_city = Area.objects.create(
        name="乙市", level=Area.Level.CITY, parent=Area.objects.create(name="乙省", level="province", parent=nation)
    )
    for name, parent in [("一县", city), ("二县", city), ("直辖县", province), ("三县", other_city)]:
        CountyFactory(name=name, parent=parent)
    return nation


def names(qs):
    return sorted(a.name for a in qs)


def test_paths_follow_the_tree_and_a_move_carries_the_subtree(nation):
    city = Area.objects.get(name="甲市")
    county = Area.objects.get(name="一县")
    assert county.path == f"{nation.pk}/{city.parent_id}/{city.pk}/{county.pk}/"
    city.parent = Area.objects.get(name="乙省")
    city.save()
    county.refresh_from_db()
    assert county.path == f"{nation.pk}/{city.parent_id}/{city.pk}/{county.pk}/"
    Area.objects.update(path="")
    area_paths_rebuild()
    assert Area.objects.get(pk=county.pk).path == county.path


def test_an_area_cannot_move_under_itself(nation):
    province = Area.objects.get(name="甲省")
    province.parent = Area.objects.get(name="甲市")
    with pytest.raises(ValueError):
        province.save()


@pytest.mark.parametrize(
    "area, visible",
    [
        ("全国", ["一县", "三县", "二县", "直辖县"]),
        ("甲省", ["一县", "二县", "直辖县"]),
        ("甲市", ["一县", "二县"]),
        ("三县", ["三县"]),
    ],
)
def test_a_leader_sees_every_county_below_their_area_at_any_depth(nation, area, visible):
    leader = user_with_role(Profile.Role.LEADERSHIP, Area.objects.get(name=area))
    assert names(scope.counties_for(leader)) == visible


def test_a_national_leader_who_is_no_administrator_sees_every_county_and_changes_none(nation, client):
    leader = user_with_role(Profile.Role.LEADERSHIP, nation)
    assert not leader.is_superuser and not leader.is_staff
    every_county = Area.objects.filter(level=Area.Level.COUNTY)
    assert names(scope.counties_for(leader)) == names(every_county)
    for action in (scope.EDIT, scope.REVIEW, scope.APPROVE, scope.GUIDE):
        assert not scope.counties_for(leader, action=action).exists()
    county = every_county.get(name="直辖县")
    item = RectificationItemFactory(county=county, deadline=datetime.date(2023, 12, 31))
    with pytest.raises(ActionRefused):
        rectification_items.rectification_item_update(item=item, actor=leader, data={"description": "改写"})
    with pytest.raises(ActionRefused):
        rectification_items.rectification_item_transition(item=item, status="in_progress", actor=leader)
    client.force_login(leader)
    assert client.get(reverse("county_detail", args=[county.pk])).status_code == 200
    assert client.get(reverse("rectification_detail", args=[item.pk])).status_code == 200
    for name, args in [
        ("rectification_new", [county.pk]),
        ("rectification_edit", [item.pk]),
        ("study_new", [county.pk]),
    ]:
        assert client.post(reverse(name, args=args), {"description": "x"}).status_code in (403, 404)
    response = client.post(reverse("rectification_transition", args=[item.pk]), {"status": "in_progress"})
    item.refresh_from_db()
    assert response.status_code in (302, 403, 404) and item.status == "open"
    assert client.get(reverse("admin:index")).status_code == 302  # no way into the admin either
