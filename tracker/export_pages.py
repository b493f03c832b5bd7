"""Pages of the export jobs: one job's progress, and its file for the one who asked for it."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from .audit.services import Kind as AuditKind
from .audit.services import audit_record
from .exports import CONTENT_TYPES
from .models import ExportJob
from .selectors import records

# The job's page reloads itself this often while the file is being written.
REFRESH_SECONDS = 2
# The page each kind of export is made from, with the job's filters: to export again once the file expired.
SOURCE_PAGES = {
    ExportJob.Kind.RECTIFICATION: "rectification_list",
    ExportJob.Kind.STUDY: "study_list",
    ExportJob.Kind.RESEARCH: "research_list",
    ExportJob.Kind.COMPARISON: "comparison",
}


def _source_url(job):
    return f"{reverse(SOURCE_PAGES[job.kind])}?{urlencode(job.filters)}"


def file_expired(request, *, title, again_url, again_text):
    """The answer to a download whose file was deleted after its retention (410 Gone), in words."""
    context = {
        "title": title,
        "retention_days": settings.EXPORT_RETENTION_DAYS,
        "again_url": again_url,
        "again_text": again_text,
    }
    return render(request, "tracker/file_expired.html", context, status=410)


@login_required
def export_job_list(request):
    jobs = records.export_jobs_for(request.user)[:20]
    return render(request, "tracker/export_job_list.html", {"jobs": jobs})


@login_required
def export_job_detail(request, job_id):
    job = records.export_job_for(request.user, job_id)
    context = {
        "job": job,
        "refresh_seconds": REFRESH_SECONDS,
        "retention_days": settings.EXPORT_RETENTION_DAYS,
        "source_url": _source_url(job),
    }
    return render(request, "tracker/export_job_detail.html", context)


@login_required
def export_job_download(request, job_id):
    job = records.export_job_for(request.user, job_id)
    if job.status == job.Status.EXPIRED:
        title = f"导出{job.get_kind_display()}"
        return file_expired(request, title=title, again_url=_source_url(job), again_text="打开原页面（保留筛选条件）重新导出")
    if job.status != job.Status.DONE or not job.file:
        raise Http404("文件尚未生成。")
    filename = job.file.name.rsplit("/", 1)[-1]
    audit_record(kind=AuditKind.DOWNLOAD, obj=job, detail={"file": filename})
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[job.format]
    )
