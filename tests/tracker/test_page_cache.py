"""The pages cached under the figures version (the ledger list, the comparison): read from the cache
until a write commits, then afresh; never shared between users whose scopes differ."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import RectificationItemFactory, user_with_role
from tracker.models import Profile
from tracker.services import rectification_items

LEDGER = reverse("rectification_list")
COMPARISON = reverse("comparison")


def main_and_queries(client, url, params=None):
    """The page's <main> (the menu holds a CSRF token new on each request) and the queries it took."""
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url, params or {}).content.decode()
    return page[page.index("<main>"):], len(captured)


@pytest.mark.parametrize("params", [None, {"light": "red", "sort": "deadline"}])
def test_the_ledger_list_is_cached_until_an_item_change_commits(
    client, alice, county_a, params, django_capture_on_commit_callbacks
):
    item = RectificationItemFactory(county=county_a, description="排水沟渠清淤")
    client.force_login(alice)
    first, cold = main_and_queries(client, LEDGER, params)
    again, warm = main_and_queries(client, LEDGER, params)
    assert "排水沟渠清淤" in first and again == first and warm < cold
    with django_capture_on_commit_callbacks(execute=True):
        rectification_items.rectification_item_update(item=item, actor=alice, data={"description": "背街小巷道路修缮"})
    page = client.get(LEDGER, params or {}).content.decode()
    assert "背街小巷道路修缮" in page and "排水沟渠清淤" not in page


def test_a_write_outside_the_services_also_refreshes_the_cached_pages(
    client, leader, county_a, period, django_capture_on_commit_callbacks
):
    RectificationItemFactory(county=county_a)
    client.force_login(leader)
    assert all("甲县" in client.get(url).content.decode() for url in (LEDGER, COMPARISON))
    with django_capture_on_commit_callbacks(execute=True):
        county_a.name = "甲新县"  # as the admin renames a county
        county_a.save()
    for url in (LEDGER, COMPARISON):
        page = client.get(url).content.decode()
        assert "甲新县" in page and "甲县" not in page


def test_county_offices_never_read_each_others_cached_list(client, alice, bob, county_a, county_b):
    RectificationItemFactory(county=county_a, description="甲县的问题")
    RectificationItemFactory(county=county_b, description="乙县的问题")
    client.force_login(alice)
    assert "甲县的问题" in client.get(LEDGER).content.decode()
    client.force_login(bob)
    page = client.get(LEDGER).content.decode()
    assert "乙县的问题" in page and "甲县的问题" not in page


def test_leaders_of_different_areas_never_read_each_others_cached_pages(
    client, leader, county_a, county_b, county_elsewhere, period
):
    RectificationItemFactory(county=county_a, description="甲县的问题")
    RectificationItemFactory(county=county_elsewhere, description="丙县的问题")
    elsewhere_leader = user_with_role(Profile.Role.LEADERSHIP, county_elsewhere.parent, user__username="leader2")
    client.force_login(leader)
    mine = {url: client.get(url).content.decode() for url in (LEDGER, COMPARISON)}
    assert "甲县" in mine[COMPARISON] and "丙县" not in mine[COMPARISON] and "丙县的问题" not in mine[LEDGER]
    client.force_login(elsewhere_leader)
    theirs = {url: client.get(url).content.decode() for url in (LEDGER, COMPARISON)}
    assert "丙县" in theirs[COMPARISON] and "甲县" not in theirs[COMPARISON]
    assert "丙县的问题" in theirs[LEDGER] and "甲县的问题" not in theirs[LEDGER]


def test_a_scope_that_changes_reads_a_new_entry(client, guide, county_a, county_b):
    RectificationItemFactory(county=county_a, description="甲县的问题")
    client.force_login(guide)
    assert "甲县的问题" not in client.get(LEDGER).content.decode()
    guide.working_groups.get().counties.add(county_a)  # no row of the ledger changes, the scope does
    assert "甲县的问题" in client.get(LEDGER).content.decode()
