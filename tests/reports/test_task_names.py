"""Tasks are registered under the name of the service they call, and a message queued under a file
task's former name (by the release before the rename) still runs."""

import pytest
from celery import current_app

from reports import dispatch, services, tasks
from reports.ledger import uploads
from reports.models import Report
from tests.reports.test_report_pipeline import upload


@pytest.mark.parametrize(
    "name, service_module",
    [
        (dispatch.REPORT_INGEST, services),
        (dispatch.LEDGER_IMPORT_PREVIEW, uploads),
        (dispatch.LEDGER_IMPORT_APPLY, uploads),
        (current_app.conf.beat_schedule["sweep-report-queue"]["task"], tasks.parse_queue),
    ],
)
def test_a_task_is_registered_under_the_name_of_its_service(name, service_module):
    assert name in current_app.tasks
    assert callable(getattr(service_module, name.rsplit(".", 1)[1]))


def test_a_report_queued_under_the_former_task_name_is_parsed(client, alice, county_a, period):
    client.force_login(alice)
    upload(client, county_a, period)  # its task is sent on commit, which this test never reaches
    report = Report.objects.get()
    assert report.status == Report.Status.QUEUED
    current_app.tasks["reports.tasks.ingest_report"].apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == Report.Status.NEEDS_REVIEW
