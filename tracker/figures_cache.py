"""The version that keys every cached aggregate of figures: each ingestion or ledger change moves it on,
and what was cached under the old version is no longer read."""

import logging

from django.core.cache import cache

log = logging.getLogger(__name__)

VERSION_KEY = "figures-version"


def cache_call(operation, *args):
    """A cache operation that cannot break a page: when the cache is down, None, and the caller reads the
    database (whatever the backend raises)."""
    try:
        return operation(*args)
    except Exception as exc:
        log.warning("cache unavailable, reading the database: %s", exc)
        return None


def figures_version() -> int | None:
    """The current version, or None when the cache is down (then nothing is cached)."""
    return cache_call(cache.get_or_set, VERSION_KEY, 1, None)


def figures_changed() -> None:
    """Called by every ingestion: cached aggregates keyed on the version are dropped. (With the cache down
    nothing is cached, and what it held before expires within its timeout.)"""
    # add() first: incr() of a key not yet set raises, which is no outage to log.
    if cache_call(cache.add, VERSION_KEY, 1, None) is not None:
        cache_call(cache.incr, VERSION_KEY)
