"""Sending a Celery task by its registered name.

Tasks call services; services that must queue work (a report to parse, a ledger to preview or import,
a list to export, a bulletin to write) name the task instead of importing the task module, so the
dependency runs one way.
"""
from celery import current_app

# Each task is registered under the name of the service it calls.
EXPORT_JOB_RUN = "tracker.tasks.export_job_run"
BULLETIN_BUILD = "tracker.tasks.bulletin_build"


def send_task(name: str, *args) -> None:
    """Queue the task registered as `name` (run in-process when tasks are eager)."""
    current_app.tasks[name].delay(*args)
