import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # Comparison rows are cached by county ids, which a rolled-back test database hands out again.
    cache.clear()
    yield
    cache.clear()
