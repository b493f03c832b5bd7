import pytest

from tests.factories import user_with_role
from tracker.models import Profile


@pytest.fixture
def rita(county_a):
    return user_with_role(Profile.Role.COUNTY_REVIEWER, county_a, user__username="rita")
