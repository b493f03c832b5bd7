"""A day of the product that causes every kind of audit event, shared by the SQLite and PostgreSQL tests."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reports import services as report_services
from reports.ledger.importing import import_workbook
from reports.models import ExtractedFigure, Report
from tests.documents import make_exe
from tests.reports.ledger.workbooks import template_ledger
from tracker.models import LedgerImport, Profile, WorkingGroup
from tracker.services import rectification_items

PASSWORD = "pw-12345678"  # tests.factories.UserFactory's
REPORT_TEXT = "全县共梳理检视问题26个，已经完成整改17个。\n"


def ledger_rows(count):
    return [[str(n), f"第{n}号检视问题"] for n in range(1, count + 1)]


def sign_in(client, username, password, address="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def every_event(*, client, office, reviewer, county, other_county, period, tmp_path, capture, ledger_size=3):
    """Drive each kind of event once (the lockout with five wrong passwords); returns the report."""
    assert sign_in(client, office.username, PASSWORD).status_code == 302
    stranger = Client()
    for _ in range(5):
        sign_in(stranger, office.username, "wrong-password", address="10.9.9.9")

    with capture(execute=True):
        client.post(reverse("report_upload"), {"county": county.pk, "period": period.pk,
                                               "file": SimpleUploadedFile("十月进展.txt", REPORT_TEXT.encode())})
        client.post(reverse("report_upload"), {"county": county.pk, "period": period.pk,
                                               "file": SimpleUploadedFile("损坏.docx", make_exe(tmp_path / "x.docx").read_bytes())})
    report = Report.objects.get(original_name="十月进展.txt")
    figure = report.extracted_figures.first()
    report_services.extracted_figure_update(
        figure=figure, indicator=figure.indicator, value=Decimal(27), unit=figure.unit, qualifier=figure.qualifier,
        subject=figure.subject, decision=ExtractedFigure.Decision.ACCEPTED,
    )
    report_services.report_confirm(report=report, user=reviewer)

    item = rectification_items.rectification_item_create(county=county, actor=office, data={"description": "台账不规范"})
    rectification_items.rectification_item_update(item=item, actor=office, data={"responsible_unit": "县委办"}, reason="补充")
    evidence = rectification_items.rectification_evidence_add(
        item=item, actor=office, uploaded_file=SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 minutes")
    )
    import_workbook(county=county, kind=LedgerImport.Kind.RECTIFICATION, actor=office,
                    path=template_ledger(tmp_path / "台账.xlsx", ledger_rows(ledger_size)))

    client.get(reverse("rectification_list"), {"export": "csv"})
    client.get(reverse("report_download", args=[report.pk]))
    client.get(reverse("evidence_download", args=[item.pk, evidence.pk]))
    client.get(reverse("county_detail", args=[other_county.pk]))  # another county: 404, refused

    office.first_name = "丽"
    office.save()
    profile = reviewer.profile
    profile.role = Profile.Role.COUNTY_OFFICE
    profile.save()
    group = WorkingGroup.objects.create(name="第九巡回指导组", kind=WorkingGroup.Kind.GUIDANCE)
    group.members.add(office)

    client.post(reverse("logout"))
    return report
