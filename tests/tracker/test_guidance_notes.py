"""Guidance notes and corrections (督导意见、纠偏): who writes them, who answers, who reads them."""

import pytest
from django.urls import reverse

from tests.factories import RectificationItemFactory, UserFactory, WorkingGroupFactory, user_with_role
from tracker import permissions
from tracker.models import GuidanceNote, Profile, RectificationChange, RectificationItem, WorkingGroup
from tracker.selectors import dashboards, scope
from tracker.services import guidance_notes


@pytest.fixture
def group_a(county_a):
    group = WorkingGroupFactory(name="第二巡回指导组")
    group.counties.set([county_a])
    return group


@pytest.fixture
def guide_a(group_a):
    """A member of the guidance group that supervises alice's county."""
    user = user_with_role(Profile.Role.GUIDANCE, None, user__username="guide_a")
    group_a.members.add(user)
    return user


@pytest.fixture
def liaison_group_a(county_a):
    group = WorkingGroupFactory(name="第一联络组", kind=WorkingGroup.Kind.LIAISON)
    group.counties.set([county_a])
    return group


@pytest.fixture
def liaison_a(liaison_group_a):
    user = user_with_role(Profile.Role.GUIDANCE, None, user__username="liaison_a")
    liaison_group_a.members.add(user)
    return user


def note_for(county, group, author, text="学习笔记检查流于形式", kind=GuidanceNote.Kind.NOTE):
    return guidance_notes.guidance_note_create(county=county, group=group, author=author, kind=kind, text=text)


def post_note(client, county, group, **fields):
    data = {"group": group.pk, "kind": "note", "text": "专题民主生活会准备不充分", **fields}
    return client.post(reverse("guidance_note_new", args=[county.pk]), data)


def test_a_guidance_member_records_a_note_for_a_county_of_their_group(client, guide_a, group_a, county_a):
    client.force_login(guide_a)
    response = post_note(client, county_a, group_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("county_detail", args=[county_a.pk]) + "#guidance"
    note = GuidanceNote.objects.get()
    assert (note.county, note.group, note.author, note.kind) == (county_a, group_a, guide_a, "note")
    assert note.text == "专题民主生活会准备不充分"
    assert not note.is_answered


def test_a_liaison_member_records_a_correction(client, liaison_a, liaison_group_a, county_a):
    client.force_login(liaison_a)
    response = post_note(client, county_a, liaison_group_a, kind="correction")
    assert response.status_code == 302
    assert GuidanceNote.objects.get().kind == GuidanceNote.Kind.CORRECTION


def test_a_member_of_another_group_cannot_write_to_the_county(client, guide, guide_a, group_a, county_a):
    client.force_login(guide)
    assert post_note(client, county_a, group_a).status_code == 404
    assert client.get(reverse("guidance_note_new", args=[county_a.pk])).status_code == 404
    assert not GuidanceNote.objects.exists()


def test_a_member_cannot_write_for_a_group_they_do_not_belong_to(client, guide_a, liaison_group_a, county_a):
    client.force_login(guide_a)
    response = post_note(client, county_a, liaison_group_a)
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not GuidanceNote.objects.exists()


def test_the_service_refuses_an_author_outside_the_group(guide, group_a, county_a):
    with pytest.raises(permissions.ActionRefused):
        note_for(county_a, group_a, guide)
    assert not GuidanceNote.objects.exists()


def test_a_correction_can_enter_the_ledger_as_a_guidance_item(client, guide_a, group_a, county_a):
    client.force_login(guide_a)
    response = post_note(client, county_a, group_a, kind="correction", text="窗口单位整改避重就轻", open_item="on")
    assert response.status_code == 302
    note = GuidanceNote.objects.get()
    item = RectificationItem.objects.get()
    assert note.item == item
    assert (item.county, item.description, item.source, item.status) == (
        county_a,
        "窗口单位整改避重就轻",
        RectificationItem.Source.GUIDANCE,
        RectificationItem.Status.OPEN,
    )
    created = item.changes.get()
    assert (created.field, created.actor) == (RectificationChange.CREATED, guide_a)
    assert created.reason == "第二巡回指导组纠偏意见"


def test_only_a_correction_enters_the_ledger(client, guide_a, group_a, county_a):
    client.force_login(guide_a)
    response = post_note(client, county_a, group_a, kind="note", open_item="on")
    assert response.status_code == 200
    assert "open_item" in response.context["form"].errors
    assert not GuidanceNote.objects.exists()
    assert not RectificationItem.objects.exists()


def test_a_note_may_name_an_item_of_the_county_only(client, guide_a, group_a, county_a, county_b):
    own = RectificationItemFactory(county=county_a)
    other = RectificationItemFactory(county=county_b)
    client.force_login(guide_a)
    assert post_note(client, county_a, group_a, item=other.pk).status_code == 200
    assert not GuidanceNote.objects.exists()
    assert post_note(client, county_a, group_a, item=own.pk).status_code == 302
    assert GuidanceNote.objects.get().item == own


def test_the_county_office_replies_once(client, alice, guide_a, group_a, county_a):
    note = note_for(county_a, group_a, guide_a)
    client.force_login(alice)
    url = reverse("guidance_note_reply", args=[note.pk])
    assert client.post(url, {"response": "已召开专题会议研究整改"}).status_code == 302
    client.post(url, {"response": "第二次回复"})
    note.refresh_from_db()
    assert (note.response, note.responded_by) == ("已召开专题会议研究整改", alice)
    assert note.is_answered


def test_an_empty_reply_is_refused(client, alice, guide_a, group_a, county_a):
    note = note_for(county_a, group_a, guide_a)
    client.force_login(alice)
    client.post(reverse("guidance_note_reply", args=[note.pk]), {"response": "   "})
    note.refresh_from_db()
    assert not note.is_answered


def test_the_county_office_cannot_write_notes(client, alice, group_a, county_a):
    client.force_login(alice)
    assert post_note(client, county_a, group_a).status_code == 404
    assert not GuidanceNote.objects.exists()


def test_a_guidance_member_cannot_answer_for_the_county(client, guide_a, group_a, county_a):
    note = note_for(county_a, group_a, guide_a)
    client.force_login(guide_a)
    assert client.post(reverse("guidance_note_reply", args=[note.pk]), {"response": "代为回复"}).status_code == 404
    note.refresh_from_db()
    assert not note.is_answered


@pytest.mark.parametrize("who", ["bob", "charlie", "guide"])
def test_others_find_nothing(client, request, who, guide_a, group_a, county_a):
    note = note_for(county_a, group_a, guide_a)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("guidance_note_list", args=[county_a.pk])).status_code == 404
    assert client.post(reverse("guidance_note_reply", args=[note.pk]), {"response": "回复"}).status_code == 404
    assert post_note(client, county_a, group_a).status_code == 404
    note.refresh_from_db()
    assert not note.is_answered
    assert GuidanceNote.objects.count() == 1


def test_a_leader_reads_but_cannot_write_or_answer(client, leader, guide_a, group_a, county_a):
    note = note_for(county_a, group_a, guide_a, text="调研成果转化不够")
    client.force_login(leader)
    assert "调研成果转化不够" in client.get(reverse("guidance_note_list", args=[county_a.pk])).content.decode()
    page = client.get(reverse("county_detail", args=[county_a.pk]))
    assert "调研成果转化不够" in page.content.decode()
    assert page.context["note_form"] is None
    assert post_note(client, county_a, group_a).status_code == 404
    assert client.post(reverse("guidance_note_reply", args=[note.pk]), {"response": "回复"}).status_code == 404
    assert GuidanceNote.objects.count() == 1


def test_the_county_page_lists_the_newest_notes_and_links_the_rest(client, alice, guide_a, group_a, county_a):
    for n in range(7):
        note_for(county_a, group_a, guide_a, text=f"第{n}条意见")
    client.force_login(alice)
    response = client.get(reverse("county_detail", args=[county_a.pk]))
    assert [note.text for note in response.context["notes"]] == [f"第{n}条意见" for n in (6, 5, 4, 3, 2)]
    assert response.context["notes_total"] == 7
    assert response.context["note_form"] is None
    html = response.content.decode()
    assert reverse("guidance_note_list", args=[county_a.pk]) in html
    assert reverse("guidance_note_reply", args=[GuidanceNote.objects.first().pk]) in html


def test_the_county_page_offers_the_form_to_the_guidance_member(client, guide_a, county_a):
    client.force_login(guide_a)
    response = client.get(reverse("county_detail", args=[county_a.pk]))
    assert response.context["note_form"] is not None
    assert "还没有督导意见或纠偏记录。" in response.content.decode()


def test_the_full_list_is_paged(client, alice, guide_a, group_a, county_a):
    for n in range(23):
        note_for(county_a, group_a, guide_a, text=f"意见{n}")
    client.force_login(alice)
    url = reverse("guidance_note_list", args=[county_a.pk])
    first, second = client.get(url).context["page"], client.get(url, {"page": 2}).context["page"]
    assert len(first.object_list) == 20
    assert [note.text for note in second.object_list] == ["意见2", "意见1", "意见0"]


def test_the_group_page_counts_notes_and_unanswered_corrections(client, alice, guide_a, group_a, county_a):
    note_for(county_a, group_a, guide_a)
    note_for(county_a, group_a, guide_a, kind=GuidanceNote.Kind.CORRECTION)
    answered = note_for(county_a, group_a, guide_a, kind=GuidanceNote.Kind.CORRECTION)
    guidance_notes.guidance_note_reply(note=answered, actor=alice, response="已整改")
    client.force_login(guide_a)
    rows = client.get(reverse("group_detail", args=[group_a.pk])).context["rows"]
    assert [(r["county"], r["notes"], r["open_corrections"]) for r in rows] == [("甲县", 3, 1)]


def test_the_group_page_counts_only_the_groups_own_notes(liaison_a, liaison_group_a, guide_a, group_a, county_a):
    note_for(county_a, liaison_group_a, liaison_a, kind=GuidanceNote.Kind.CORRECTION)
    assert dashboards.guidance_note_counts(group_a) == {}
    assert dashboards.guidance_note_counts(liaison_group_a) == {county_a.pk: {"notes": 1, "open_corrections": 1}}


def test_only_members_of_supervising_groups_guide_a_county(guide_a, liaison_a, guide, alice, leader, county_a):
    office_member = user_with_role(Profile.Role.GUIDANCE, None)
    office = WorkingGroupFactory(kind=WorkingGroup.Kind.OFFICE)
    office.counties.set([county_a])
    office.members.add(office_member)
    admin = UserFactory(is_superuser=True)
    assert list(scope.counties_for(guide_a, action=scope.GUIDE)) == [county_a]
    assert list(scope.counties_for(liaison_a, action=scope.GUIDE)) == [county_a]
    assert county_a in scope.counties_for(admin, action=scope.GUIDE)
    for user in (guide, alice, leader, office_member):
        assert county_a not in scope.counties_for(user, action=scope.GUIDE)
