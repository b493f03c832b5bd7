"""Each hook writes its audit event: who, from where, what, on which object, how it ended."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.audit.journeys import PASSWORD, every_event, ledger_rows, sign_in
from tests.factories import RectificationItemFactory
from tests.reports.ledger.workbooks import template_ledger
from reports.ledger.importing import import_workbook
from tracker.audit.models import AuditEvent
from tracker.models import Figure, LedgerImport, WorkingGroup

Kind, Outcome = AuditEvent.Kind, AuditEvent.Outcome


def events(kind, **filters):
    return list(AuditEvent.objects.filter(kind=kind, **filters).order_by("id"))


@pytest.fixture
def journey(client, alice, rita, county_a, county_b, period, tmp_path, django_capture_on_commit_callbacks):
    return every_event(client=client, office=alice, reviewer=rita, county=county_a, other_county=county_b,
                       period=period, tmp_path=tmp_path, capture=django_capture_on_commit_callbacks)


def test_every_kind_of_event_is_recorded(journey):
    assert set(AuditEvent.objects.values_list("kind", flat=True)) == set(Kind.values)


def test_logins_failures_lockouts_and_logouts(journey, alice):
    login, *failures = events(Kind.LOGIN)
    assert (login.user, login.outcome, login.ip_address) == (alice, Outcome.SUCCESS, "10.1.1.1")
    assert {(f.user, f.username, f.outcome, f.ip_address) for f in failures} == {
        (None, "alice", Outcome.FAILURE, "10.9.9.9")
    }
    assert len(failures) >= 5
    lockout = events(Kind.LOCKOUT)[0]
    assert (lockout.username, lockout.outcome, lockout.ip_address) == ("alice", Outcome.DENIED, "10.9.9.9")
    assert [(e.user, e.ip_address) for e in events(Kind.LOGOUT)] == [(alice, "127.0.0.1")]  # the test client's


def test_uploads_parse_results_and_the_confirmation(journey, alice, rita, county_a):
    uploads = {e.object_repr: e for e in events(Kind.UPLOAD)}
    assert set(uploads) == {"十月进展.txt", "损坏.docx", "会议记录.pdf"}
    assert {(e.user, e.county) for e in uploads.values()} == {(alice, county_a)}
    parsed = {e.object_repr: e.outcome for e in events(Kind.PARSE)}
    assert parsed == {"十月进展.txt": Outcome.SUCCESS, "损坏.docx": Outcome.FAILURE}
    [confirmed] = events(Kind.REPORT_CONFIRM)
    assert confirmed.user == rita and confirmed.object_id == str(journey.pk)
    assert confirmed.detail["figures"] == Figure.objects.filter(report=journey).count() > 0


def test_a_figure_correction_records_old_and_new(journey):
    [change] = events(Kind.FIGURE_CHANGE)
    assert change.object_type == "reports.extractedfigure" and change.county_id == journey.county_id
    assert ["26.0000", "27"] in change.detail["changes"].values()


def test_item_changes_record_each_field(journey, alice):
    created, changed = events(Kind.ITEM_CHANGE)
    assert created.detail["action"] == "created" and created.user == alice
    assert changed.detail["changes"] == {"责任单位": ["", "县委办"]}
    assert changed.detail["reason"] == "补充"


def test_user_role_and_group_changes(journey, alice, rita):
    assert any(e.detail["changes"].get("名字") == ["", "丽"] for e in events(Kind.USER_CHANGE, object_id=alice.pk))
    [role] = events(Kind.ROLE_CHANGE, detail__action="changed")
    assert role.detail["changes"]["角色"] == ["县委主题教育办审核人", "县委主题教育办"]
    group = WorkingGroup.objects.get(name="第九巡回指导组")
    memberships = [e.detail["changes"] for e in events(Kind.GROUP_CHANGE, object_id=group.pk)]
    assert {"成员": {"added": ["alice"]}} in memberships


def test_exports_downloads_and_refusals(journey, county_b):
    [export] = events(Kind.EXPORT)
    assert export.detail["format"] == "csv" and export.detail["list"] == "整改台账"
    assert {e.object_type for e in events(Kind.DOWNLOAD)} == {"reports.report", "tracker.evidence"}
    [refused] = events(Kind.ACCESS_DENIED)
    assert refused.outcome == Outcome.DENIED and refused.detail["status"] == 404
    assert refused.detail["path"] == reverse("county_detail", args=[county_b.pk])


def test_a_403_is_recorded_as_refused(client, rita):
    client.force_login(rita)

    assert client.get(reverse("report_upload")).status_code == 403

    [refused] = events(Kind.ACCESS_DENIED)
    assert (refused.user, refused.detail["status"]) == (rita, 403)


def test_an_import_is_one_event_with_its_counts_not_one_per_row(county_a, alice, tmp_path):
    RectificationItemFactory(county=county_a, ledger_number="1", description="第1号检视问题")
    path = template_ledger(tmp_path / "台账.xlsx", ledger_rows(40))

    import_workbook(county=county_a, kind=LedgerImport.Kind.RECTIFICATION, path=path, actor=alice)

    [imported] = AuditEvent.objects.exclude(kind__in=[Kind.ITEM_CHANGE, Kind.USER_CHANGE, Kind.ROLE_CHANGE])
    assert imported.kind == Kind.IMPORT and imported.county == county_a and imported.user == alice
    assert (imported.detail["create"], imported.detail["rows"]) == (39, 40)
    assert not events(Kind.ITEM_CHANGE)  # no event per row


def test_a_dry_run_records_no_import(county_a, tmp_path):
    import_workbook(county=county_a, kind=LedgerImport.Kind.RECTIFICATION, dry_run=True,
                    path=template_ledger(tmp_path / "台账.xlsx", ledger_rows(3)))

    assert not events(Kind.IMPORT)


def test_the_client_address_comes_from_the_trusted_proxy_header(client, settings, alice):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

    client.post(reverse("login"), {"username": "alice", "password": PASSWORD},
                REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.2")

    assert events(Kind.LOGIN)[0].ip_address == "203.0.113.7"


def test_a_deleted_user_keeps_their_name_in_the_trail(client, alice):
    sign_in(client, "alice", PASSWORD)
    user_id = alice.pk

    alice.delete()

    login = events(Kind.LOGIN)[0]
    assert (login.user_id, login.username) == (user_id, "alice")
    assert events(Kind.USER_CHANGE, detail__action="deleted")[0].object_repr == "alice"
    assert not get_user_model().objects.filter(pk=user_id).exists()


def test_admin_changes_to_figures_and_users_are_recorded(admin_client, county_a, period):
    from tests.factories import IndicatorFactory

    figure = Figure.objects.create(county=county_a, period=period, indicator=IndicatorFactory(code="rectify_problems_found"),
                                   value=5, source=Figure.Source.MANUAL)
    page = admin_client.get(reverse("admin:tracker_figure_change", args=[figure.pk]))
    data = {**page.context["adminform"].form.initial, "value": "6", "unit": "", "evidence": ""}
    data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in data.items()}
    data["created_at_0"], data["created_at_1"] = "2023-10-01", "10:00:00"

    assert admin_client.post(reverse("admin:tracker_figure_change", args=[figure.pk]), data).status_code == 302

    [change] = events(Kind.FIGURE_CHANGE)
    assert change.object_id == str(figure.pk) and change.county == county_a
    assert "数值" in change.detail["admin"][0]["changed"]["fields"]


def test_the_trail_is_read_only_in_the_admin(admin_client, alice):
    sign_in(admin_client, "alice", "wrong")
    event = AuditEvent.objects.first()

    assert admin_client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert admin_client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert admin_client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"username": "x"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).username == "alice"


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(client, alice):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD},
                REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert events(Kind.LOGIN)[0].ip_address == "10.0.0.2"


def test_the_comparison_export_and_the_downloads_of_jobs_and_bulletins_are_recorded(client, alice, leader, period):
    from django.core.files.base import ContentFile

    from tracker.models import Bulletin, ExportJob

    client.force_login(leader)
    client.get(reverse("comparison"), {"export": "csv"})
    [export] = events(Kind.EXPORT)
    assert export.detail["list"] == "各县对比" and export.detail["format"] == "csv"
    assert export.username == leader.username

    bulletin = Bulletin.objects.create(period=period, area=leader.profile.area, status=Bulletin.Status.DONE)
    bulletin.file.save("通报.docx", ContentFile(b"docx"))
    assert client.get(reverse("bulletin_download", args=[bulletin.pk])).status_code == 200
    client.force_login(alice)
    job = ExportJob.objects.create(requested_by=alice, kind="rectification", format="csv", status="done")
    job.file.save("整改台账.csv", ContentFile("编号\n".encode()))
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 200
    downloads = events(Kind.DOWNLOAD)
    assert [(e.object_type, e.username) for e in downloads] == [
        ("tracker.bulletin", leader.username),
        ("tracker.exportjob", alice.username),
    ]
