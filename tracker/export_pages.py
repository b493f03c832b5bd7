"""Pages of the export jobs: one job's progress, and its file for the one who asked for it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from .audit.services import Kind as AuditKind
from .audit.services import audit_record
from .selectors import records
from .exports import CONTENT_TYPES

# The job's page reloads itself this often while the file is being written.
REFRESH_SECONDS = 2


@login_required
def export_job_list(request):
    jobs = records.export_jobs_for(request.user)[:20]
    return render(request, "tracker/export_job_list.html", {"jobs": jobs})


@login_required
def export_job_detail(request, job_id):
    job = records.export_job_for(request.user, job_id)
    return render(request, "tracker/export_job_detail.html", {"job": job, "refresh_seconds": REFRESH_SECONDS})


@login_required
def export_job_download(request, job_id):
    job = records.export_job_for(request.user, job_id)
    if job.status != job.Status.DONE or not job.file:
        raise Http404("文件尚未生成。")
    filename = job.file.name.rsplit("/", 1)[-1]
    audit_record(kind=AuditKind.DOWNLOAD, obj=job, detail={"file": filename})
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[job.format]
    )
