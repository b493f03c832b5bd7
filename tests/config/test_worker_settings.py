"""The worker's fault settings as a started worker reads them (config.celery): a message is acknowledged when
its task ends and comes back if the process dies, one message per process at a time, time limits shorter than
the broker's visibility timeout, pool processes replaced past the memory cap, and transient errors retried with
backoff. What they do on a real worker killed mid-parse: tests/integration/test_faults.py."""
from django.db import InterfaceError, OperationalError

from config.celery import app
from reports import tasks
from tests.config.test_production_settings import manage

# with the former names, still registered for messages queued before they were renamed
FILE_TASKS = (
    tasks.report_ingest, tasks.ledger_import_preview, tasks.ledger_import_apply,
    tasks.ingest_report, tasks.preview_ledger_import, tasks.apply_ledger_import,
)


def test_a_worker_takes_one_message_at_a_time_and_acknowledges_it_when_its_task_ends():
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    for task in FILE_TASKS:
        assert task.acks_late and task.reject_on_worker_lost, task.name


def test_file_tasks_retry_database_errors_with_growing_jittered_delays():
    for task in FILE_TASKS:
        assert {OperationalError, InterfaceError} <= set(task.autoretry_for), task.name
        assert task.retry_backoff and task.retry_jitter and task.retry_backoff_max and task.max_retries, task.name


def test_a_run_is_limited_in_time_and_a_pool_process_in_memory():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit < visibility
    assert app.conf.worker_max_memory_per_child > 0


def test_a_visibility_timeout_not_longer_than_the_hard_time_limit_is_refused():
    result = manage("check", DEBUG="1", TASK_TIME_LIMIT="100", BROKER_VISIBILITY_TIMEOUT="100")
    assert result.returncode != 0
    assert "BROKER_VISIBILITY_TIMEOUT must be longer than TASK_TIME_LIMIT" in result.stderr
