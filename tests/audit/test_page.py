"""The audit trail page: the auditor's alone, filtered and paginated, in Chinese."""

import datetime

import pytest
from django.urls import reverse

from tracker.audit.models import AuditEvent
from tracker.audit.services import audit_record

Kind, Outcome = AuditEvent.Kind, AuditEvent.Outcome


def rows(response):
    return list(response.context["page"].object_list)


def event(day, kind, outcome=Outcome.SUCCESS, user=None, username="", **fields):
    """An event of October 2023: the tests read that month only, apart from what their own fixtures cause."""
    when = datetime.datetime(2023, 10, day, 9, tzinfo=datetime.timezone.utc)
    return AuditEvent.objects.create(created_at=when, kind=kind, outcome=outcome, user=user,
                                     username=user.username if user else username, **fields)


OCTOBER = {"since": "2023-10-01", "until": "2023-10-31"}


@pytest.fixture
def trail(alice, bob, county_a, county_b):
    event(2, Kind.ACCESS_DENIED, Outcome.DENIED, alice, detail={"status": 404})
    event(20, Kind.LOGIN, user=alice)
    event(21, Kind.LOGIN, Outcome.FAILURE, username="bob")
    event(22, Kind.EXPORT, user=bob, county=county_b, detail={"list": "整改台账", "format": "csv"})
    event(23, Kind.USER_CHANGE, user=bob, object_type="auth.user", object_id=str(alice.pk), object_repr="alice")


def test_a_county_user_and_an_administrator_do_not_find_the_page(client, alice, admin_user, trail):
    for user in (alice, admin_user):
        client.force_login(user)
        assert client.get(reverse("audit_event_list")).status_code == 404


def test_the_auditor_reads_the_whole_trail_newest_first(client, auditor, trail):
    client.force_login(auditor)
    response = client.get(reverse("audit_event_list"), OCTOBER)

    assert response.status_code == 200
    assert [e.kind for e in rows(response)] == [Kind.USER_CHANGE, Kind.EXPORT, Kind.LOGIN, Kind.LOGIN, Kind.ACCESS_DENIED]
    page = response.content.decode()
    assert "审计日志" in page and "导出" in page and "列表：整改台账" in page and "拒绝访问" in page


@pytest.mark.parametrize(
    "query, kinds",
    [
        ({"kind": Kind.LOGIN}, {Kind.LOGIN}),
        ({"outcome": Outcome.FAILURE}, {Kind.LOGIN}),
        ({"username": "bob"}, {Kind.LOGIN, Kind.EXPORT, Kind.USER_CHANGE}),
        ({"until": "2023-10-19"}, {Kind.ACCESS_DENIED}),
        ({"since": "2023-10-22"}, {Kind.EXPORT, Kind.USER_CHANGE}),
    ],
)
def test_the_auditor_filters(client, auditor, trail, query, kinds):
    client.force_login(auditor)

    assert {e.kind for e in rows(client.get(reverse("audit_event_list"), {**OCTOBER, **query}))} == kinds


def test_filter_by_county_and_object(client, auditor, trail, county_b, alice):
    client.force_login(auditor)
    url = reverse("audit_event_list")

    assert [e.kind for e in rows(client.get(url, {**OCTOBER, "county": county_b.pk}))] == [Kind.EXPORT]
    for obj in ("alice", str(alice.pk)):
        found = rows(client.get(url, {**OCTOBER, "obj": obj}))
        assert [(e.kind, e.object_id) for e in found] == [(Kind.USER_CHANGE, str(alice.pk))]


def test_bad_filters_say_so_and_do_not_crash(client, auditor, trail):
    client.force_login(auditor)

    response = client.get(reverse("audit_event_list"), {"since": "昨天", "kind": "nonsense", "page": "x"})

    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()


def test_the_trail_is_paginated_and_keeps_the_filters(client, auditor, alice):
    for _ in range(51):
        audit_record(kind=Kind.DOWNLOAD, user=alice)  # the product's own write
    client.force_login(auditor)

    first = client.get(reverse("audit_event_list"), {"kind": Kind.DOWNLOAD})
    second = client.get(reverse("audit_event_list"), {"kind": Kind.DOWNLOAD, "page": 2})

    assert len(rows(first)) == 50 and len(rows(second)) == 1
    assert "?kind=download&page=2" in first.content.decode()


def test_an_empty_trail_says_so(client, auditor):
    client.force_login(auditor)

    assert "没有符合条件的记录" in client.get(reverse("audit_event_list"), {"username": "nobody"}).content.decode()


def test_the_auditor_is_sent_to_the_trail_and_sees_its_link(client, auditor):
    client.force_login(auditor)

    assert client.get(reverse("home")).url == reverse("audit_event_list")
    assert f'href="{reverse("audit_event_list")}"' in client.get(reverse("audit_event_list")).content.decode()
