"""Celery tasks of the tracker: thin wrappers that call one service each, named after it."""

from celery import shared_task
from django.conf import settings

from . import bulletins, export_jobs, retention
from .dispatch import BULLETIN_BUILD, EXPORT_JOB_RUN

BULLETIN_FAILED = "生成通报时出错，请稍后重新生成或联系管理员。"


@shared_task(
    name=EXPORT_JOB_RUN,
    acks_late=True,
    soft_time_limit=settings.EXPORT_TIME_LIMIT,
    time_limit=settings.EXPORT_TIME_LIMIT + 60,
)
def export_job_run(job_id):
    try:
        export_jobs.export_job_run(job_id=job_id)
    except Exception as exc:
        export_jobs.export_job_fail(job_id=job_id, detail=f"{type(exc).__name__}: {exc}"[:200])
        raise


@shared_task(name=BULLETIN_BUILD, acks_late=True)
def bulletin_build(bulletin_id):
    try:
        bulletins.bulletin_build(bulletin_id=bulletin_id)
    except Exception as exc:
        bulletins.bulletin_fail(bulletin_id=bulletin_id, reason=f"{BULLETIN_FAILED}（{type(exc).__name__}）")
        raise


@shared_task(name="tracker.tasks.bulletins_schedule")
def bulletins_schedule():
    """Celery beat, weekly (settings.CELERY_BEAT_SCHEDULE): the bulletins of the week that ended."""
    bulletins.bulletins_schedule()


@shared_task(name="tracker.tasks.expired_files_delete")
def expired_files_delete():
    """Celery beat, daily (settings.CELERY_BEAT_SCHEDULE): export files and bulletins past their retention."""
    return retention.expired_files_delete()
