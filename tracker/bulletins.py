"""Bulletins (通报): a period's ranking of counties, each county's key figures and its overdue (red-light)
items, as a Word document. Requested from the bulletin page or made every week by Celery beat; a Celery
task calls `bulletin_build`. A bulletin covers an area, a working group's counties, or every county, and a
user may read it when every county it covers is in their scope (`counties_for`)."""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .dashboards.period_figures import county_period_figures
from .dispatch import BULLETIN_BUILD, send_task
from .guidance_home import due_week
from .models import Area, Bulletin, Profile, RectificationItem, ReportingPeriod, WorkingGroup
from .figures import closure_rate
from .selectors.scope import counties_for, user_role
from .workflow import status_change

# Red-light items listed per county; the rest are counted ("另有 N 项").
ITEMS_PER_COUNTY = 20
RANKING_HEADINGS = (
    "名次", "县", "所属市", "台账问题", "台账销号", "台账销号率", "台账逾期", "检视问题（报告）", "完成整改（报告）", "报告完成率"
)
READER_ROLES = (Profile.Role.ADMIN, Profile.Role.LEADERSHIP, Profile.Role.GUIDANCE)


def bulletin_counties(bulletin):
    """The counties a bulletin covers."""
    if bulletin.group_id:
        return bulletin.group.counties.all()
    if bulletin.area_id:
        return Area.objects.filter(level=Area.Level.COUNTY, path__startswith=bulletin.area.path)
    return Area.objects.filter(level=Area.Level.COUNTY)


def bulletins_for(user):
    """Bulletins `user` may read: leaders, guidance members and administrators, when every county the
    bulletin covers is in their scope."""
    if user_role(user) not in READER_ROLES:
        return Bulletin.objects.none()
    scope = counties_for(user)
    outside = Area.objects.filter(level=Area.Level.COUNTY).exclude(pk__in=scope)
    group_outside = outside.filter(supervising_groups=OuterRef("group"))
    area_outside = outside.filter(path__startswith=OuterRef("area__path"))
    readable = (
        (Q(group__isnull=False) & ~Exists(group_outside))
        | (Q(area__isnull=False) & ~Exists(area_outside))
        | (Q(group__isnull=True, area__isnull=True) & ~Exists(outside))
    )
    return Bulletin.objects.filter(readable).select_related("period", "area", "group", "requested_by")


def bulletin_for(user, bulletin_id):
    bulletin = bulletins_for(user).filter(pk=bulletin_id).first()
    if bulletin is None:
        raise Http404("没有找到该通报，或您无权查看。")
    return bulletin


def bulletin_scopes_for(user):
    """[(key, label)] of the scopes `user` may ask a bulletin for: an administrator every county or a
    province, a leader their area, a guidance member each of their groups."""
    role = user_role(user)
    if role == Profile.Role.ADMIN:
        provinces = Area.objects.filter(parent__isnull=True).exclude(level=Area.Level.COUNTY).order_by("name")
        return [("all", "全部县")] + [(f"area:{a.pk}", a.name) for a in provinces]
    if role == Profile.Role.LEADERSHIP:
        area = Profile.objects.filter(user=user).select_related("area").first().area
        return [(f"area:{area.pk}", area.name)] if area else []
    if role == Profile.Role.GUIDANCE:
        groups = WorkingGroup.objects.filter(members=user).exclude(kind=WorkingGroup.Kind.OFFICE).order_by("name")
        return [(f"group:{g.pk}", g.name) for g in groups]
    return []


def bulletin_periods():
    """Periods a bulletin can be asked for: weeks and months that have ended, the latest first."""
    return ReportingPeriod.objects.filter(end_date__lt=timezone.localdate()).order_by("-end_date", "kind")


def bulletin_request(*, user, period, scope):
    """Queue a bulletin of `period` for `scope` (a key from bulletin_scopes_for, checked by the form)."""
    kind, _, pk = scope.partition(":")
    bulletin = Bulletin.objects.create(
        period=period,
        area_id=int(pk) if kind == "area" else None,
        group_id=int(pk) if kind == "group" else None,
        requested_by=user,
    )
    transaction.on_commit(lambda: send_task(BULLETIN_BUILD, bulletin.pk))
    return bulletin


def bulletins_schedule(today=None):
    """The weekly bulletins: for the last week that has ended, one per top-level area and one per guidance
    or liaison group with counties, each made once. Returns the bulletins queued."""
    week = due_week(today)
    if week is None:
        return []
    scheduled = Bulletin.objects.filter(period=week, requested_by__isnull=True)
    queued = []
    for area in Area.objects.filter(parent__isnull=True).exclude(level=Area.Level.COUNTY):
        if not scheduled.filter(area=area).exists():
            queued.append(Bulletin.objects.create(period=week, area=area))
    groups = WorkingGroup.objects.exclude(kind=WorkingGroup.Kind.OFFICE).filter(counties__isnull=False).distinct()
    for group in groups:
        if not scheduled.filter(group=group).exists():
            queued.append(Bulletin.objects.create(period=week, group=group))
    for bulletin in queued:
        transaction.on_commit(lambda pk=bulletin.pk: send_task(BULLETIN_BUILD, pk))
    return queued


# ---- the document --------------------------------------------------------------------------------


def bulletin_rows(counties, period):
    """The ranking: one row per county with its figures at the period's end, ranked as on the comparison
    page: by the ledger's closure rate from the highest (equal rates share a rank), counties without
    items after them unranked (rank None), then by city and name."""
    counties = list(counties.select_related("parent"))
    figures = county_period_figures(counties, [period])[period.pk]
    rows = []
    for county in counties:
        f = figures[county.pk]
        rows.append(
            {
                "county_id": county.pk,
                "county": county.name,
                "city": county.parent.name if county.parent else "",
                **f,
                "closure_rate": closure_rate(f["reported_found"], f["reported_closed"]),
                "ledger_closure_rate": closure_rate(f["found"], f["closed"]),
            }
        )
    rows.sort(key=lambda r: (r["ledger_closure_rate"] is None, -(r["ledger_closure_rate"] or 0), r["city"], r["county"]))
    for position, row in enumerate(rows, start=1):
        rate = row["ledger_closure_rate"]
        if rate is None:
            row["rank"] = None
        else:
            tied = position > 1 and rows[position - 2]["ledger_closure_rate"] == rate
            row["rank"] = rows[position - 2]["rank"] if tied else position
    return rows


def overdue_items(counties, period):
    """{county_id: [item]}: items overdue at the period's end, the longest overdue first, at most
    ITEMS_PER_COUNTY per county."""
    end = period.end_date
    # As tracker.summary counts: a closed item without a closed date (an old import) is closed from entry.
    closed_by_end = Q(status=RectificationItem.Status.CLOSED) & (Q(closed_date__lte=end) | Q(closed_date__isnull=True))
    items = (
        RectificationItem.objects.filter(county__in=counties, created_at__date__lte=end, deadline__lt=end)
        .exclude(closed_by_end)
        .annotate(rank=Window(RowNumber(), partition_by=[F("county_id")], order_by=[F("deadline").asc(), F("id").asc()]))
        .filter(rank__lte=ITEMS_PER_COUNTY)
        .order_by("county_id", "rank")
    )
    listed = {}
    for item in items:
        listed.setdefault(item.county_id, []).append(item)
    return listed


def _percent(rate):
    return "—" if rate is None else f"{rate}%"


def _number(value):
    return "—" if value is None else str(value)


def _chinese_font(document):
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def bulletin_document(*, title, period, rows, items):
    """The bulletin as .docx bytes."""
    document = Document()
    _chinese_font(document)
    heading = document.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"报告期：{period.label}（{period.start_date:%Y年%m月%d日}至{period.end_date:%Y年%m月%d日}）。"
        f"共{len(rows)}个县。报告数取自各县截至期末已确认的进展报告，台账数按期末整改台账逐条统计。"
    )

    document.add_heading("一、台账销号率排名", level=1)
    table = document.add_table(rows=1, cols=len(RANKING_HEADINGS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, RANKING_HEADINGS, strict=True):
        cell.text = text
    for row in rows:
        values = (
            _number(row["rank"]),
            row["county"],
            row["city"],
            str(row["found"]),
            str(row["closed"]),
            _percent(row["ledger_closure_rate"]),
            str(row["overdue"]),
            _number(row["reported_found"]),
            _number(row["reported_closed"]),
            _percent(row["closure_rate"]),
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text

    document.add_heading("二、各县主要数据", level=1)
    for row in rows:
        document.add_heading(f"{row['county']}（{row['city']}）", level=2)
        reported = (
            f"报告检视查摆问题{_number(row['reported_found'])}个、完成整改{_number(row['reported_closed'])}个，"
            f"整改完成率{_percent(row['closure_rate'])}"
            if row["reported_found"] is not None or row["reported_closed"] is not None
            else "截至期末未报告检视整改数据"
        )
        document.add_paragraph(
            f"{reported}；整改台账共{row['found']}个问题，已销号{row['closed']}个，"
            f"销号率{_percent(row['ledger_closure_rate'])}，逾期未整改{row['overdue']}个。"
        )

    document.add_heading("三、逾期未整改事项（红灯）", level=1)
    red = [row for row in rows if row["overdue"]]
    if not red:
        document.add_paragraph("截至期末没有逾期未整改事项。")
    for row in red:
        listed = items.get(row["county_id"], [])
        document.add_heading(f"{row['county']}：逾期{row['overdue']}项", level=2)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("台账编号", "问题描述", "责任单位", "整改时限"), strict=True):
            cell.text = text
        for item in listed:
            values = (item.ledger_number, item.description, item.responsible_unit, f"{item.deadline:%Y-%m-%d}")
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
        if row["overdue"] > len(listed):
            document.add_paragraph(f"另有{row['overdue'] - len(listed)}项，详见整改台账。")

    document.add_paragraph(f"生成时间：{timezone.localtime():%Y年%m月%d日 %H:%M}")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def bulletin_build(*, bulletin_id):
    """Write the bulletin's document and mark it done. Idempotent: a bulletin already done is left as is."""
    bulletin = Bulletin.objects.select_related("period", "area", "group").get(pk=bulletin_id)
    if bulletin.status != Bulletin.Status.QUEUED:
        return bulletin
    counties = bulletin_counties(bulletin)
    content = bulletin_document(
        title=bulletin.title,
        period=bulletin.period,
        rows=bulletin_rows(counties, bulletin.period),
        items=overdue_items(counties, bulletin.period),
    )
    with transaction.atomic():
        bulletin.file.save(bulletin.filename, ContentFile(content), save=False)
        status_change(
            record=bulletin, status=Bulletin.Status.DONE, fields={"file": bulletin.file, "finished_at": timezone.now()}
        )
    return bulletin


def bulletin_fail(*, bulletin_id, reason):
    """Mark a queued bulletin failed with the reason shown to users."""
    bulletin = Bulletin.objects.get(pk=bulletin_id)
    if bulletin.status == Bulletin.Status.QUEUED:
        fields = {"failure_reason": reason, "finished_at": timezone.now()}
        status_change(record=bulletin, status=Bulletin.Status.FAILED, fields=fields)


def bulletin_file_expire(*, bulletin):
    """Delete a finished bulletin's document (past its retention, tracker.retention); the bulletin stays,
    已过期. The file goes first: a run that stops between the two finds the bulletin again."""
    bulletin.file.delete(save=False)
    status_change(record=bulletin, status=Bulletin.Status.EXPIRED, fields={"file": bulletin.file})
