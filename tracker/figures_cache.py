"""The version that keys every cached aggregate of figures and every cached page of the ledger: each
ingestion or ledger change moves it on, and what was cached under the old version is no longer read."""

import hashlib
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from .selectors import scope

log = logging.getLogger(__name__)

VERSION_KEY = "figures-version"
CACHED_SECONDS = 300

# Rows that cached reads show (the comparison, the group pages, the ledger list): saving or deleting one
# moves the version on once its transaction commits, whoever writes it (a service, the admin, a shell).
# Bulk writes send no signal: ingestion, ledger imports, restores and summary rebuilds call figures_changed.
WATCHED_MODELS = (
    "Area",
    "Campaign",
    "CountyPeriodSummary",
    "DeadlineExtension",
    "Figure",
    "Indicator",
    "RectificationItem",
    "ReportingPeriod",
    "ResearchTopic",
)


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


def cached(name: str, parts: tuple, compute):
    """compute() kept under the current version. `parts` must hold everything else the result depends on:
    the user's scope (scope.scope_key), the filters, the day, the language. Computed afresh when the
    cache is down."""
    version = figures_version()
    if version is None:
        return compute()
    key = f"{name}:{version}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"
    value = cache_call(cache.get, key)
    if value is None:
        value = compute()
        cache_call(cache.set, key, value, CACHED_SECONDS)
    return value


def cached_page(request, name: str, compute, *, extra: tuple = ()):
    """The part of a page below the menu, kept for the requester's scope: keyed on scope.scope_key, `extra`,
    the query, the day (lights and default periods move with it) and the language."""
    parts = (scope.scope_key(request.user), *extra, request.GET.urlencode(), timezone.localdate(), get_language())
    return cached(name, parts, compute)


def _changed_on_commit(sender, **kwargs):
    # After the commit: a reader between the bump and the commit would cache the old rows under the new version.
    transaction.on_commit(figures_changed, using=kwargs.get("using"))


def watch_writes(app_config) -> None:
    """Connect WATCHED_MODELS' saves and deletions to figures_changed (TrackerConfig.ready)."""
    for name in WATCHED_MODELS:
        model = app_config.get_model(name)
        for signal in (post_save, post_delete):
            signal.connect(_changed_on_commit, sender=model)
