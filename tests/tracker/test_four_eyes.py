"""Four eyes on the ledger, through the views: an item awaiting review is frozen until the county office
takes it back (撤回); a deadline moves only when the county's reviewer or a supervising guidance group
approves the office's request, and the lights, the item pages and the per-county counts follow.

alice works in 甲县's office, rita is 甲县's reviewer, gina is in the guidance group that supervises 甲县.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import RectificationItemFactory, WorkingGroupFactory, user_with_role
from tracker.selectors import dashboards, lights, records
from tracker.models import DeadlineExtension, Profile, RectificationItem

Status = RectificationItem.Status
TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def gina(county_a):
    user = user_with_role(Profile.Role.GUIDANCE, None, user__username="gina")
    group = WorkingGroupFactory(name="第五巡回指导组")
    group.counties.add(county_a)
    group.members.add(user)
    return user


@pytest.fixture
def overdue(county_a):
    return RectificationItemFactory(
        county=county_a, ledger_number="031", status=Status.IN_PROGRESS, deadline=TODAY - datetime.timedelta(days=3)
    )


def light_of(user, item):
    return records.rectification_item_for(user, item.pk)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# ---- an item awaiting review is taken back before it is edited ----------------------------------------


def test_the_office_cannot_edit_an_item_awaiting_review_and_takes_it_back_first(client, alice, county_a):
    item = RectificationItemFactory(
        county=county_a, ledger_number="032", status=Status.PENDING_REVIEW, submitted_by=alice, measures="原措施"
    )
    client.force_login(alice)
    page = client.get(reverse("rectification_detail", args=[item.pk])).content.decode()
    assert reverse("rectification_edit", args=[item.pk]) not in page
    assert "请先撤回" in page and "撤回（修改后重新提交审核）" in page and "审核通过，销号" not in page

    edit = {"ledger_number": "032", "description": item.description, "source": item.source, "level": item.level,
            "measures": "改写后的措施"}
    response = client.post(reverse("rectification_edit", args=[item.pk]), edit, follow=True)
    assert any("请先撤回" in m for m in messages_of(response))
    assert RectificationItem.objects.get(pk=item.pk).measures == "原措施"
    transition = reverse("rectification_transition", args=[item.pk])
    assert client.post(transition, {"status": Status.CLOSED}).status_code == 403

    client.post(transition, {"status": Status.IN_PROGRESS, "reason": "补充整改措施"})
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    withdrawal = item.changes.get(field="status")
    assert (withdrawal.old_value, withdrawal.new_value, withdrawal.reason, withdrawal.actor) == (
        "已整改待审核", "整改中", "撤回：补充整改措施", alice
    )
    assert withdrawal.created_at is not None

    client.post(reverse("rectification_edit", args=[item.pk]), edit)
    client.post(transition, {"status": Status.PENDING_REVIEW, "closure_note": "措施已落实"})
    item.refresh_from_db()
    assert (item.measures, item.status) == ("改写后的措施", Status.PENDING_REVIEW)


def test_the_reviewer_still_sends_back_with_a_reason_and_that_is_no_withdrawal(client, alice, rita, county_a):
    item = RectificationItemFactory(county=county_a, status=Status.PENDING_REVIEW, submitted_by=alice)
    client.force_login(rita)
    page = client.get(reverse("rectification_detail", args=[item.pk])).content.decode()
    assert "退回重新整改" in page and "撤回" not in page
    client.post(reverse("rectification_transition", args=[item.pk]), {"status": Status.IN_PROGRESS, "reason": "佐证不足"})
    assert RectificationItem.objects.get(pk=item.pk).changes.get(field="status").reason == "佐证不足"


# ---- deadline extensions ------------------------------------------------------------------------------


def test_the_office_no_longer_moves_a_deadline_in_the_item_form(client, alice, overdue):
    client.force_login(alice)
    assert 'name="deadline"' not in client.get(reverse("rectification_edit", args=[overdue.pk])).content.decode()
    client.post(
        reverse("rectification_edit", args=[overdue.pk]),
        {"ledger_number": "031", "description": overdue.description, "source": overdue.source,
         "level": overdue.level, "deadline": LATER.isoformat()},
    )
    assert RectificationItem.objects.get(pk=overdue.pk).deadline == overdue.deadline


def request_extension(client, item, deadline=LATER, reason="汛期施工受阻，管网改造顺延"):
    return client.post(
        reverse("extension_request", args=[item.pk]),
        {"requested_deadline": deadline.isoformat(), "reason": reason},
        follow=True,
    )


def decide(client, extension, status, note=""):
    return client.post(reverse("extension_decide", args=[extension.pk]), {"status": status, "note": note}, follow=True)


def test_a_request_waits_and_the_light_keeps_the_approved_deadline(client, alice, rita, overdue):
    client.force_login(alice)
    request_extension(client, overdue)
    extension = DeadlineExtension.objects.get()
    assert (extension.status, extension.previous_deadline, extension.requested_by) == (
        "requested", overdue.deadline, alice
    )
    item = light_of(alice, overdue)
    assert (item.deadline, item.light, item.extension_count) == (overdue.deadline, lights.RED, 0)
    assert item.changes.get(field="deadline").new_value == f"申请延至{LATER:%Y-%m-%d}（待审批）"
    # The office that asked does not decide, and a second request waits for the first.
    assert decide(client, extension, "approved").status_code == 403
    assert any("已有待审批的延期申请" in m for m in messages_of(request_extension(client, overdue)))
    assert DeadlineExtension.objects.count() == 1


@pytest.mark.parametrize("decider", ["rita", "gina"])
def test_the_reviewer_or_the_guidance_group_approves_and_the_light_turns(
    client, request, alice, overdue, county_a, decider
):
    client.force_login(alice)
    request_extension(client, overdue)
    extension = DeadlineExtension.objects.get()
    client.force_login(request.getfixturevalue(decider))
    page = client.get(reverse("rectification_detail", args=[overdue.pk])).content.decode()
    assert "批准延期" in page
    decide(client, extension, "approved", "同意")
    extension.refresh_from_db()
    assert (extension.status, extension.decided_by.username, extension.decision_note) == ("approved", decider, "同意")

    item = light_of(alice, overdue)
    assert (item.deadline, item.light) == (LATER, lights.GREEN)
    assert (item.extension_count, item.original_deadline) == (1, overdue.deadline)
    approval = item.changes.filter(field="deadline").last()
    assert (approval.old_value, approval.new_value, approval.actor.username) == (
        overdue.deadline.isoformat(), LATER.isoformat(), decider
    )
    client.force_login(alice)
    detail = client.get(reverse("rectification_detail", args=[overdue.pk])).content.decode()
    assert f"已批准延期1次，原时限 {overdue.deadline:%Y-%m-%d}" in detail
    listing = client.get(reverse("rectification_list")).content.decode()
    assert f"原时限 {overdue.deadline:%Y-%m-%d}" in listing
    assert dashboards.ledger_counts([county_a])[county_a.pk]["extensions"] == 1


def test_a_refused_request_changes_no_deadline_light_or_count(client, alice, rita, leader, overdue, county_a):
    client.force_login(alice)
    request_extension(client, overdue)
    extension = DeadlineExtension.objects.get()
    client.force_login(rita)
    assert any("请写明理由" in m for m in messages_of(decide(client, extension, "refused")))
    decide(client, extension, "refused", "理由不充分")
    extension.refresh_from_db()
    assert (extension.status, extension.decided_by, extension.decision_note) == ("refused", rita, "理由不充分")
    item = light_of(alice, overdue)
    assert (item.deadline, item.light, item.extension_count, item.original_deadline) == (
        overdue.deadline, lights.RED, 0, overdue.deadline
    )
    assert decide(client, extension, "approved").status_code == 403  # decided once
    client.force_login(leader)
    assert [r["ledger_extensions"] for r in dashboards.county_comparison(leader) if r["county_id"] == county_a.pk] == [0]


def test_leaders_and_guidance_groups_see_extension_counts_per_county(client, alice, rita, gina, leader, overdue):
    client.force_login(alice)
    request_extension(client, overdue)
    client.force_login(rita)
    decide(client, DeadlineExtension.objects.get(), "approved")
    client.force_login(alice)
    request_extension(client, overdue, LATER + datetime.timedelta(days=30), "需财政追加资金")
    client.force_login(gina)
    decide(client, DeadlineExtension.objects.get(status="requested"), "approved")
    assert light_of(alice, overdue).original_deadline == overdue.deadline  # the first one's, not the second's

    client.force_login(leader)
    page = client.get(reverse("comparison")).content.decode()
    assert "延期（已批准）" in page
    row = next(r for r in dashboards.county_comparison(leader) if r["county_id"] == overdue.county_id)
    assert row["ledger_extensions"] == 2
    client.force_login(gina)
    group = gina.working_groups.get()
    page = client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert "延期（已批准）" in page and "<td>2</td>" in page


@pytest.mark.parametrize("who", ["bob", "leader", "charlie"])
def test_outsiders_neither_request_nor_decide(client, request, alice, overdue, who):
    client.force_login(alice)
    request_extension(client, overdue)
    extension = DeadlineExtension.objects.get()
    client.force_login(request.getfixturevalue(who))
    assert request_extension(client, overdue).status_code in (403, 404)
    assert decide(client, extension, "approved").status_code in (403, 404)
    assert DeadlineExtension.objects.get().status == "requested"


def test_the_reviewer_cannot_request_an_extension(client, rita, overdue):
    client.force_login(rita)
    page = client.get(reverse("rectification_detail", args=[overdue.pk])).content.decode()
    assert 'id="extension-request-form"' not in page
    assert request_extension(client, overdue).status_code == 404
    assert not DeadlineExtension.objects.exists()


def test_the_extension_counts_cost_no_query_per_county(leader, city, alice, rita):
    from tests.factories import CountyFactory

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            dashboards.county_comparison(leader)
        return len(captured)

    def extended_item(county):
        item = RectificationItemFactory(county=county, deadline=TODAY)
        DeadlineExtension.objects.create(
            item=item, previous_deadline=TODAY, requested_deadline=LATER, reason="顺延", requested_by=alice,
            status="approved", decided_by=rita, decided_at=timezone.now(),
        )

    extended_item(CountyFactory(name="一县", parent=city))
    queries()  # reads the leader's profile, kept on the user object afterwards
    few = queries()
    for name in ("二县", "三县", "四县"):
        extended_item(CountyFactory(name=name, parent=city))
    assert queries() == few
    assert sorted(r["ledger_extensions"] for r in dashboards.county_comparison(leader)) == [0, 1, 1, 1, 1]
