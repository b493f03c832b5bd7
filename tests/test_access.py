"""Who reaches what: every route of the URLconf has a line in ACCESS, and the line is checked.

A route added without a line fails test_every_route_is_in_the_access_table by existing. For a route
about one county's object (an object in county_a, "甲县"), each user outside that county — a county
office or reviewer of a peer county, a leader of another city, a guidance member not watching it, a
user with no role — gets 404 for GET and POST, the same answer as for an object that does not exist, while a user
of that county reaches it.
"""
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reports.models import ExtractedFigure, Report
from tests.factories import CityFactory, PeriodFactory, RectificationItemFactory, WorkingGroupFactory, user_with_role
from tracker.models import (
    Bulletin,
    DeadlineExtension,
    Evidence,
    GuidanceNote,
    LedgerImport,
    Profile,
    ResearchTopic,
    StudySession,
)

PUBLIC, LOGIN, STAFF, COUNTY = "public", "login", "staff", "county"
ADMINISTRATOR = "administrator"  # the product's own pages for administrators: sign-in first, then 404 for the rest
AUDITOR = "auditor"  # the audit trail: sign-in first, then 404 for everyone but the auditor (administrators included)


@dataclass(frozen=True)
class Route:
    access: str  # PUBLIC: anyone; LOGIN: any signed-in user (lists are scoped by counties_for); STAFF: the admin
    # ADMINISTRATOR: a product page for administrators; COUNTY: one county's object (kwargs builds the URL
    # kwargs of an object in the given county; ADMINISTRATOR routes use it too, with no county)
    kwargs: object = None
    methods: tuple = ("GET", "POST")
    insider: str = "alice"  # who, in county_a, reaches the object


def _file(name):
    return ContentFile(b"x", name=name)


def _county(county, owner):
    return {"county_id": county.pk}


def _note(county, owner):
    group = WorkingGroupFactory(name="第二巡回指导组")
    group.counties.add(county)
    return {"note_id": GuidanceNote.objects.create(county=county, group=group, author=owner, text="请补充台账").pk}


def _item(county, owner):
    return {"item_id": RectificationItemFactory(county=county).pk}


def _extension(county, owner):
    from datetime import date

    item = RectificationItemFactory(county=county, deadline=date(2023, 12, 31))
    extension = DeadlineExtension.objects.create(
        item=item, previous_deadline=item.deadline, requested_deadline=date(2024, 1, 31), reason="汛期施工受阻",
        requested_by=owner,
    )
    return {"extension_id": extension.pk}


def _evidence(county, owner):
    item = RectificationItemFactory(county=county)
    evidence = Evidence.objects.create(
        item=item, file=_file("会议记录.pdf"), original_name="会议记录.pdf", sha256="0" * 64, size=1, uploaded_by=owner
    )
    return {"item_id": item.pk, "evidence_id": evidence.pk}


def _import(county, owner):
    ledger = LedgerImport.objects.create(
        county=county, kind=LedgerImport.Kind.RECTIFICATION, file=_file("台账.xlsx"), original_name="台账.xlsx",
        sha256="0" * 64, size=1, uploaded_by=owner,
    )
    return {"import_id": ledger.pk}


def _study(county, owner):
    from datetime import date

    session = StudySession.objects.create(county=county, kind=StudySession.Kind.choices[0][0], date=date(2023, 5, 1),
                                          title="专题读书班")
    return {"session_id": session.pk}


def _topic(county, owner):
    return {"topic_id": ResearchTopic.objects.create(county=county, title="基层减负调研").pk}


def _report(county, owner):
    from tests.factories import PeriodFactory

    report = Report.objects.create(
        county=county, period=PeriodFactory(), file=_file("进展.txt"), original_name="进展.txt", sha256="0" * 64,
        size=1, uploaded_by=owner, status=Report.Status.NEEDS_REVIEW, text="检视问题17个",
    )
    return {"report_id": report.pk}


def _figure(county, owner):
    kwargs = _report(county, owner)
    figure = ExtractedFigure.objects.create(
        report_id=kwargs["report_id"], value=Decimal(17), text="检视问题17个", start=0, end=7
    )
    return {**kwargs, "figure_id": figure.pk}


def _suggestion(county, owner):
    from reports.models import TriggerSuggestion
    from tracker.models import Indicator

    suggestion = TriggerSuggestion.objects.create(
        phrase="检视清单", indicator=Indicator.objects.get(code="rectify_problems_found"), times_seen=2,
        example="检视清单列出12个问题",
    )
    return {"suggestion_id": suggestion.pk}


def _export_job(county, owner):
    # An export job is its requester's (alice's, in county_a): everyone else is an outsider.
    from tracker.models import ExportJob

    job = ExportJob.objects.create(requested_by=owner, kind="rectification", format="csv", status="done")
    job.file.save("整改台账.csv", _file("整改台账.csv"))
    return {"job_id": job.pk}


def _group_county(county, owner):
    return {**_group(county, owner), "county_id": county.pk}


def _bulletin(county, owner):
    bulletin = Bulletin.objects.create(period=PeriodFactory(), area=county, status=Bulletin.Status.DONE)
    bulletin.file.save("通报.docx", _file("通报.docx"))
    return {"bulletin_id": bulletin.pk}


def _group(county, owner):
    group = WorkingGroupFactory(name="第三巡回指导组")
    group.counties.add(county)
    return {"group_id": group.pk}


ACCESS = {
    # accounts
    "login": Route(PUBLIC),
    "logout": Route(PUBLIC, methods=("POST",)),
    "totp_verify": Route(LOGIN),
    "totp_setup": Route(LOGIN),
    "password_change": Route(LOGIN),
    "password_change_done": Route(LOGIN),
    "admin:*": Route(STAFF),
    # tracker
    "home": Route(LOGIN),
    "health": Route(PUBLIC, methods=("GET",)),
    "county_detail": Route(COUNTY, _county, methods=("GET",)),
    "comparison": Route(LOGIN),
    "comparison_chart_json": Route(LOGIN),
    "comparison_area_search": Route(LOGIN),
    "comparison_trend_json": Route(LOGIN),
    "group_list": Route(LOGIN),
    "group_detail": Route(COUNTY, _group, methods=("GET",), insider="leader"),
    "group_home": Route(COUNTY, _group, methods=("GET",), insider="leader"),
    "group_county_open": Route(COUNTY, _group_county, methods=("GET",), insider="leader"),
    "weekly_trend": Route(LOGIN),
    "weekly_trend_json": Route(LOGIN),
    "bulletin_list": Route(LOGIN),
    "bulletin_download": Route(COUNTY, _bulletin, methods=("GET",), insider="leader"),
    "guidance_note_list": Route(COUNTY, _county),
    "guidance_note_new": Route(COUNTY, _county, insider="county_a_guide"),
    "guidance_note_reply": Route(COUNTY, _note, methods=("POST",)),
    "rectification_list": Route(LOGIN),
    "rectification_new": Route(COUNTY, _county),
    "rectification_detail": Route(COUNTY, _item),
    "rectification_edit": Route(COUNTY, _item),
    "rectification_transition": Route(COUNTY, _item, methods=("POST",)),
    "extension_request": Route(COUNTY, _item, methods=("POST",)),
    "extension_decide": Route(COUNTY, _extension, methods=("POST",), insider="rita"),
    "evidence_add": Route(COUNTY, _item, methods=("POST",)),
    "evidence_download": Route(COUNTY, _evidence, methods=("GET",)),
    "ledger_template": Route(LOGIN),
    "ledger_import_new": Route(COUNTY, _county),
    "ledger_import_detail": Route(COUNTY, _import),
    "ledger_import_status": Route(COUNTY, _import, methods=("GET",)),
    "ledger_import_confirm": Route(COUNTY, _import, methods=("POST",)),
    "ledger_import_correct": Route(COUNTY, _import, methods=("POST",)),
    "study_list": Route(LOGIN),
    "study_new": Route(COUNTY, _county),
    "study_edit": Route(COUNTY, _study),
    "research_list": Route(LOGIN),
    "county_search": Route(LOGIN),
    "export_job_list": Route(LOGIN),
    "export_job_detail": Route(COUNTY, _export_job, methods=("GET",)),
    "export_job_download": Route(COUNTY, _export_job, methods=("GET",)),
    "research_new": Route(COUNTY, _county),
    "research_detail": Route(COUNTY, _topic),
    "research_edit": Route(COUNTY, _topic),
    # reports
    "report_list": Route(LOGIN),
    "report_upload": Route(LOGIN),
    "report_review": Route(COUNTY, _report),
    "report_status_json": Route(COUNTY, _report, methods=("GET",)),
    "report_download": Route(COUNTY, _report, methods=("GET",)),
    "report_confirm": Route(COUNTY, _report, methods=("POST",)),
    "report_retry": Route(COUNTY, _report, methods=("POST",)),
    "figure_add": Route(COUNTY, _report, methods=("POST",)),
    "figure_update": Route(COUNTY, _figure, methods=("POST",)),
    "trigger_suggestion_list": Route(ADMINISTRATOR, methods=("GET",)),
    "trigger_suggestion_decide": Route(ADMINISTRATOR, _suggestion, methods=("POST",)),
    "favicon": Route(PUBLIC, methods=("GET",)),
    # audit
    "audit_event_list": Route(AUDITOR, methods=("GET",)),
}
# Arguments for the routes that take some but are not about one county.
LOGIN_KWARGS = {"ledger_template": {"kind": LedgerImport.Kind.RECTIFICATION}}


def route_names(patterns=None, namespace=""):
    """Every route's name, the admin's as one 'admin:*'; an unnamed route appears as its pattern."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                yield "admin:*"
            else:
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from route_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"(unnamed) {entry.pattern}"


def test_every_route_is_in_the_access_table():
    unlisted = sorted(set(route_names()) - set(ACCESS))
    assert not unlisted, (
        f"routes without a line in tests/test_access.py ACCESS: {unlisted}. Add each with who may reach it "
        "(PUBLIC, LOGIN, STAFF, or COUNTY with a builder of an object in a county) so that its scoping is tested."
    )


def test_the_access_table_names_no_route_that_is_gone():
    assert not sorted(set(ACCESS) - set(route_names()))


@pytest.fixture
def outsiders(bob, county_b, guide, charlie, county_elsewhere):
    return {
        "bob": bob,
        "bob_reviewer": user_with_role(Profile.Role.COUNTY_REVIEWER, county_b, user__username="bob_reviewer"),
        "guide": guide,
        "charlie": charlie,
        "far_leader": user_with_role(Profile.Role.LEADERSHIP, CityFactory(name="远安市"), user__username="far_leader"),
    }


@pytest.fixture
def county_a_guide(county_a):
    user = user_with_role(Profile.Role.GUIDANCE, None, user__username="county_a_guide")
    group = WorkingGroupFactory(name="第四巡回指导组")
    group.counties.add(county_a)
    group.members.add(user)
    return user


def _reverse(name, kwargs):
    return reverse(name if name != "admin:*" else "admin:index", kwargs=kwargs or None)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_anonymous_users_reach_only_public_routes(client, name, alice):
    route = ACCESS[name]
    kwargs = route.kwargs(alice.profile.area, alice) if route.kwargs else LOGIN_KWARGS.get(name)
    url = _reverse(name, kwargs)
    for method in route.methods:
        response = client.generic(method, url)
        if route.access == PUBLIC:
            assert response.status_code in (200, 301, 302), (method, url, response.status_code)
        else:
            login = reverse("admin:login") if route.access == STAFF else reverse("login")
            assert response.status_code == 302 and response.url.startswith(login), (method, url, response.status_code)


@pytest.mark.parametrize("who", ["bob", "bob_reviewer", "guide", "charlie", "far_leader"])
@pytest.mark.parametrize("name", sorted(n for n, route in ACCESS.items() if route.access == COUNTY))
def test_a_county_object_is_not_found_for_everyone_outside_the_county(client, name, who, alice, leader, outsiders):
    route = ACCESS[name]
    url = _reverse(name, route.kwargs(alice.profile.area, alice))
    client.force_login(outsiders[who])

    for method in route.methods:
        response = client.generic(method, url)
        assert response.status_code == 404, (who, method, url, response.status_code)


@pytest.mark.parametrize("name", sorted(n for n, route in ACCESS.items() if route.access == COUNTY))
def test_a_county_object_is_reached_from_inside_the_county(client, request, name, alice, leader):
    route = ACCESS[name]
    url = _reverse(name, route.kwargs(alice.profile.area, alice))
    client.force_login(request.getfixturevalue(route.insider))

    method = "GET" if "GET" in route.methods else "POST"
    response = client.generic(method, url)
    assert response.status_code not in (403, 404, 500), (method, url, response.status_code)


@pytest.mark.parametrize("name", sorted(n for n, route in ACCESS.items() if route.access == LOGIN))
def test_a_login_route_answers_a_user_without_a_role(client, name, charlie):
    client.force_login(charlie)

    response = client.get(_reverse(name, LOGIN_KWARGS.get(name)))

    assert response.status_code in (200, 302, 403, 404), response.status_code  # never a server error


@pytest.mark.parametrize("who", ["alice", "leader", "guide", "charlie"])
@pytest.mark.parametrize("name", sorted(n for n, route in ACCESS.items() if route.access == ADMINISTRATOR))
def test_an_administrators_page_is_not_found_for_everyone_else(client, request, name, who, alice):
    route = ACCESS[name]
    url = _reverse(name, route.kwargs(None, alice) if route.kwargs else None)
    client.force_login(request.getfixturevalue(who))

    for method in route.methods:
        assert client.generic(method, url).status_code == 404, (who, method, url)


@pytest.mark.parametrize("name", sorted(n for n, route in ACCESS.items() if route.access == ADMINISTRATOR))
def test_an_administrators_page_is_reached_by_an_administrator(client, name, alice, admin_user):
    route = ACCESS[name]
    client.force_login(admin_user)

    method = "GET" if "GET" in route.methods else "POST"
    response = client.generic(method, _reverse(name, route.kwargs(None, alice) if route.kwargs else None))

    assert response.status_code in (200, 302), response.status_code


def test_the_admin_is_for_staff_only(client, alice):
    client.force_login(alice)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("who", ["alice", "leader", "guide", "charlie", "admin_user"])
@pytest.mark.parametrize("name", sorted(n for n, route in ACCESS.items() if route.access == AUDITOR))
def test_an_auditors_page_is_not_found_for_everyone_else(client, request, name, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse(name)).status_code == 404, who


@pytest.mark.parametrize("name", sorted(n for n, route in ACCESS.items() if route.access == AUDITOR))
def test_an_auditors_page_is_reached_by_the_auditor(client, name, auditor):
    client.force_login(auditor)

    assert client.get(reverse(name)).status_code == 200
