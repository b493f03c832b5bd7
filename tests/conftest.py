"""Shared fixtures: two counties in one city, a third in another city, and users for every role.

alice works in county_a, bob in county_b (a peer in the same city), charlie has no role at all.
"""
from pathlib import Path

import pytest

from tests.factories import CityFactory, CountyFactory, PeriodFactory, WorkingGroupFactory, user_with_role
from tracker.models import Profile

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Comparison rows are cached by county ids, which a rolled-back test database hands out again.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(db):
    return CityFactory(name="汉阴市")


@pytest.fixture
def county_a(city):
    return CountyFactory(name="甲县", parent=city)


@pytest.fixture
def county_b(city):
    return CountyFactory(name="乙县", parent=city)


@pytest.fixture
def county_elsewhere(db):
    return CountyFactory(name="丙县")


@pytest.fixture
def period(db):
    return PeriodFactory()


@pytest.fixture
def alice(county_a):
    return user_with_role(Profile.Role.COUNTY_OFFICE, county_a, user__username="alice")


@pytest.fixture
def bob(county_b):
    return user_with_role(Profile.Role.COUNTY_OFFICE, county_b, user__username="bob")


@pytest.fixture
def charlie(db):
    from tests.factories import UserFactory

    return UserFactory(username="charlie")


@pytest.fixture
def leader(city):
    return user_with_role(Profile.Role.LEADERSHIP, city, user__username="leader")


@pytest.fixture
def guide(county_b, county_elsewhere):
    user = user_with_role(Profile.Role.GUIDANCE, None, user__username="guide")
    group = WorkingGroupFactory(name="第一巡回指导组")
    group.counties.set([county_b, county_elsewhere])
    group.members.add(user)
    return user


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Lets fixtures see whether the test body failed (browser screenshots are kept only then).
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
