import datetime

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(bind=True, max_retries=2, default_retry_delay=10, acks_late=True)
def ingest_report(self, report_id):
    try:
        services.report_ingest(report_id=report_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.report_mark_failed(report_id=report_id, reason="系统处理该文件时出错，请稍后重试或联系管理员。")
            raise
        raise self.retry(exc=exc)


@shared_task
def fail_stale_reports():
    return services.report_fail_stale(older_than=datetime.timedelta(minutes=settings.REPORT_STALE_MINUTES))
