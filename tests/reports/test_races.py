"""What two runs or requests at once may not do. Status moves check the committed status under a row lock,
not the copy a request or task loaded: of two concurrent moves (a double-clicked 确认, a duplicate message)
the second is refused and writes nothing. A report's text span holds one extracted figure, whatever wrote it."""
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from reports.ledger.uploads import ledger_import_confirm, ledger_import_mark_failed
from reports.models import ExtractedFigure, Report
from reports.services import report_confirm
from tests.factories import IndicatorFactory, ReportFactory, user_with_role
from tracker.models import Figure, LedgerImport, Profile
from tracker.workflow import TransitionRefused

pytestmark = pytest.mark.django_db


def test_a_report_confirmed_twice_from_copies_loaded_before_either_is_counted_once(alice, county_a, period):
    report = ReportFactory(county=county_a, period=period, status=Report.Status.NEEDS_REVIEW)
    ExtractedFigure.objects.create(
        report=report, indicator=IndicatorFactory(code="rectify_problems_found"), value=Decimal(31), text="31个",
        start=0, end=3,
    )
    reviewer = user_with_role(Profile.Role.COUNTY_REVIEWER, county_a)
    first, second = Report.objects.get(pk=report.pk), Report.objects.get(pk=report.pk)
    report_confirm(report=first, user=reviewer)
    with pytest.raises(TransitionRefused, match="不能从“已确认”变为“已确认”"):
        report_confirm(report=second, user=reviewer)
    assert Figure.objects.filter(report=report).count() == 1
    assert report.events.filter(new_status=Report.Status.CONFIRMED).count() == 1


def test_an_import_confirmed_twice_from_copies_loaded_before_either_is_queued_once(alice, county_a):
    ledger_import = LedgerImport(
        county=county_a, kind=LedgerImport.Kind.RECTIFICATION, uploaded_by=alice, original_name="台账.xlsx",
        sha256="a" * 64, size=3, status=LedgerImport.Status.PREVIEW,
    )
    ledger_import.file.save("a" * 64, ContentFile(b"xls"), save=False)
    ledger_import.save()
    first, second = (LedgerImport.objects.get(pk=ledger_import.pk) for _ in range(2))
    ledger_import_confirm(ledger_import=first, user=alice)
    with pytest.raises(TransitionRefused, match="不能从“导入中”变为“导入中”"):
        ledger_import_confirm(ledger_import=second, user=alice)
    # A task that gives up after the import finished leaves the finished import alone.
    LedgerImport.objects.filter(pk=ledger_import.pk).update(status=LedgerImport.Status.DONE)
    ledger_import_mark_failed(import_id=ledger_import.pk, reason="重试次数用完")
    assert LedgerImport.objects.get(pk=ledger_import.pk).status == LedgerImport.Status.DONE


def test_a_span_of_a_report_holds_one_extracted_figure_but_a_reviewer_may_mark_it_again(county_a, period):
    report = ReportFactory(county=county_a, period=period)
    figure = dict(report=report, value=Decimal(31), text="31个", start=0, end=3)
    ExtractedFigure.objects.create(**figure)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtractedFigure.objects.create(**figure)
    ExtractedFigure.objects.create(**figure, added_by_reviewer=True)
    assert report.extracted_figures.count() == 2
