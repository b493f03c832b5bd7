"""The rectification workflow: 未整改 → 整改中 → 已整改待审核 → 已销号, a second person closes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import RectificationItemFactory, UserFactory, user_with_role
from tracker.models import Profile, RectificationItem, ResearchTopic, WorkingGroup
from tracker.permissions import ActionRefused
from tracker.services.rectification_items import (
    rectification_evidence_add,
    rectification_item_transition,
    rectification_item_update,
)

TODAY = datetime.date(2023, 12, 20)


@pytest.fixture
def reviewer(county_a):
    return user_with_role(Profile.Role.COUNTY_REVIEWER, county_a, user__username="rita")


@pytest.fixture
def item(county_a):
    return RectificationItemFactory(county=county_a, ledger_number="012", description="办事窗口材料要求过多")


def history(item):
    return [(c.field, c.old_value, c.new_value, c.actor.username, c.reason) for c in item.changes.order_by("id")]


def test_an_item_walks_the_workflow_with_a_send_back(item, alice, reviewer):
    rectification_item_transition(item=item, status="in_progress", actor=alice, reason="已制定方案")
    rectification_item_transition(item=item, status="pending_review", actor=alice, closure_note="材料由12项减为7项")
    rectification_item_transition(item=item, status="in_progress", actor=reviewer, reason="缺少群众评价")
    rectification_item_transition(item=item, status="pending_review", actor=alice, closure_note="补充了群众满意度测评")
    rectification_item_transition(item=item, status="closed", actor=reviewer, reason="材料齐全", today=TODAY)
    item.refresh_from_db()
    assert (item.status, item.closed_date, item.closure_note) == ("closed", TODAY, "补充了群众满意度测评")
    assert history(item) == [
        ("status", "未整改", "整改中", "alice", "已制定方案"),
        ("status", "整改中", "已整改待审核", "alice", ""),
        ("closure_note", "", "材料由12项减为7项", "alice", ""),
        ("status", "已整改待审核", "整改中", "rita", "缺少群众评价"),
        ("status", "整改中", "已整改待审核", "alice", ""),
        ("closure_note", "材料由12项减为7项", "补充了群众满意度测评", "alice", ""),
        ("status", "已整改待审核", "已销号", "rita", "材料齐全"),
        ("closed_date", "", "2023-12-20", "rita", "材料齐全"),
    ]


def test_the_reviewer_neither_starts_nor_submits_the_county_work(item, reviewer):
    with pytest.raises(ActionRefused, match="只有本县主题教育办可以办理"):
        rectification_item_transition(item=item, status="in_progress", actor=reviewer)
    item.status = "in_progress"
    item.save()
    with pytest.raises(ActionRefused, match="只有本县主题教育办可以办理"):
        rectification_item_transition(item=item, status="pending_review", actor=reviewer, closure_note="已完成")
    assert item.changes.count() == 0


def test_nobody_closes_an_item_they_submitted_themselves(item):
    # Only an administrator may both submit and decide; even then a second person closes.
    admin = UserFactory(username="root", is_superuser=True)
    item.status = "in_progress"
    item.save()
    rectification_item_transition(item=item, status="pending_review", actor=admin, closure_note="已完成")
    with pytest.raises(ActionRefused, match="不能审核自己提交的整改事项"):
        rectification_item_transition(item=item, status="closed", actor=admin)
    item.refresh_from_db()
    assert item.status == "pending_review" and item.closed_date is None


def test_transitions_outside_the_workflow_are_refused(item, alice):
    with pytest.raises(ActionRefused, match="不能从“未整改”变为“已销号”"):
        rectification_item_transition(item=item, status="closed", actor=alice)
    assert item.changes.count() == 0


def test_a_county_office_member_cannot_close_even_someone_elses_submission(item, alice, county_a):
    colleague = user_with_role(Profile.Role.COUNTY_OFFICE, county_a, user__username="carol")
    item.status = "in_progress"
    item.save()
    rectification_item_transition(item=item, status="pending_review", actor=colleague, closure_note="已完成")
    with pytest.raises(ActionRefused, match="审核人或联系本县的巡回指导组"):
        rectification_item_transition(item=item, status="closed", actor=alice)


def test_the_supervising_guidance_group_may_close_but_a_liaison_group_may_not(county_b, bob, guide):
    item = RectificationItemFactory(county=county_b, status="in_progress")
    rectification_item_transition(item=item, status="pending_review", actor=bob, closure_note="已完成")
    liaison_member = user_with_role(Profile.Role.GUIDANCE, None, user__username="liaison")
    liaison = WorkingGroup.objects.create(name="第一联络组", kind=WorkingGroup.Kind.LIAISON)
    liaison.counties.add(county_b)
    liaison.members.add(liaison_member)
    with pytest.raises(ActionRefused):
        rectification_item_transition(item=item, status="closed", actor=liaison_member)
    rectification_item_transition(item=item, status="closed", actor=guide, today=TODAY)
    assert RectificationItem.objects.get(pk=item.pk).status == "closed"


def test_a_guide_cannot_move_work_forward_for_the_county(county_b, guide):
    item = RectificationItemFactory(county=county_b)
    with pytest.raises(ActionRefused, match="只有本县主题教育办可以办理"):
        rectification_item_transition(item=item, status="in_progress", actor=guide)


def test_submitting_needs_a_closure_note_and_sending_back_a_reason(item, alice, reviewer):
    rectification_item_transition(item=item, status="in_progress", actor=alice)
    with pytest.raises(ActionRefused, match="整改完成情况"):
        rectification_item_transition(item=item, status="pending_review", actor=alice, closure_note="  ")
    rectification_item_transition(item=item, status="pending_review", actor=alice, closure_note="已完成")
    with pytest.raises(ActionRefused, match="原因"):
        rectification_item_transition(item=item, status="in_progress", actor=reviewer)


def test_edits_record_each_changed_field_and_closed_items_are_frozen(item, alice, county_a):
    topic = ResearchTopic.objects.create(county=county_a, title="政务服务调研")
    changes = rectification_item_update(
        item=item,
        actor=alice,
        data={
            "responsible_unit": "县政务服务中心",
            "deadline": datetime.date(2024, 1, 15),
            "research_topic": topic,
            "description": item.description,
        },
        reason="按指导组意见调整",
    )
    assert sorted((c.field, c.old_value, c.new_value) for c in changes) == [
        ("deadline", "2023-12-31", "2024-01-15"),
        ("research_topic", "", "政务服务调研"),
    ]
    item.refresh_from_db()
    assert item.research_topic == topic and item.responsible_unit == "县政务服务中心"
    item.status = "closed"
    item.save()
    with pytest.raises(ActionRefused, match="已销号"):
        rectification_item_update(item=item, actor=alice, data={"measures": "改写"})
    with pytest.raises(ValueError):
        rectification_item_update(
            item=RectificationItemFactory(county=county_a), actor=alice, data={"status": "closed"}
        )


def test_evidence_is_kept_and_listed_in_the_history(item, alice, bob):
    upload = SimpleUploadedFile("整改前后对比.jpg", b"\xff\xd8\xff\xe0jpeg-bytes")
    evidence = rectification_evidence_add(item=item, actor=alice, uploaded_file=upload)
    assert evidence.file.read() == b"\xff\xd8\xff\xe0jpeg-bytes"
    assert history(item) == [("evidence", "", "整改前后对比.jpg", "alice", "")]
    with pytest.raises(ActionRefused):
        rectification_evidence_add(item=item, actor=bob, uploaded_file=upload)


# ---- the same workflow through the item page -----------------------------------------------------


def post_transition(client, item, **data):
    return client.post(reverse("rectification_transition", args=[item.pk]), data, follow=True)


def test_the_office_walks_the_item_page_and_may_not_close_its_own_work(client, item, alice):
    client.force_login(alice)
    page = post_transition(client, item, status="in_progress").content.decode()
    assert "提交审核（申请销号）" in page and "开始整改" not in page
    page = post_transition(client, item, status="pending_review", closure_note="已精简材料").content.decode()
    assert "审核通过，销号" not in page and "退回重新整改" not in page and "提交人不能审核自己提交的事项" in page
    response = post_transition(client, item, status="closed")
    assert response.status_code == 403
    assert "销号或退回须由本县审核人或联系本县的巡回指导组办理" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "pending_review"
    page = client.get(reverse("rectification_detail", args=[item.pk])).content.decode()
    assert page.count("已整改待审核") >= 2 and 'id="history"' in page


def test_the_reviewer_sees_the_decision_buttons(client, item, alice, reviewer):
    item.status = "in_progress"
    item.save()
    rectification_item_transition(item=item, status="pending_review", actor=alice, closure_note="已完成")
    client.force_login(reviewer)
    page = client.get(reverse("rectification_detail", args=[item.pk])).content.decode()
    assert "审核通过，销号" in page and "退回重新整改" in page
    post_transition(client, item, status="closed", reason="同意")
    item.refresh_from_db()
    assert item.status == "closed"
