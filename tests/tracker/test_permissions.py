"""Each role is shown the actions it may take, and the server refuses the others.

The scene is 乙县 (county_b): bob works in its office, rita is its reviewer, guide's group supervises it,
leader's city holds it, and alice is an office worker of the neighbouring 甲县.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import RectificationItemFactory, user_with_role
from tracker import permissions
from tracker.models import (
    Evidence,
    GuidanceNote,
    LedgerImport,
    Profile,
    RectificationChange,
    RectificationItem,
    ResearchTopic,
    StudySession,
    WorkingGroup,
)
from tracker.selectors import scope
from tracker.services import guidance_notes

Status = RectificationItem.Status


@pytest.fixture
def rita(county_b):
    return user_with_role(Profile.Role.COUNTY_REVIEWER, county_b, user__username="rita")


@pytest.fixture
def liaison(county_b):
    member = user_with_role(Profile.Role.GUIDANCE, None, user__username="liaison")
    group = WorkingGroup.objects.create(name="第二联络组", kind=WorkingGroup.Kind.LIAISON)
    group.counties.add(county_b)
    group.members.add(member)
    return member


@pytest.fixture
def scene(county_b, bob, guide):
    group = WorkingGroup.objects.get(members=guide)
    return {
        "county": county_b,
        "open": RectificationItemFactory(county=county_b, ledger_number="021"),
        "pending": RectificationItemFactory(
            county=county_b, ledger_number="022", status=Status.PENDING_REVIEW, submitted_by=bob
        ),
        "session": StudySession.objects.create(
            county=county_b, kind="collective", date=datetime.date(2023, 10, 12), title="县委常委会集中学习"
        ),
        "topic": ResearchTopic.objects.create(county=county_b, title="乡村物流末端配送调研"),
        "note": guidance_notes.guidance_note_create(
            county=county_b, group=group, author=guide, kind=GuidanceNote.Kind.NOTE, text="研讨发言准备不足"
        ),
    }


# ---- the permission functions, as a matrix -----------------------------------------------------------


@pytest.mark.parametrize(
    "who, edit, review, approve",
    [
        ("bob", ["乙县"], ["乙县"], []),
        ("rita", [], ["乙县"], ["乙县"]),
        ("guide", [], [], ["丙县", "乙县"]),
        ("leader", [], [], []),
    ],
)
def test_the_scope_of_each_kind_of_action(request, county_b, county_elsewhere, who, edit, review, approve):
    user = request.getfixturevalue(who)
    actions = (scope.EDIT, scope.REVIEW, scope.APPROVE)
    scopes = {action: sorted(scope.counties_for(user, action=action).values_list("name", flat=True)) for action in actions}
    assert scopes == {scope.EDIT: edit, scope.REVIEW: review, scope.APPROVE: approve}


STEPS = [
    ("open", Status.IN_PROGRESS),
    ("pending", Status.CLOSED),
    ("pending", Status.IN_PROGRESS),
]


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("bob", {("open", Status.IN_PROGRESS)}),  # starts work, never decides on it
        ("rita", {("pending", Status.CLOSED), ("pending", Status.IN_PROGRESS)}),
        ("guide", {("pending", Status.CLOSED), ("pending", Status.IN_PROGRESS)}),
        ("liaison", set()),
        ("leader", set()),
        ("alice", set()),
    ],
)
def test_who_may_take_each_workflow_step(request, scene, who, allowed):
    user = request.getfixturevalue(who)
    verdicts = {(name, to): permissions.may_transition(user=user, item=scene[name], status=to) for name, to in STEPS}
    assert {step for step, verdict in verdicts.items() if verdict} == allowed
    assert all(bool(verdict) != bool(verdict.refusal) for verdict in verdicts.values())  # a refusal says why


@pytest.mark.parametrize("who, allowed", [("bob", True), ("rita", False), ("guide", False), ("leader", False)])
def test_only_the_county_office_edits_an_item(request, scene, who, allowed):
    assert bool(permissions.may_edit_item(user=request.getfixturevalue(who), item=scene["open"])) == allowed


def test_a_closed_item_is_edited_by_nobody(scene, bob):
    item = RectificationItemFactory(county=scene["county"], status=Status.CLOSED)
    verdict = permissions.may_edit_item(user=bob, item=item)
    assert not verdict and "已销号" in verdict.refusal


# ---- refused on the server --------------------------------------------------------------------------


def _writes(scene):
    """(url, POST data) of every write of the county's working book, with data the county office's own
    post of it is accepted with (test_the_county_office_may_take_every_write)."""
    county, item = scene["county"], scene["open"]
    row = {"source": "self_inspection", "level": "unit", "description": "村级公开栏信息更新不及时"}
    return {
        "rectification_new": (reverse("rectification_new", args=[county.pk]), {**row, "ledger_number": "101"}),
        "rectification_edit": (
            reverse("rectification_edit", args=[item.pk]),
            {**row, "ledger_number": item.ledger_number, "measures": "每月5日前更新"},
        ),
        "evidence_add": (
            reverse("evidence_add", args=[item.pk]),
            {"file": SimpleUploadedFile("整改照片.jpg", b"\xff\xd8\xff\xe0photo")},
        ),
        "rectification_transition": (
            reverse("rectification_transition", args=[item.pk]),
            {"status": Status.IN_PROGRESS, "reason": "已制定方案"},
        ),
        "ledger_import_new": (
            reverse("ledger_import_new", args=[county.pk]),
            {"kind": LedgerImport.Kind.RECTIFICATION, "file": SimpleUploadedFile("台账.xlsx", b"PK\x03\x04sheet")},
        ),
        "study_new": (
            reverse("study_new", args=[county.pk]),
            {"kind": "lecture", "date": "2023-11-02", "title": "专题党课", "participants": "86"},
        ),
        "study_edit": (
            reverse("study_edit", args=[scene["session"].pk]),
            {"kind": "collective", "date": "2023-10-12", "title": "县委常委会集中学习（扩大）", "participants": "40"},
        ),
        "research_new": (reverse("research_new", args=[county.pk]), {"title": "农村饮水安全调研", "status": "planned"}),
        "research_edit": (
            reverse("research_edit", args=[scene["topic"].pk]),
            {"title": "乡村物流末端配送调研", "status": "reported", "report": "已形成报告"},
        ),
        "guidance_note_reply": (
            reverse("guidance_note_reply", args=[scene["note"].pk]),
            {"response": "已组织补充研讨"},
        ),
    }


def _state(scene):
    """Everything the writes above could change."""
    item = RectificationItem.objects.get(pk=scene["open"].pk)
    return (
        RectificationItem.objects.count(),
        (item.status, item.measures),
        RectificationChange.objects.count(),
        Evidence.objects.count(),
        LedgerImport.objects.count(),
        sorted(StudySession.objects.values_list("title", "participants")),
        sorted(ResearchTopic.objects.values_list("title", "status")),
        list(GuidanceNote.objects.values_list("response", flat=True)),
    )


WRITES = [
    "rectification_new",
    "rectification_edit",
    "evidence_add",
    "rectification_transition",
    "ledger_import_new",
    "study_new",
    "study_edit",
    "research_new",
    "research_edit",
    "guidance_note_reply",
]


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("who", ["rita", "guide", "leader", "alice"])
def test_a_role_that_is_not_shown_a_write_is_refused_it(client, request, scene, who, write):
    client.force_login(request.getfixturevalue(who))
    before = _state(scene)
    url, data = _writes(scene)[write]
    assert client.post(url, data).status_code in (403, 404)
    assert _state(scene) == before


@pytest.mark.parametrize("write", WRITES)
def test_the_county_office_may_take_every_write(client, scene, bob, write):
    client.force_login(bob)
    before = _state(scene)
    url, data = _writes(scene)[write]
    assert client.post(url, data).status_code == 302
    assert _state(scene) != before


@pytest.mark.parametrize("who", ["bob", "leader", "alice"])
def test_deciding_on_an_item_awaiting_review_is_refused_to_others(client, request, scene, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("rectification_transition", args=[scene["pending"].pk])
    for data in ({"status": Status.CLOSED}, {"status": Status.IN_PROGRESS, "reason": "材料不全"}):
        assert client.post(url, data).status_code in (403, 404)
    assert RectificationItem.objects.get(pk=scene["pending"].pk).status == Status.PENDING_REVIEW


@pytest.mark.parametrize("who", ["rita", "guide"])
def test_the_reviewer_and_the_guidance_group_close_an_item_awaiting_review(client, request, scene, who):
    client.force_login(request.getfixturevalue(who))
    client.post(reverse("rectification_transition", args=[scene["pending"].pk]), {"status": Status.CLOSED})
    assert RectificationItem.objects.get(pk=scene["pending"].pk).status == Status.CLOSED


def test_a_refused_step_says_why_in_chinese(client, scene, rita):
    client.force_login(rita)
    response = client.post(reverse("rectification_transition", args=[scene["open"].pk]), {"status": "in_progress"})
    assert response.status_code == 403
    assert "只有本县主题教育办可以办理本县的整改事项" in response.content.decode()


# ---- shown on the pages -----------------------------------------------------------------------------

def _office_actions(scene):
    """What the county office is shown: links and forms of every write of its working book."""
    county = scene["county"]
    return [
        reverse("ledger_import_new", args=[county.pk]),
        reverse("report_upload"),
        reverse("rectification_new", args=[county.pk]),
        reverse("study_new", args=[county.pk]),
        reverse("research_new", args=[county.pk]),
        reverse("rectification_edit", args=[scene["open"].pk]),
        reverse("evidence_add", args=[scene["open"].pk]),
        reverse("study_edit", args=[scene["session"].pk]),
        reverse("research_edit", args=[scene["topic"].pk]),
        reverse("guidance_note_reply", args=[scene["note"].pk]),
        "开始整改",
        "从 Excel 导入",
    ]


DECISIONS = ["审核通过，销号", "退回重新整改"]


def _pages(client, scene):
    county = scene["county"]
    urls = [
        reverse("county_detail", args=[county.pk]),
        reverse("rectification_list"),
        reverse("study_list"),
        reverse("research_list"),
        reverse("research_detail", args=[scene["topic"].pk]),
        reverse("rectification_detail", args=[scene["open"].pk]),
        reverse("rectification_detail", args=[scene["pending"].pk]),
        reverse("guidance_note_list", args=[county.pk]),
        reverse("report_list"),
    ]
    pages = [client.get(url) for url in urls]
    assert [p.status_code for p in pages] == [200] * len(urls)
    return "".join(p.content.decode() for p in pages)


@pytest.mark.parametrize(
    "who, office, decisions, guidance",
    [
        ("bob", True, False, False),
        ("rita", False, True, False),
        ("guide", False, True, True),
        ("leader", False, False, False),
    ],
)
def test_each_role_is_shown_its_actions_and_nothing_else(client, request, scene, who, office, decisions, guidance):
    client.force_login(request.getfixturevalue(who))
    html = _pages(client, scene)
    office_actions = _office_actions(scene)
    assert {action: action in html for action in office_actions} == dict.fromkeys(office_actions, office)
    assert {action: action in html for action in DECISIONS} == dict.fromkeys(DECISIONS, decisions)
    assert ('id="guidance-note-form"' in html) == guidance
