"""On PostgreSQL the ledger list's sorts and search can be served by their indexes: the expressions the
list queries with are the ones indexed (seeded through seed_scale's COPY path)."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from reports.demo.scale import LOGINS
from tracker.filters import list_filter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a small table would be scanned; ask what can serve it
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return plan


@pytest.fixture
def seeded():
    assert connection.vendor == "postgresql", "需要设置 DATABASE_URL 指向 PostgreSQL"
    call_command("seed_scale", counties=40, items=4000, stdout=io.StringIO())
    return User.objects.get(username=LOGINS.nation)


def _page(user, data, order):
    return list_filter("rectification", user, data).qs.order_by(*order)[:51]


def test_the_urgency_sort_and_the_light_filters_use_the_urgency_index(seeded):
    assert "rectification_urgency" in _plan(_page(seeded, {}, ["closed_rank", "deadline", "id"]))
    assert "rectification_urgency" in _plan(_page(seeded, {"light": "yellow"}, ["closed_rank", "deadline", "id"]))


def test_the_other_sorts_use_their_indexes(seeded):
    assert "rectification_deadline" in _plan(_page(seeded, {}, ["-deadline", "-id"]))
    assert "rectification_number" in _plan(_page(seeded, {}, ["ledger_number", "id"]))


def test_the_keyword_search_uses_the_trigram_index(seeded):
    assert "rectification_search" in _plan(list_filter("rectification", seeded, {"q": "老旧小区改造"}).qs.order_by())
