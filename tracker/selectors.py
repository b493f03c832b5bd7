"""Reads for the tracker. `counties_for` is the one place that decides what a user may see or change."""

import datetime
import logging

from django.core.cache import cache
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from .models import (
    Area,
    DeadlineExtension,
    Figure,
    GuidanceNote,
    Indicator,
    LedgerImport,
    Profile,
    RectificationItem,
    ReportingPeriod,
    ResearchTopic,
    StudySession,
    WorkingGroup,
)

VIEW = "view"
EDIT = "edit"
APPROVE = "approve"  # close (销号) or send back a rectification item someone else submitted
REVIEW = "review"  # check a report's extracted figures and confirm them into the county's statistics
GUIDE = "guide"  # write guidance notes and corrections (督导意见、纠偏) to a county

log = logging.getLogger(__name__)

FOUND = "rectify_problems_found"
CLOSED = "rectify_problems_closed"


def _profile(user):
    # Kept on the user object: one request asks the scope several times, the profile is read once.
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_campaign_profile"):
        user._campaign_profile = Profile.objects.filter(user=user).select_related("area").first()
    return user._campaign_profile


def user_role(user):
    if user.is_authenticated and user.is_superuser:
        return Profile.Role.ADMIN
    profile = _profile(user)
    return profile.role if profile else None


def counties_for(user, action=VIEW):
    """Counties in which `user` may take one kind of action (VIEW, EDIT, REVIEW, APPROVE or GUIDE).

    Seeing: county office staff and the county's reviewers their county; guidance and liaison members
    the counties assigned to their groups; leadership every county under their area; administrators all.
    Changing the county's records (uploads, imports, ledger items, study sessions, research topics,
    answers to guidance notes) is the county office's alone: the reviewer checks that work, and a
    checker who could also do it would check themselves. Reviewing a report (correcting and confirming
    its figures) is for the county office and its reviewers. Approving (closing or sending back a
    rectification item) is for the county's reviewers and the members of the guidance groups (not
    liaison groups) that supervise the county. Guiding (writing guidance notes and corrections) is for
    the members of the guidance and liaison groups that supervise the county.
    """
    counties = Area.objects.filter(level=Area.Level.COUNTY)
    if not user.is_authenticated:
        return counties.none()
    role = user_role(user)
    if role == Profile.Role.ADMIN:
        return counties
    profile = _profile(user)
    if action == APPROVE:
        if role == Profile.Role.COUNTY_REVIEWER:
            return counties.filter(pk=profile.area_id)
        if role == Profile.Role.GUIDANCE:
            groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.GUIDANCE, members=user)
            return counties.filter(supervising_groups__in=groups).distinct()
        return counties.none()
    if action == GUIDE:
        if role == Profile.Role.GUIDANCE:
            return counties.filter(supervising_groups__in=_guiding_groups().filter(members=user)).distinct()
        return counties.none()
    if action == EDIT:
        if role == Profile.Role.COUNTY_OFFICE:
            return counties.filter(pk=profile.area_id)
        return counties.none()
    if role in (Profile.Role.COUNTY_OFFICE, Profile.Role.COUNTY_REVIEWER):
        return counties.filter(pk=profile.area_id)
    if action == REVIEW:
        return counties.none()
    if role == Profile.Role.GUIDANCE:
        return counties.filter(supervising_groups__members=user).distinct()
    if role == Profile.Role.LEADERSHIP and profile.area_id:
        area = profile.area
        return counties.filter(Q(pk=area.pk) | Q(parent=area) | Q(parent__parent=area))
    return counties.none()


def county_for(user, county_id, action=VIEW):
    """The county if `user` may see (or change) it, else 404: another county's object does not exist."""
    county = counties_for(user, action).filter(pk=county_id).first()
    if county is None:
        raise Http404("没有找到该县，或您无权查看。")
    return county


def _guiding_groups():
    return WorkingGroup.objects.filter(kind__in=[WorkingGroup.Kind.GUIDANCE, WorkingGroup.Kind.LIAISON])


def supervising_groups(counties):
    """The guidance and liaison groups that supervise any of `counties`: a county office sees who
    watches it."""
    return _guiding_groups().filter(counties__in=counties).distinct().order_by("kind", "name")


def groups_for(user):
    """Working groups whose counties the user may see: a member sees their groups, leaders and admins all."""
    groups = WorkingGroup.objects.exclude(kind=WorkingGroup.Kind.OFFICE)
    role = user_role(user)
    if role == Profile.Role.ADMIN:
        return groups
    if role == Profile.Role.LEADERSHIP:
        return groups.filter(counties__in=counties_for(user)).distinct()
    return groups.filter(members=user)


def _cache_call(operation, *args):
    """A cache operation that cannot break a page: when the cache is down, None, and the caller reads the
    database (whatever the backend raises)."""
    try:
        return operation(*args)
    except Exception as exc:
        log.warning("cache unavailable, reading the database: %s", exc)
        return None


def _figures_version():
    return _cache_call(cache.get_or_set, "figures-version", 1, None)


def figures_changed():
    """Called by every ingestion: cached aggregates keyed on the version are dropped. (With the cache down
    nothing is cached, and what it held before expires within its timeout.)"""
    # add() first: incr() of a key not yet set raises, which is no outage to log.
    if _cache_call(cache.add, "figures-version", 1, None) is not None:
        _cache_call(cache.incr, "figures-version")


def latest_reported_values(counties, codes):
    """{county_id: {code: value}} for the latest period in which each county reported each indicator.

    Several figures of one indicator in a period (e.g. leaders' and members' problems) give the largest
    of them: a figure is never overstated by adding mentions that may repeat one another.
    """
    rows = (
        Figure.objects.filter(county__in=counties, indicator__code__in=codes)
        .values("county_id", "indicator__code", "period__start_date")
        .annotate(value=Max("value"))
        .order_by("county_id", "indicator__code", "period__start_date")
    )
    values = {}
    for row in rows:  # ordered by period, so the last one written is the latest
        values.setdefault(row["county_id"], {})[row["indicator__code"]] = row["value"]
    return values


# Traffic lights of rectification items. Red: overdue and not closed; yellow: not closed and due within
# DUE_SOON_DAYS; green: everything else (on track, no deadline, or closed).
RED, YELLOW, GREEN = "red", "yellow", "green"
LIGHTS = {RED: "逾期", YELLOW: "临期", GREEN: "正常"}
DUE_SOON_DAYS = 7


def _red(today):
    return Q(deadline__lt=today) & ~Q(status=RectificationItem.Status.CLOSED)


def _yellow(today):
    due_soon = Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    return due_soon & ~Q(status=RectificationItem.Status.CLOSED)


def with_lights(items, today=None):
    """Annotate `light` (red/yellow/green) and `light_rank` (0 red, 1 yellow, 2 green: sort by urgency)."""
    today = today or timezone.localdate()
    return items.annotate(
        light=Case(When(_red(today), then=Value(RED)), When(_yellow(today), then=Value(YELLOW)), default=Value(GREEN)),
        light_rank=Case(
            When(_red(today), then=Value(0)),
            When(_yellow(today), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    )


def _approved_extensions():
    return DeadlineExtension.objects.filter(item=OuterRef("pk"), status=DeadlineExtension.Status.APPROVED)


def _approved_extension_count():
    counted = _approved_extensions().order_by().values("item").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_extensions(items):
    """Annotate `extension_count` (approved deadline extensions) and `original_deadline` (the deadline
    before the first approved one, else the deadline itself) by subqueries: a list costs no query more.

    The original is derived from the extensions, not kept on the item: the extension rows already hold
    each deadline they replaced, so there is no second copy for imports and forms to keep in step."""
    first = _approved_extensions().order_by("decided_at", "id").values("previous_deadline")[:1]
    return items.annotate(
        extension_count=_approved_extension_count(),
        original_deadline=Case(When(Exists(_approved_extensions()), then=Subquery(first)), default="deadline"),
    )


def ledger_counts(counties, today=None):
    """{county_id: {"found", "closed", "overdue", "due_soon", "on_track"}} counted from rectification
    items in one query. overdue/due_soon/on_track are the red/yellow/green light counts; extensions the
    approved deadline extensions (延期)."""
    today = today or timezone.localdate()
    rows = (
        RectificationItem.objects.filter(county__in=counties)
        .values("county_id")
        .annotate(
            found=Count("id"),
            closed=Count("id", filter=Q(status=RectificationItem.Status.CLOSED)),
            overdue=Count("id", filter=_red(today)),
            due_soon=Count("id", filter=_yellow(today)),
            extensions=Sum(_approved_extension_count()),
        )
        .order_by()
    )
    counts = {}
    for row in rows:
        row["on_track"] = row["found"] - row["overdue"] - row["due_soon"]
        counts[row.pop("county_id")] = row
    return counts


def ledger_period_figures(county, periods):
    """[{period, found, closed, overdue, closure_rate, reported_found, reported_closed, differs}] per
    period: the ledger as it stood at each period's end, beside what the county reported for it.

    An item counts as found once it was entered, closed once its closed date has passed, and overdue
    when its deadline had passed by the period end and it was not closed by then.
    """
    periods = list(periods)
    if not periods:
        return []
    closed = RectificationItem.Status.CLOSED
    aggregates = {}
    for p in periods:
        entered = Q(created_at__date__lte=p.end_date)
        closed_by_end = Q(status=closed, closed_date__lte=p.end_date)
        aggregates[f"found_{p.pk}"] = Count("id", filter=entered)
        aggregates[f"closed_{p.pk}"] = Count("id", filter=entered & closed_by_end)
        aggregates[f"overdue_{p.pk}"] = Count("id", filter=entered & Q(deadline__lt=p.end_date) & ~closed_by_end)
    counts = RectificationItem.objects.filter(county=county).aggregate(**aggregates)
    reported = {}
    for row in (
        Figure.objects.filter(county=county, period__in=periods, indicator__code__in=[FOUND, CLOSED])
        .values("period_id", "indicator__code")
        .annotate(value=Max("value"))
        .order_by()
    ):
        reported[(row["period_id"], row["indicator__code"])] = int(row["value"])
    rows = []
    for p in periods:
        found, closed_n = counts[f"found_{p.pk}"], counts[f"closed_{p.pk}"]
        rep_found, rep_closed = reported.get((p.pk, FOUND)), reported.get((p.pk, CLOSED))
        rows.append(
            {
                "period": p,
                "found": found,
                "closed": closed_n,
                "overdue": counts[f"overdue_{p.pk}"],
                "closure_rate": closure_rate(found, closed_n),
                "reported_found": rep_found,
                "reported_closed": rep_closed,
                "differs": figures_differ(rep_found, rep_closed, found, closed_n),
            }
        )
    return rows


def figures_differ(reported_found, reported_closed, ledger_found, ledger_closed):
    """True when a reported figure exists and disagrees with the ledger; missing reports are not flagged."""
    return (reported_found is not None and reported_found != ledger_found) or (
        reported_closed is not None and reported_closed != ledger_closed
    )


def rectification_status_counts(county):
    """[(status label, count)] for every workflow status, zeros included."""
    counts = dict(
        RectificationItem.objects.filter(county=county).values_list("status").annotate(n=Count("id")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in RectificationItem.Status.choices]


def closure_rate(found, closed):
    """Closed as a percentage of found, one decimal; None when either figure is missing or found is 0."""
    if not found or closed is None:
        return None
    return round(float(closed) / float(found) * 100, 1)


def per_thousand(value, members):
    """Figures per 1,000 party members, so counties of different sizes compare fairly."""
    if value is None or not members:
        return None
    return round(value * 1000 / members, 1)


def county_comparison(user, group=None):
    """One row per county the user may see (within `group` if given): problems found and closed, as
    reported and per the ledger."""
    counties = counties_for(user).select_related("parent").order_by("parent__name", "name")
    if group is not None:
        counties = counties.filter(supervising_groups=group)
    version = _figures_version()
    key = f"comparison:{version}:{','.join(str(c.pk) for c in counties)}"
    rows = _cache_call(cache.get, key) if version is not None else None
    if rows is not None:
        return rows
    reported = latest_reported_values(counties, [FOUND, CLOSED])
    ledger = ledger_counts(counties)
    rows = []
    for county in counties:
        rep = reported.get(county.pk, {})
        led = ledger.get(county.pk, {})
        found, closed = rep.get(FOUND), rep.get(CLOSED)
        found = int(found) if found is not None else None
        closed = int(closed) if closed is not None else None
        ledger_found, ledger_closed = led.get("found", 0), led.get("closed", 0)
        rows.append(
            {
                "county_id": county.pk,
                "county": county.name,
                "city": county.parent.name if county.parent else "",
                "found": found,
                "closed": closed,
                "closure_rate": closure_rate(found, closed),
                "found_per_thousand": per_thousand(found, county.party_member_count),
                "ledger_found": ledger_found,
                "ledger_closed": ledger_closed,
                "ledger_overdue": led.get("overdue", 0),
                "ledger_due_soon": led.get("due_soon", 0),
                "ledger_extensions": led.get("extensions", 0),
                "ledger_closure_rate": closure_rate(ledger_found, ledger_closed),
                "reported": found is not None or closed is not None,
                "differs": figures_differ(found, closed, ledger_found, ledger_closed),
            }
        )
    rows.sort(key=_ranking)
    if version is not None:
        _cache_call(cache.set, key, rows, 300)
    return rows


def _ranking(row):
    """The comparison's one order, for its chart and its table: closure rate from the highest, counties
    without a reported rate after them, by city and name."""
    rate = row["closure_rate"]
    return (rate is None, -(rate or 0), row["city"], row["county"])


def comparison_chart(user):
    """Chart-ready data for the leaders' bar chart: problems found versus closed per county, in the
    table's order; a county without a report is labelled so, not drawn as an empty slot."""
    rows = county_comparison(user)
    return {
        "labels": [r["county"] if r["reported"] else f"{r['county']}（未报告）" for r in rows],
        "datasets": [
            {"label": "检视查摆问题", "data": [r["found"] for r in rows]},
            {"label": "完成整改问题", "data": [r["closed"] for r in rows]},
        ],
    }


def area_trend(user, kind=ReportingPeriod.Kind.MONTH):
    """Problems found and closed across the user's counties, period by period (chart-ready).

    The figures are cumulative, so a county that did not report in a period counts with its last
    reported value; a county counts from the first period it reported in.
    """
    rows = (
        Figure.objects.filter(county__in=counties_for(user), indicator__code__in=[FOUND, CLOSED], period__kind=kind)
        .values("county_id", "indicator__code", "period__start_date", "period__label")
        .annotate(value=Max("value"))
        .order_by("period__start_date")
    )
    by_period = {}
    for row in rows:
        period = by_period.setdefault(row["period__start_date"], {"label": row["period__label"], "values": {}})
        period["values"][(row["county_id"], row["indicator__code"])] = row["value"]
    latest, labels, series = {}, [], {FOUND: [], CLOSED: []}
    for period in by_period.values():
        latest.update(period["values"])
        labels.append(period["label"])
        for code in series:
            series[code].append(int(sum(v for (_, c), v in latest.items() if c == code)))
    return {
        "labels": labels,
        "datasets": [
            {"label": "检视查摆问题（累计）", "data": series[FOUND]},
            {"label": "完成整改问题（累计）", "data": series[CLOSED]},
        ],
    }


def county_figures_by_category(county):
    """The county's figures in its latest period per indicator, grouped by catalog category."""
    figures = (
        Figure.objects.filter(county=county)
        .select_related("indicator", "period", "report")
        .order_by("indicator__category", "indicator__code", "-period__start_date", "-value")
    )
    seen, groups = set(), {}
    for figure in figures:
        if figure.indicator_id in seen:
            continue
        seen.add(figure.indicator_id)
        groups.setdefault(figure.indicator.category, []).append(figure)
    return groups



# ---- the county's working book: every list and object below is scoped by counties_for ----------


def rectification_items_for(user, action=VIEW, today=None):
    items = RectificationItem.objects.filter(county__in=counties_for(user, action))
    return with_extensions(with_lights(items.select_related("county", "research_topic"), today))


def rectification_item_for(user, item_id, action=VIEW):
    """The item if `user` may see (or change) its county, else 404."""
    item = rectification_items_for(user, action).filter(pk=item_id).first()
    if item is None:
        raise Http404("没有找到该整改事项，或您无权查看。")
    return item


def deadline_extension_for(user, extension_id):
    """The extension request if `user` may see its item's county, else 404."""
    extension = DeadlineExtension.objects.filter(pk=extension_id, item__county__in=counties_for(user)).first()
    if extension is None:
        raise Http404("没有找到该延期申请，或您无权查看。")
    return extension


def may(user, county_id, action):
    """Whether `user` may act (VIEW/EDIT/REVIEW/APPROVE/GUIDE) in the county."""
    return counties_for(user, action).filter(pk=county_id).exists()


def study_sessions_for(user, action=VIEW):
    return StudySession.objects.filter(county__in=counties_for(user, action)).select_related("county")


def study_session_for(user, session_id, action=VIEW):
    session = study_sessions_for(user, action).filter(pk=session_id).first()
    if session is None:
        raise Http404("没有找到该学习活动，或您无权查看。")
    return session


def research_topics_for(user, action=VIEW):
    topics = ResearchTopic.objects.filter(county__in=counties_for(user, action)).select_related("county")
    return topics.annotate(problem_count=Count("problems"))


def research_topic_for(user, topic_id, action=VIEW):
    topic = research_topics_for(user, action).filter(pk=topic_id).first()
    if topic is None:
        raise Http404("没有找到该调研课题，或您无权查看。")
    return topic


def ledger_imports_for(user, action=VIEW):
    return LedgerImport.objects.filter(county__in=counties_for(user, action)).select_related("county", "uploaded_by")


def ledger_import_for(user, import_id, action=VIEW):
    ledger_import = ledger_imports_for(user, action).filter(pk=import_id).first()
    if ledger_import is None:
        raise Http404("没有找到该导入记录，或您无权查看。")
    return ledger_import


def guidance_notes_for(user, action=VIEW):
    notes = GuidanceNote.objects.filter(county__in=counties_for(user, action))
    return notes.select_related("county", "group", "author", "responded_by", "item")


def guidance_note_for(user, note_id, action=VIEW):
    note = guidance_notes_for(user, action).filter(pk=note_id).first()
    if note is None:
        raise Http404("没有找到该督导意见，或您无权查看。")
    return note


def guidance_groups_for(user, county):
    """Groups on whose behalf `user` may write guidance notes to `county`: the guidance and liaison
    groups supervising it that the user belongs to (administrators: all of them)."""
    if not may(user, county.pk, GUIDE):
        return WorkingGroup.objects.none()
    groups = _guiding_groups().filter(counties=county)
    if user_role(user) != Profile.Role.ADMIN:
        groups = groups.filter(members=user)
    return groups


def guidance_note_counts(group):
    """{county_id: {"notes", "open_corrections"}} of the group's notes: all of them, and corrections
    the county has not answered yet."""
    rows = (
        GuidanceNote.objects.filter(group=group)
        .values("county_id")
        .annotate(
            notes=Count("id"),
            open_corrections=Count("id", filter=Q(kind=GuidanceNote.Kind.CORRECTION, responded_at__isnull=True)),
        )
        .order_by()
    )
    return {row.pop("county_id"): row for row in rows}


def group_overview(user, group):
    """The group page's rows: the comparison row of each county the group supervises, with the group's
    note counts. New dicts, because the comparison rows are cached values."""
    notes = guidance_note_counts(group)
    no_notes = {"notes": 0, "open_corrections": 0}
    return [{**row, **notes.get(row["county_id"], no_notes)} for row in county_comparison(user, group)]


def light_totals(items):
    """{red, yellow, green: count} over an item queryset annotated by with_lights, counted in the database."""
    counts = dict(items.order_by().values_list("light").annotate(n=Count("id")))
    return {light: counts.get(light, 0) for light in LIGHTS}


# ---- reporting periods ------------------------------------------------------------------------------


def period_choices():
    """The period picker's choices: months, then weeks, each in date order ([(group label, [(pk, label)])])."""
    periods = ReportingPeriod.objects.order_by("start_date", "pk")
    return [
        (kind.label, [(p.pk, p.label) for p in periods if p.kind == kind])
        for kind in (ReportingPeriod.Kind.MONTH, ReportingPeriod.Kind.WEEK)
        if any(p.kind == kind for p in periods)
    ]


def current_period(today=None):
    """The period a county most likely reports on today: the latest month that has begun (months before
    weeks: monthly summaries are what counties mostly upload), else the latest week, else None."""
    today = today or timezone.localdate()
    started = ReportingPeriod.objects.filter(start_date__lte=today)
    month_first = Case(When(kind=ReportingPeriod.Kind.MONTH, then=Value(0)), default=Value(1))
    return started.order_by(month_first, "-start_date").first()
