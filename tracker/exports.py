"""Lists written to .xlsx and .csv. Columns repeat the import template's headers, so an exported
ledger can be edited and imported again."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from . import workbooks

from .selectors.lights import LIGHTS

# Lists up to this long are written while the browser waits; longer ones by an export job
# (tracker.export_jobs), which streams them to a file.
IN_REQUEST_ROWS = 5_000

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _rectification(items):
    headers = [c.label for c in workbooks.RECTIFICATION.columns] + ["销号日期", "销号说明", "预警", "县"]
    rows = (
        (
            i.ledger_number,
            i.description,
            i.get_source_display(),
            i.get_level_display(),
            i.responsible_unit,
            i.responsible_person,
            i.measures,
            i.deadline,
            i.get_status_display(),
            i.research_topic.title if i.research_topic else "",
            i.category,
            i.closed_date,
            i.closure_note,
            LIGHTS[i.light],
            i.county.name,
        )
        for i in items.iterator(chunk_size=2000)
    )
    return headers, rows


def _study(sessions):
    headers = [c.label for c in workbooks.STUDY.columns] + ["县"]
    rows = (
        (s.date, s.get_kind_display(), s.title, s.participants, s.county.name)
        for s in sessions.iterator(chunk_size=2000)
    )
    return headers, rows


def _research(topics):
    headers = [c.label for c in workbooks.RESEARCH.columns] + ["发现问题数", "县"]
    rows = (
        (t.title, t.lead, t.get_status_display(), t.report, t.problem_count, t.county.name)
        for t in topics.iterator(chunk_size=2000)
    )
    return headers, rows


BUILDERS = {
    "rectification": (workbooks.RECTIFICATION.title, _rectification),
    "study": (workbooks.STUDY.title, _study),
    "research": (workbooks.RESEARCH.title, _research),
}


def export_response(kind, queryset, fmt):
    """The filtered list `queryset` (already scoped by the selector) as a download in `fmt` (xlsx or csv)."""
    title, build = BUILDERS[kind]
    headers, rows = build(queryset)
    content = workbooks.export_xlsx(title, headers, rows) if fmt == "xlsx" else workbooks.export_csv(headers, rows)
    filename = f"{title}-{timezone.localdate():%Y%m%d}.{fmt}"
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
