"""The top navigation and the county header: each role sees what means something to it."""
import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory, WorkingGroupFactory, user_with_role
from tracker.models import Profile, WorkingGroup


def nav_links(client, user):
    client.force_login(user)
    page = client.get(reverse("report_list")).content.decode()
    nav = re.search(r"<nav>(.*?)</nav>", page, re.S).group(1)
    return re.findall(r">([^<>]+)</a>", nav)


@pytest.fixture
def reviewer(county_a):
    return user_with_role(Profile.Role.COUNTY_REVIEWER, county_a, user__username="reviewer")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


EVERYONE = ["首页", "进展报告", "整改台账", "学习活动", "调研课题"]


@pytest.mark.parametrize(
    "who, links",
    [
        ("alice", EVERYONE),
        ("reviewer", EVERYONE),
        ("guide", EVERYONE + ["各县对比", "指导组", "通报"]),
        ("leader", EVERYONE + ["各县对比", "指导组", "通报"]),
        ("admin_user", EVERYONE + ["各县对比", "指导组", "通报", "触发词建议", "管理后台"]),
    ],
)
def test_each_role_sees_its_own_top_navigation(client, request, who, links):
    assert nav_links(client, request.getfixturevalue(who)) == links


def test_the_admin_link_leads_to_the_admin(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("report_list")).content.decode()
    assert f'href="{reverse("admin:index")}">管理后台</a>' in page
    assert client.get(reverse("admin:index")).status_code == 200


def test_study_and_research_are_reachable_from_every_page(client, alice):
    client.force_login(alice)
    page = client.get(reverse("rectification_list")).content.decode()
    assert f'href="{reverse("study_list")}">学习活动</a>' in page
    assert f'href="{reverse("research_list")}">调研课题</a>' in page


def test_a_county_office_sees_which_groups_supervise_it(client, alice, county_a, county_b):
    guidance = WorkingGroupFactory(name="第三巡回指导组", kind=WorkingGroup.Kind.GUIDANCE)
    liaison = WorkingGroupFactory(name="第二联络组", kind=WorkingGroup.Kind.LIAISON)
    elsewhere = WorkingGroupFactory(name="第九巡回指导组", kind=WorkingGroup.Kind.GUIDANCE)
    guidance.counties.set([county_a])
    liaison.counties.set([county_a, county_b])
    elsewhere.counties.set([county_b])
    client.force_login(alice)
    page = client.get(reverse("county_detail", args=[county_a.pk])).content.decode()
    header = re.search(r'<p id="supervising-groups">(.*?)</p>', page, re.S).group(1)
    assert header == "督导本县：第三巡回指导组、第二联络组"
    groups_page = client.get(reverse("group_list")).content.decode()
    assert "第三巡回指导组" in groups_page and "第二联络组" in groups_page
    assert "第九巡回指导组" not in groups_page
    assert "您目前不属于任何指导组或联络组" not in groups_page


def test_a_county_nobody_supervises_says_so(client, alice, county_a):
    client.force_login(alice)
    page = client.get(reverse("county_detail", args=[county_a.pk])).content.decode()
    assert "督导本县：<span class=\"muted\">尚未安排巡回指导组或联络组</span>" in page
