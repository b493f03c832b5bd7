"""Shared fixtures: two counties in one city, a third in another city, and users for every role.

alice works in county_a, bob in county_b (a peer in the same city), charlie has no role at all; rita is
county_a's reviewer, the second pair of eyes on alice's work.
"""
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import CityFactory, CountyFactory, PeriodFactory, WorkingGroupFactory, user_with_role
from tracker.models import Profile

# Hypothesis (tests/reports/test_fuzzing.py): `ci`, the default, tries a moderate number of inputs, the same
# on every run so that a run fails only for a change; HYPOTHESIS_PROFILE=fuzz searches long with new inputs.
hypothesis_settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.register_profile("fuzz", max_examples=3000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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


@pytest.fixture(autouse=True)
def _audit_trail_guard_between_tests(request):
    """On PostgreSQL the audit table refuses TRUNCATE (tracker/audit migration 0002), and a transactional
    test ends by truncating every table. That teardown runs in replica mode (superuser only: ordinary
    triggers do not fire); every database test starts with the triggers on again."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    from django.db import connection

    if not uses_db or connection.vendor != "postgresql":
        yield
        return
    request.getfixturevalue("_django_db_helper")  # after the test database is set up, before its teardown
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
    yield
    if connection.in_atomic_block:  # a test inside a transaction is rolled back, not truncated
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")


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
def rita(county_a):
    return user_with_role(Profile.Role.COUNTY_REVIEWER, county_a, user__username="rita")


@pytest.fixture
def charlie(db):
    from tests.factories import UserFactory

    return UserFactory(username="charlie")


@pytest.fixture
def auditor(db):
    return user_with_role(Profile.Role.AUDITOR, None, user__username="auditor")


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


# Tests marked `shared` (they read ../shared) or `tool("soffice", ...)` (they run a system program) are
# skipped where that is missing, and counted in one line at the end of the run. REQUIRE_ALL=1 (.ci/run)
# makes each of them fail instead, so that CI cannot pass without running everything.
_not_run = pytest.StashKey[list]()


def _missing_for(item) -> list[str]:
    missing = [] if item.get_closest_marker("shared") is None or SHARED.is_dir() else ["../shared"]
    tools = {name for mark in item.iter_markers("tool") for name in mark.args}
    return missing + sorted(name for name in tools if shutil.which(name) is None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    missing = _missing_for(item)
    if not missing:
        return
    if os.environ.get("REQUIRE_ALL") == "1":
        pytest.fail(f"REQUIRE_ALL=1 but this test needs what is missing here: {', '.join(missing)}", pytrace=False)
    item.config.stash.setdefault(_not_run, []).append(missing)
    pytest.skip(f"needs {', '.join(missing)}")


def pytest_terminal_summary(terminalreporter, config):
    not_run = config.stash.get(_not_run, [])
    if not_run:
        needs = Counter(name for missing in not_run for name in missing)
        terminalreporter.write_line(
            f"NOT RUN: {len(not_run)} tests that need what this machine lacks: "
            f"{', '.join(f'{name} ({count})' for name, count in sorted(needs.items()))}; "
            "install the tools and put ../shared beside the repo to run them (README, 'The full test suite')."
        )
