"""`manage.py seed_scale` fills an empty database with a country of counties for the benchmarks."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from reports.demo.scale import LOGINS
from reports.models import Report
from tracker.selectors import scope
from tracker.models import Area, CountyPeriodSummary, RectificationItem


def test_it_seeds_every_level_every_role_and_the_ledger(db):
    call_command("seed_scale", counties=23, items=500, stdout=io.StringIO())
    counties = Area.objects.filter(level="county")
    assert counties.count() == 23 and Area.objects.filter(level="nation").count() == 1
    assert Area.objects.filter(level="province").count() == 1 and Area.objects.filter(level="city").count() == 3
    assert RectificationItem.objects.count() == 500
    assert {c.path.count("/") for c in counties} == {4}
    users = {login: User.objects.get(username=login) for login in vars(LOGINS).values()}
    assert scope.counties_for(users[LOGINS.nation]).count() == 23
    assert scope.counties_for(users[LOGINS.nation], action=scope.EDIT).count() == 0
    assert scope.counties_for(users[LOGINS.guidance]).count() == 10
    assert scope.counties_for(users[LOGINS.county]).count() == 1
    assert Report.objects.filter(status="confirmed").exists()
    assert CountyPeriodSummary.objects.filter(items_found__gt=0).exists()
    client = Client()
    client.force_login(users[LOGINS.nation])
    assert client.get(reverse("rectification_list")).status_code == 200
    assert client.get(reverse("comparison")).status_code == 200


def test_it_refuses_a_database_that_has_areas(county_a):
    with pytest.raises(CommandError, match="已有地区"):
        call_command("seed_scale", counties=3, items=10)
