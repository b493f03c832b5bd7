"""Exports of long lists and of the comparison as jobs: the page records what to export, a Celery task
writes the file row by row (never the whole list in memory) and counts its progress, the requester
downloads it."""

import io
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .comparison.forms import ComparisonForm
from .comparison.selectors import comparison_export, comparison_export_size
from .dispatch import EXPORT_JOB_RUN, send_task
from .exports import BUILDERS
from .filters import list_filter
from .models import ExportJob
from .workbooks import write_csv, write_xlsx
from .workflow import status_change

# The progress shown on the job's page moves every this many rows (one UPDATE each).
PROGRESS_EVERY = 5_000
FAILED = "导出失败，请稍后重试或联系管理员。"


def export_job_create(*, user, kind: str, fmt: str, filters: dict) -> ExportJob:
    """Record an export of list `kind` as `user` sees it under `filters`, and queue it."""
    job = ExportJob.objects.create(requested_by=user, kind=kind, format=fmt, filters=filters)
    transaction.on_commit(lambda: send_task(EXPORT_JOB_RUN, job.pk))
    return job


def export_job_set_status(*, job: ExportJob, status: str, **fields) -> None:
    """Move the job along ExportJob.TRANSITIONS, saving `fields` with it."""
    status_change(record=job, status=status, fields=fields)


def export_job_run(*, job_id: int) -> ExportJob:
    """Write the job's file. A job already finished is left as it is (a repeated message does nothing)."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if not job.is_busy:
        return job
    title, headers, values, total = _job_content(job)
    export_job_set_status(job=job, status=ExportJob.Status.RUNNING, rows_total=total, rows_done=0)
    counted = _counting(job, values)
    with tempfile.TemporaryFile() as out:
        if job.format == ExportJob.Format.XLSX:
            write_xlsx(out, title, headers, counted)
        else:
            text = io.TextIOWrapper(out, encoding="utf-8", newline="")
            write_csv(text, headers, counted)
            text.flush()
            text.detach()
        out.seek(0)
        job.file.save(f"{title}-{timezone.localdate():%Y%m%d}.{job.format}", File(out), save=False)
    export_job_set_status(
        job=job, status=ExportJob.Status.DONE, file=job.file, rows_done=job.rows_done, finished_at=timezone.now()
    )
    return job


def _job_content(job):
    """(title, headers, rows, number of rows) of the job's export, read with its requester's scope as it
    is now and the filters the page had."""
    user = job.requested_by
    if job.kind == ExportJob.Kind.COMPARISON:
        query = ComparisonForm(job.filters, user=user).query()
        title, headers, rows = comparison_export(user, query)
        return title, headers, rows, comparison_export_size(user, query)
    queryset = list_filter(job.kind, user, job.filters).qs
    title, build = BUILDERS[job.kind]
    headers, rows = build(queryset)
    return title, headers, rows, queryset.count()


def _counting(job, rows):
    """The rows, passed on one by one, with the job's progress saved every PROGRESS_EVERY rows."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)
    job.rows_done = done


def export_job_file_expire(*, job: ExportJob) -> None:
    """Delete a finished job's file (past its retention, tracker.retention); the job stays, 已过期. The file
    goes first: a run that stops between the two finds the job again."""
    job.file.delete(save=False)
    export_job_set_status(job=job, status=ExportJob.Status.EXPIRED, file=job.file)


def export_job_fail(*, job_id: int, detail: str) -> None:
    """Record that the job could not finish, and why."""
    job = ExportJob.objects.get(pk=job_id)
    if job.is_busy:
        export_job_set_status(
            job=job, status=ExportJob.Status.FAILED, error=f"{FAILED}（{detail}）", finished_at=timezone.now()
        )
