"""Sending a Celery task by its registered name.

Tasks call services; services that must queue work (a report to parse, a ledger to import, a list to
export) name the task instead of importing the task module, so the dependency runs one way.
"""
from celery import current_app

RUN_EXPORT_JOB = "tracker.tasks.run_export_job"


def send_task(name: str, *args) -> None:
    """Queue the task registered as `name` (run in-process when tasks are eager)."""
    current_app.tasks[name].delay(*args)
