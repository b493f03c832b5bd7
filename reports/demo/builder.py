"""Demo data: one invented province, two cities, twelve counties, groups, a user per role and reports.

Reports in reports/demo/reports/ (our own writing) go through the real upload and ingestion pipeline.
"""
import datetime
import random
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from reports.models import Report
from reports.services import DuplicateReport, report_confirm, report_create
from tracker.models import (
    Area,
    Campaign,
    DeadlineExtension,
    Figure,
    GuidanceNote,
    Profile,
    RectificationItem,
    ReportingPeriod,
    ResearchTopic,
    StudySession,
    WorkingGroup,
)
from tracker.selectors.dashboards import CLOSED, FOUND, latest_reported_values
from tracker.services.deadline_extensions import deadline_extension_decide, deadline_extension_request
from tracker.services.guidance_notes import guidance_note_create
from tracker.summary import summaries_rebuild

REPORTS_DIR = Path(__file__).resolve().parent / "reports"
PASSWORD = "demo-2023"

CITIES = {
    "汉江市": ["城关县", "石泉县", "紫阳县", "岚皋县", "平利县", "白河县"],
    "丹凤市": ["商南县", "山阳县", "镇安县", "柞水县", "洛南县", "丹江县"],
}
# Each county office's demo login (the README lists them); chengguan is the one the README walks through.
COUNTY_LOGINS = {
    "城关县": "chengguan", "石泉县": "shiquan", "紫阳县": "ziyang", "岚皋县": "langao", "平利县": "pingli",
    "白河县": "baihe", "商南县": "shangnan", "山阳县": "shanyang", "镇安县": "zhenan", "柞水县": "zhashui",
    "洛南县": "luonan", "丹江县": "danjiang",
}

Source, Level = RectificationItem.Source, RectificationItem.Level
LEDGER_PROBLEMS = [
    ("理论学习中心组学习流于形式，联系实际不够", Source.SELF_INSPECTION, Level.LEADERSHIP, "县委办公室"),
    ("政务服务窗口办事环节多、材料多", Source.PUBLIC, Level.UNIT, "县行政审批服务局"),
    ("农村饮水工程部分管网老化，夏季供水不稳定", Source.RESEARCH, Level.UNIT, "县水利局"),
    ("个别干部调研走马观花，发现问题不深", Source.GUIDANCE, Level.MEMBER, "县委组织部"),
    ("城区老旧小区停车难、充电设施不足", Source.PUBLIC, Level.UNIT, "县住建局"),
    ("耕地保护责任落实不到位", Source.SPECIAL, Level.UNIT, "县自然资源局"),
    ("基层党组织会议记录不规范、不完整", Source.SELF_INSPECTION, Level.UNIT, "各镇党委"),
    ("惠农补贴发放不及时", Source.PUBLIC, Level.UNIT, "县农业农村局"),
]


def _user(username, full_name, role, area=None):
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": full_name})
    if created:
        user.set_password(PASSWORD)
        user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": role, "area": area})
    return user


def _areas():
    nation, _ = Area.objects.get_or_create(name="全国", level=Area.Level.NATION, parent=None)
    province, _ = Area.objects.get_or_create(name="秦岭省", level=Area.Level.PROVINCE, parent=nation)
    counties = {}
    rng = random.Random(7)
    for city_name, county_names in CITIES.items():
        city, _ = Area.objects.get_or_create(name=city_name, level=Area.Level.CITY, parent=province)
        for name in county_names:
            counties[name], _ = Area.objects.get_or_create(
                name=name,
                level=Area.Level.COUNTY,
                parent=city,
                defaults={"party_org_count": rng.randint(300, 700), "party_member_count": rng.randint(8000, 16000)},
            )
    return province, counties


def _periods():
    """Every month and every week (Monday to Sunday) of the campaign, from its first Monday to its end."""
    campaign, _ = Campaign.objects.get_or_create(
        name="学习贯彻习近平新时代中国特色社会主义思想主题教育",
        batch="第二批",
        defaults={"start_date": datetime.date(2023, 9, 1), "end_date": datetime.date(2024, 1, 31)},
    )
    months = {}
    start = campaign.start_date.replace(day=1)
    while start <= campaign.end_date:
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        months[f"{start:%Y-%m}"], _ = ReportingPeriod.objects.get_or_create(
            campaign=campaign,
            kind=ReportingPeriod.Kind.MONTH,
            start_date=start,
            defaults={"end_date": end, "label": f"{start.year}年{start.month}月"},
        )
        start = end + datetime.timedelta(days=1)
    week_start = campaign.start_date + datetime.timedelta(days=-campaign.start_date.weekday() % 7)
    n = 1
    while week_start <= campaign.end_date:
        ReportingPeriod.objects.get_or_create(
            campaign=campaign,
            kind=ReportingPeriod.Kind.WEEK,
            start_date=week_start,
            defaults={
                "end_date": week_start + datetime.timedelta(days=6),
                "label": f"第{n}周（{week_start:%Y.%m.%d}起）",
            },
        )
        week_start += datetime.timedelta(days=7)
        n += 1
    return months


def _groups(province, counties, guidance_user):
    names = list(counties)
    plan = [
        ("第一巡回指导组", WorkingGroup.Kind.GUIDANCE),
        ("第二巡回指导组", WorkingGroup.Kind.GUIDANCE),
        ("第一联络组", WorkingGroup.Kind.LIAISON),
        ("第二联络组", WorkingGroup.Kind.LIAISON),
    ]
    for index, (name, kind) in enumerate(plan):
        group, _ = WorkingGroup.objects.get_or_create(name=name, kind=kind, home_area=province)
        group.counties.set(counties[n] for n in names[index * 3 : index * 3 + 3])
        if index == 0:
            group.members.add(guidance_user)
    for county in counties.values():
        WorkingGroup.objects.get_or_create(
            name=f"{county.name}综合协调组", kind=WorkingGroup.Kind.OFFICE, home_area=county
        )


# Counties whose ledger really disagrees with their last report, beyond the comparison's tolerance
# (tracker.summary.AGREEMENT_RULE): {county: (problems the ledger lacks, closures the ledger lacks)}.
# 石泉县 claimed closures it has not entered; 洛南县 reported problems its ledger never listed.
DISAGREEING = {"石泉县": (0, 60), "洛南县": (95, 0)}
# Every other ledger lags its reports a little, as ledgers do (items entered a few days after the report
# was written), by at most this share of each figure: within the tolerance, so they agree.
LAG_PERCENT = 1
LEDGER_OPENS = datetime.date(2023, 9, 15)


def _reported_by_month(counties):
    """{county_id: [(month end, problems found, problems closed)]} from the confirmed monthly reports, in
    date order; a figure the report did not give is None."""
    rows = (
        Figure.objects.filter(
            county__in=list(counties.values()),
            indicator__code__in=[FOUND, CLOSED],
            period__kind=ReportingPeriod.Kind.MONTH,
        )
        .values("county_id", "period__end_date", "indicator__code")
        .annotate(value=Max("value"))
        .order_by("period__end_date")
    )
    months = {}
    for row in rows:
        month = months.setdefault(row["county_id"], {}).setdefault(row["period__end_date"], {})
        month[row["indicator__code"]] = int(row["value"])
    return {
        county_id: [(end, figures.get(FOUND), figures.get(CLOSED)) for end, figures in by_end.items()]
        for county_id, by_end in months.items()
    }


def _day_between(rng, first, last):
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _ledgers(counties, reported):
    """Each county's rectification ledger, item by item.

    Where the county's confirmed monthly reports give problems found and closed, the ledger holds about
    as many items entered and closed by each month's end: up to LAG_PERCENT fewer (entered in the next
    month), so report and ledger agree within the tolerance, except in the DISAGREEING counties, whose
    last month lacks many. A county without reports gets a dozen items. Open items' deadlines lie around
    today so that the traffic lights show every colour.
    """
    rng = random.Random(11)
    today = timezone.localdate()
    for county in counties.values():
        if RectificationItem.objects.filter(county=county).exists():
            continue
        months = reported.get(county.pk) or [(datetime.date(2023, 11, 30), rng.randint(6, 14), None)]
        items, open_items, month_start = [], [], LEDGER_OPENS
        for index, (month_end, found, closed) in enumerate(months):
            last = index == len(months) - 1
            found_short, closed_short = DISAGREEING.get(county.name, (0, 0)) if last else (0, 0)
            if county.name not in DISAGREEING and found:
                found_short = rng.randint(0, found * LAG_PERCENT // 100)
            for _ in range(max((found or 0) - found_short - len(items), 0)):
                entered = _day_between(rng, month_start, month_end)
                item = _ledger_item(county, len(items) + 1, entered)
                items.append(item)
                open_items.append(item)
            if closed is None:  # no report says: close about a third
                closed = len(items) // 3
            elif county.name not in DISAGREEING:
                closed_short = rng.randint(0, closed * LAG_PERCENT // 100)
            to_close = min(max(closed - closed_short - (len(items) - len(open_items)), 0), len(open_items))
            for item in rng.sample(open_items, to_close):
                item.status = RectificationItem.Status.CLOSED
                item.closed_date = _day_between(rng, max(item.created_at.date(), month_start), month_end)
                item.deadline = item.closed_date + datetime.timedelta(days=rng.randint(0, 20))
                open_items.remove(item)
            month_start = month_end + datetime.timedelta(days=1)
        for item in open_items:
            item.status = rng.choice(OPEN_STATUSES)
            item.deadline = today + datetime.timedelta(days=rng.randint(-20, 40))
        RectificationItem.objects.bulk_create(items, batch_size=500)


OPEN_STATUSES = [s for s in RectificationItem.Status if s != RectificationItem.Status.CLOSED]

# Deadline extensions through the real services: (county, approved, one more still waiting for the reviewer).
DEMO_EXTENSIONS = [("城关县", 1, True), ("石泉县", 2, False)]


def _extensions(counties, offices, reviewers):
    """A few items whose office asked for a later deadline and whose reviewer approved it, and one request
    still waiting, so the 延期 column and the item pages show them."""
    for county_name, approved, waiting in DEMO_EXTENSIONS:
        county = counties[county_name]
        if DeadlineExtension.objects.filter(item__county=county).exists():
            continue
        items = RectificationItem.objects.filter(
            county=county, status__in=[RectificationItem.Status.OPEN, RectificationItem.Status.IN_PROGRESS]
        ).exclude(deadline=None).order_by("ledger_number")
        for item in items[: approved + waiting]:
            extension = deadline_extension_request(
                item=item,
                actor=offices[county_name],
                requested_deadline=item.deadline + datetime.timedelta(days=30),
                reason="涉及跨部门协调，整改方案须重新论证",
            )
            if approved:
                deadline_extension_decide(extension=extension, actor=reviewers[county_name], status="approved")
                approved -= 1


def _ledger_item(county, number, entered):
    problem, source, level, unit = LEDGER_PROBLEMS[(number + county.pk) % len(LEDGER_PROBLEMS)]
    return RectificationItem(
        county=county,
        ledger_number=f"{number:04d}",
        description=problem,
        source=source,
        level=level,
        responsible_unit=unit,
        measures="制定整改方案，明确责任人和时限，逐项推进。",
        created_at=timezone.make_aware(datetime.datetime.combine(entered, datetime.time(10))),
    )


STUDY_PLAN = [
    (StudySession.Kind.READING_CLASS, 9, 11, "县级领导干部专题读书班"),
    (StudySession.Kind.COLLECTIVE, 9, 25, "理论学习中心组集中学习"),
    (StudySession.Kind.LECTURE, 10, 16, "主题教育专题党课"),
    (StudySession.Kind.DISCUSSION, 11, 6, "调查研究成果交流会"),
]
RESEARCH_TOPICS = [("农村饮水安全保障情况调研", "县委书记"), ("优化政务服务、提升办事效率调研", "县长")]


def _study_and_research(counties):
    """A few study sessions and research topics per county; problems found by research link to a topic."""
    rng = random.Random(13)
    for county in counties.values():
        if StudySession.objects.filter(county=county).exists():
            continue
        StudySession.objects.bulk_create(
            StudySession(
                county=county,
                kind=kind,
                date=datetime.date(2023, month, day),
                title=title,
                participants=rng.randint(30, 150),
            )
            for kind, month, day, title in STUDY_PLAN
        )
        topics = [
            ResearchTopic.objects.create(county=county, title=title, lead=lead, status=ResearchTopic.Status.REPORTED)
            for title, lead in RESEARCH_TOPICS
        ]
        RectificationItem.objects.filter(county=county, source=Source.RESEARCH).update(research_topic=topics[0])


DEMO_NOTES = [
    ("城关县", datetime.date(2023, 9, 20), GuidanceNote.Kind.NOTE,
     "读书班安排紧凑，但个别乡镇研讨发言照本宣科，建议结合本单位问题深入交流。"),
    ("城关县", datetime.date(2023, 10, 26), GuidanceNote.Kind.CORRECTION,
     "部分村级问题清单只列问题、未写措施和时限，请十日内补齐。"),
    ("石泉县", datetime.date(2023, 11, 14), GuidanceNote.Kind.CORRECTION,
     "调研报告存在“调研报告汇编代替解决问题”的倾向，请督促逐项明确整改责任人。"),
]


def _guidance_notes(counties, guidance_user):
    """A few notes from the first guidance group, so the guidance card is not empty in the demo."""
    group = WorkingGroup.objects.get(name="第一巡回指导组")
    for county_name, day, kind, text in DEMO_NOTES:
        county = counties[county_name]
        if not GuidanceNote.objects.filter(county=county, text=text).exists():
            note = guidance_note_create(county=county, group=group, author=guidance_user, kind=kind, text=text)
            written = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)))
            GuidanceNote.objects.filter(pk=note.pk).update(created_at=written)  # during the campaign


def _reports(counties, months, offices, reviewers):
    """Upload every demo report through the real pipeline as the county office; the county's reviewer
    confirms all but the last one (the uploader may not confirm their own report)."""
    files = sorted(REPORTS_DIR.glob("*.txt"))
    for index, path in enumerate(files):
        county_name, _, month = path.stem.partition("-")
        county, period = counties.get(county_name), months.get(month)
        if county is None or period is None:
            continue
        upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
        try:
            report = report_create(county=county, period=period, uploaded_file=upload, user=offices[county_name])
        except DuplicateReport as dup:
            yield dup.existing
            continue
        report.refresh_from_db()
        if report.status == Report.Status.NEEDS_REVIEW and index < len(files) - 1:
            report_confirm(report=report, user=reviewers[county_name])
        _date_after_period(report, period, days=2 + index % 4)
        yield report


def _date_after_period(report, period, *, days):
    """Move a demo report's upload, history and confirmation to a few days after its period ended, as
    the county would have sent it, instead of the moment the demo was loaded."""
    report.refresh_from_db()
    uploaded = timezone.make_aware(
        datetime.datetime.combine(period.end_date + datetime.timedelta(days=days), datetime.time(9, 30))
    )
    shift = report.uploaded_at - uploaded
    Report.objects.filter(pk=report.pk).update(
        uploaded_at=uploaded, confirmed_at=F("confirmed_at") - shift if report.confirmed_at else None
    )
    report.events.update(created_at=F("created_at") - shift)


SIZE_FIELDS = {"org_party_orgs": "party_org_count", "org_members": "party_member_count"}


def _county_sizes_from_reports(counties):
    """A county's header (organisations, members) says what its own latest confirmed report says, so the
    page agrees with the figures below it; counties whose reports do not say keep their invented size."""
    reported = latest_reported_values(list(counties.values()), list(SIZE_FIELDS))
    for county in counties.values():
        values = reported.get(county.pk, {})
        changed = {field: int(values[code]) for code, field in SIZE_FIELDS.items() if code in values}
        if changed:
            Area.objects.filter(pk=county.pk).update(**changed)


def load_demo(stdout):
    with transaction.atomic():
        province, counties = _areas()
        months = _periods()
        logins = [
            ("admin", "系统管理员", Profile.Role.ADMIN, None),
            ("national", "中央主题教育办 刘洋", Profile.Role.LEADERSHIP, province.parent),
            ("leader", "省委主题教育办 王明", Profile.Role.LEADERSHIP, province),
            ("hanjiang", "汉江市委主题教育办 李华", Profile.Role.LEADERSHIP, counties["城关县"].parent),
            ("guidance", "第一巡回指导组 赵强", Profile.Role.GUIDANCE, None),
            ("chengguan", "城关县委主题教育办 张丽", Profile.Role.COUNTY_OFFICE, counties["城关县"]),
            ("chengguan_review", "城关县委主题教育办 陈静", Profile.Role.COUNTY_REVIEWER, counties["城关县"]),
            ("audit", "省纪委监委派驻审计 周敏", Profile.Role.AUDITOR, None),
        ]
        users = {username: _user(username, name, role, area) for username, name, role, area in logins}
        admin = users["admin"]
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        _groups(province, counties, users["guidance"])
        _guidance_notes(counties, users["guidance"])
        # The other counties' offices, who upload their demo reports, and their reviewers, who confirm them.
        county_logins = [
            login
            for name, county in counties.items()
            if name != "城关县"
            for login in (
                (COUNTY_LOGINS[name], f"{name}委主题教育办", Profile.Role.COUNTY_OFFICE, county),
                (f"{COUNTY_LOGINS[name]}_review", f"{name}委主题教育办审核人", Profile.Role.COUNTY_REVIEWER, county),
            )
        ]
        users.update((username, _user(username, *rest)) for username, *rest in county_logins)
        offices = {name: users[COUNTY_LOGINS[name]] for name in counties}
        reviewers = {name: users[f"{COUNTY_LOGINS[name]}_review"] for name in counties}
    # Outside the transaction: ingestion starts on commit (in-process when no broker is configured).
    reports = list(_reports(counties, months, offices, reviewers))
    # The ledgers and the county headers follow what the confirmed reports say.
    with transaction.atomic():
        _ledgers(counties, _reported_by_month(counties))
        _extensions(counties, offices, reviewers)
        _study_and_research(counties)
        _county_sizes_from_reports(counties)
        # The ledgers were written in bulk: every county's period summaries are counted once, at the end.
        summaries_rebuild()
    stdout.write(f"演示数据已就绪：{len(counties)}个县，{len(reports)}份报告。")
    stdout.write(f"登录账号（密码均为 {PASSWORD}）：")
    for username, name, role, _area in logins + county_logins:
        stdout.write(f"  {username:<18} {Profile.Role(role).label} · {name}")
    return reports
