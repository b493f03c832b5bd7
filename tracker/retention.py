"""Files made for download are kept settings.EXPORT_RETENTION_DAYS after they were written: an export job's
file holds what its requester's scope showed that day, a bulletin (通报) what the figures were; both can be
made again. The row stays, marked 已过期, so the pages still say what was made, when and by whom."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .bulletins import bulletin_file_expire
from .export_jobs import export_job_file_expire
from .models import Bulletin, ExportJob


def expired_files_delete(*, now=None) -> dict[str, int]:
    """Delete the files of export jobs and bulletins finished before the retention began and mark them
    已过期. Returns how many of each were expired."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXPORT_RETENTION_DAYS)
    jobs = ExportJob.objects.filter(status=ExportJob.Status.DONE, finished_at__lt=cutoff)
    bulletins = Bulletin.objects.filter(status=Bulletin.Status.DONE, finished_at__lt=cutoff)
    expired = {"export_jobs": 0, "bulletins": 0}
    for job in jobs.iterator():
        export_job_file_expire(job=job)
        expired["export_jobs"] += 1
    for bulletin in bulletins.iterator():
        bulletin_file_expire(bulletin=bulletin)
        expired["bulletins"] += 1
    return expired
