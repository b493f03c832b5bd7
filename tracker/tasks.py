from celery import shared_task
from django.conf import settings

from . import export_jobs


@shared_task(
    acks_late=True,
    soft_time_limit=settings.EXPORT_TIME_LIMIT,
    time_limit=settings.EXPORT_TIME_LIMIT + 60,
)
def run_export_job(job_id):
    try:
        export_jobs.export_job_run(job_id=job_id)
    except Exception as exc:
        export_jobs.export_job_fail(job_id=job_id, detail=f"{type(exc).__name__}: {exc}"[:200])
        raise
