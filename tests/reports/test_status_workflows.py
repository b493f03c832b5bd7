"""The three status workflows (report, rectification item, ledger import) move through one helper,
tracker.workflow.status_change: a step the record's TRANSITIONS lack is refused, and nothing is saved
or recorded."""

import pytest

from reports.ledger.uploads import ledger_import_set_status
from reports.models import Report
from reports.workflow import report_set_status
from tests.factories import RectificationItemFactory
from tracker.models import LedgerImport, RectificationItem
from tracker.services.rectification_items import rectification_item_transition
from tracker.workflow import TransitionRefused


def stored(model, alice, county_a, **fields):
    return model.objects.create(
        county=county_a, uploaded_by=alice, original_name="a", sha256="0" * 64, size=1, **fields
    )


def test_a_confirmed_report_does_not_go_back_to_the_queue(alice, county_a, period):
    report = stored(Report, alice, county_a, period=period, status=Report.Status.CONFIRMED)
    with pytest.raises(TransitionRefused, match="不能从“已确认”变为“排队中”"):
        report_set_status(report=report, status=Report.Status.QUEUED, actor=alice)
    report.refresh_from_db()
    assert report.status == Report.Status.CONFIRMED and not report.events.exists()


def test_a_finished_import_is_not_read_again(alice, county_a):
    ledger_import = stored(LedgerImport, alice, county_a, kind=LedgerImport.Kind.RECTIFICATION, status="done")
    with pytest.raises(TransitionRefused, match="不能从“已导入”变为“排队中”"):
        ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.QUEUED, actor=alice)
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.DONE and not ledger_import.events.exists()


def test_an_open_item_is_not_closed_without_the_steps_between(alice, county_a):
    item = RectificationItemFactory(county=county_a)
    with pytest.raises(TransitionRefused, match="不能从“未整改”变为“已销号”"):
        rectification_item_transition(item=item, status=RectificationItem.Status.CLOSED, actor=alice)
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.OPEN and not item.changes.exists()
