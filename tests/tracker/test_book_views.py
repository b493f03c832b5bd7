"""Every page of the county's working book: who may open it, and what lists and exports hold."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import RectificationItemFactory
from tracker.models import Evidence, LedgerImport, RectificationItem, ResearchTopic, StudySession


@pytest.fixture
def book(county_a, alice):
    """One record of every kind in alice's county."""
    topic = ResearchTopic.objects.create(county=county_a, title="营商环境调研", lead="县长")
    item = RectificationItemFactory(county=county_a, ledger_number="001", research_topic=topic)
    session = StudySession.objects.create(
        county=county_a, kind="reading_class", date=datetime.date(2023, 10, 9), title="读书班第一期"
    )
    evidence = Evidence(item=item, original_name="照片.jpg", sha256="0" * 64, size=3, uploaded_by=alice)
    evidence.file.save("e", SimpleUploadedFile("e", b"abc"), save=False)
    evidence.save()
    ledger_import = LedgerImport(
        county=county_a,
        kind="rectification",
        original_name="台账.xlsx",
        sha256="1" * 64,
        size=3,
        uploaded_by=alice,
        status="preview",
    )
    ledger_import.file.save("l", SimpleUploadedFile("l", b"abc"), save=False)
    ledger_import.save()
    return {
        "item": item,
        "topic": topic,
        "session": session,
        "evidence": evidence,
        "import": ledger_import,
        "county": county_a,
    }


def args_for(book, name):
    return {
        "rectification_new": [book["county"].pk],
        "rectification_detail": [book["item"].pk],
        "rectification_edit": [book["item"].pk],
        "evidence_download": [book["item"].pk, book["evidence"].pk],
        "ledger_import_new": [book["county"].pk],
        "ledger_import_detail": [book["import"].pk],
        "ledger_import_status": [book["import"].pk],
        "study_new": [book["county"].pk],
        "study_edit": [book["session"].pk],
        "research_new": [book["county"].pk],
        "research_detail": [book["topic"].pk],
        "research_edit": [book["topic"].pk],
        "rectification_transition": [book["item"].pk],
        "evidence_add": [book["item"].pk],
        "ledger_import_confirm": [book["import"].pk],
    }[name]


GET_PAGES = [
    "rectification_new",
    "rectification_detail",
    "rectification_edit",
    "evidence_download",
    "ledger_import_new",
    "ledger_import_detail",
    "ledger_import_status",
    "study_new",
    "study_edit",
    "research_new",
    "research_detail",
    "research_edit",
]
POST_ACTIONS = ["rectification_transition", "evidence_add", "ledger_import_confirm"]


@pytest.mark.parametrize("name", GET_PAGES)
@pytest.mark.parametrize("who, status", [("alice", 200), ("bob", 404), ("charlie", 404)])
def test_pages_of_a_county_open_for_its_office_only(client, request, book, name, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name, args=args_for(book, name))).status_code == status


@pytest.mark.parametrize("name", POST_ACTIONS)
@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_actions_on_another_countys_records_are_404(client, request, book, name, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse(name, args=args_for(book, name)), {"status": "in_progress"})
    assert response.status_code == 404
    assert RectificationItem.objects.get().status == "open"


@pytest.mark.parametrize("name", ["rectification_detail", "research_detail", "ledger_import_detail"])
def test_supervisors_read_but_do_not_edit(client, leader, book, name):
    client.force_login(leader)
    assert client.get(reverse(name, args=args_for(book, name))).status_code == 200
    edit = {
        "rectification_detail": "rectification_edit",
        "research_detail": "research_edit",
        "ledger_import_detail": "ledger_import_confirm",
    }[name]
    assert client.post(reverse(edit, args=args_for(book, edit))).status_code == 404


@pytest.mark.parametrize("name", ["rectification_list", "study_list", "research_list"])
def test_lists_hold_only_the_users_counties(client, alice, bob, charlie, book, name):
    marker = {
        "rectification_list": "办事窗口材料要求过多",
        "study_list": "读书班第一期",
        "research_list": "营商环境调研",
    }[name]
    client.force_login(alice)
    assert marker in client.get(reverse(name)).content.decode()
    for outsider in (bob, charlie):
        client.force_login(outsider)
        response = client.get(reverse(name))
        assert response.status_code == 200 and marker not in response.content.decode()


def test_the_study_list_links_to_the_edit_form_only_for_the_county_office(client, alice, leader, book):
    edit_url = reverse("study_edit", args=[book["session"].pk])
    client.force_login(alice)
    assert f'href="{edit_url}"' in client.get(reverse("study_list")).content.decode()
    client.force_login(leader)  # sees the county's sessions, may not change them
    page = client.get(reverse("study_list")).content.decode()
    assert "读书班第一期" in page and edit_url not in page


def test_lists_and_exports_require_login(client):
    response = client.get(reverse("rectification_list") + "?export=csv")
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_template_downloads_as_a_workbook(client, alice):
    client.force_login(alice)
    response = client.get(reverse("ledger_template", args=["rectification"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == "编号"
    assert client.get(reverse("ledger_template", args=["nothing"])).status_code == 404


# ---- lists: lights, filters, exports ------------------------------------------------------------


@pytest.fixture
def lit(county_a):
    today = timezone.localdate()
    return {
        "red": RectificationItemFactory(
            county=county_a, ledger_number="R", deadline=today - datetime.timedelta(days=1)
        ),
        "yellow": RectificationItemFactory(
            county=county_a, ledger_number="Y", deadline=today + datetime.timedelta(days=7)
        ),
        "green": RectificationItemFactory(
            county=county_a, ledger_number="G", deadline=today + datetime.timedelta(days=8)
        ),
        "closed": RectificationItemFactory(
            county=county_a, ledger_number="C", deadline=today - datetime.timedelta(days=9), status="closed"
        ),
    }


def test_the_list_sorts_by_light_and_filters_by_it(client, alice, lit):
    client.force_login(alice)
    page = client.get(reverse("rectification_list") + "?sort=light").content.decode()
    order = sorted(["R", "Y", "G", "C"], key=lambda n: page.index(f">{n}</a>"))
    assert order[:2] == ["R", "Y"] and set(order[2:]) == {"G", "C"}
    page = client.get(reverse("rectification_list") + "?light=red").content.decode()
    assert ">R</a>" in page and ">Y</a>" not in page


def test_export_of_a_filtered_list_holds_the_same_rows(client, alice, bob, county_b, lit):
    RectificationItemFactory(county=county_b, ledger_number="B1")
    client.force_login(alice)
    response = client.get(reverse("rectification_list") + "?light=yellow&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "问题描述", "问题来源") and [r[0] for r in rows[1:]] == ["Y"]
    response = client.get(reverse("rectification_list") + "?export=csv")
    numbers = {line.split(",")[0] for line in response.content.decode("utf-8-sig").splitlines()[1:]}
    assert numbers == {"R", "Y", "G", "C"}


def test_exported_formula_text_opens_as_text(client, alice, county_a):
    RectificationItemFactory(county=county_a, ledger_number="1", description='=HYPERLINK("http://evil.example","点我")')
    client.force_login(alice)
    sheet = load_workbook(io.BytesIO(client.get(reverse("rectification_list") + "?export=xlsx").content)).active
    cell = sheet["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example","点我")', "s")
    csv_text = client.get(reverse("rectification_list") + "?export=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in csv_text


def test_an_exported_ledger_imports_back_unchanged(client, alice, county_a, tmp_path):
    from reports.ledger.importing import import_workbook

    RectificationItemFactory(county=county_a, ledger_number="1", description="问题甲", status="in_progress")
    client.force_login(alice)
    path = tmp_path / "export.xlsx"
    path.write_bytes(client.get(reverse("rectification_list") + "?export=xlsx").content)
    plan = import_workbook(county=county_a, kind="rectification", path=path)
    assert (plan.errors, len(plan.to_create), len(plan.to_update), plan.unchanged) == ([], 0, 0, 1)


# ---- forms -------------------------------------------------------------------------------------


def test_creating_and_editing_an_item_through_its_forms(client, alice, county_a):
    client.force_login(alice)
    data = {
        "ledger_number": "9",
        "description": "停车难",
        "source": "public",
        "level": "unit",
        "deadline": "2024-02-01",
    }
    response = client.post(reverse("rectification_new", args=[county_a.pk]), data)
    item = RectificationItem.objects.get()
    assert response.url == reverse("rectification_detail", args=[item.pk])
    assert (item.county, item.status, item.deadline) == (county_a, "open", datetime.date(2024, 2, 1))
    client.post(
        reverse("rectification_edit", args=[item.pk]), {**data, "responsible_unit": "县住建局", "reason": "明确责任"}
    )
    change = item.changes.get(field="responsible_unit")
    assert (change.old_value, change.new_value, change.reason) == ("", "县住建局", "明确责任")
    duplicate = client.post(reverse("rectification_new", args=[county_a.pk]), data)
    assert "本县台账中已有该编号" in duplicate.content.decode()


def test_study_and_research_forms_save_into_the_county(client, alice, county_a):
    client.force_login(alice)
    client.post(
        reverse("study_new", args=[county_a.pk]),
        {"kind": "lecture", "date": "2023-10-20", "title": "专题党课", "participants": "80"},
    )
    client.post(reverse("research_new", args=[county_a.pk]), {"title": "乡村振兴调研", "status": "planned"})
    assert StudySession.objects.get().county == county_a
    topic = ResearchTopic.objects.get()
    assert topic.county == county_a
    response = client.post(reverse("research_new", args=[county_a.pk]), {"title": "乡村振兴调研", "status": "planned"})
    assert "本县已有同名调研课题" in response.content.decode()
    client.post(
        reverse("research_edit", args=[topic.pk]), {"title": "乡村振兴调研", "status": "reported", "lead": "县委书记"}
    )
    topic.refresh_from_db()
    assert (topic.status, topic.lead) == ("reported", "县委书记")


def test_a_topic_page_lists_the_problems_it_found(client, alice, book):
    client.force_login(alice)
    page = client.get(reverse("research_detail", args=[book["topic"].pk])).content.decode()
    assert "办事窗口材料要求过多" in page
    page = client.get(reverse("rectification_detail", args=[book["item"].pk])).content.decode()
    assert "营商环境调研" in page
