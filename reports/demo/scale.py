"""A country of invented counties for measuring the dashboards at scale (`manage.py seed_scale`).

Nation → provinces (about 90 counties each) → cities (about 10 counties each) → counties; a campaign
whose months and weeks end this month; guidance groups of ten counties; one login per role the
benchmarks use; in each county research topics, study sessions, its share of the ledger items, and for
each month that has ended a confirmed report whose two figures agree with the ledger (a few counties'
do not); then the per-county, per-period summary. Items go in by COPY on PostgreSQL and in batches
elsewhere, so a million take a minute or two.
"""
import datetime
import io
import json
import math
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from reports.models import Report
from tracker.models import (
    Area,
    Campaign,
    Figure,
    GuidanceNote,
    Indicator,
    Profile,
    RectificationItem,
    ReportingPeriod,
    ResearchTopic,
    StudySession,
    WorkingGroup,
    area_paths_rebuild,
)
from tracker.summary import CLOSED, FOUND, summaries_rebuild

CAMPAIGN_NAME = "规模测试主题教育"
PASSWORD = "scale-2023"
COUNTIES_PER_PROVINCE = 90
COUNTIES_PER_CITY = 10
COUNTIES_PER_GROUP = 10
MONTHS = 5
BATCH = 20_000
# One county in DISAGREEING reports more problems than its ledger holds (beyond the tolerance).
DISAGREEING = 25

# Name syllables: every area gets a distinct name made of two or three of them.
SYLLABLES = "安宝昌崇丹德东丰福阜广海汉和河华淮金晋靖康乐临柳隆宁平秦清庆瑞山上石泰通文西新兴阳永云长镇"
PROBLEMS = [
    "学习制度执行不严，集中学习次数不足",
    "窗口服务事项办理时限偏长",
    "村级集体经济项目收益不稳定",
    "老旧小区改造进度滞后",
    "基层党组织会议记录不完整",
    "惠民资金发放台账不清",
    "群众反映的道路积水问题未彻底解决",
    "调研成果转化运用不够",
]
UNITS = ["县委办公室", "县政府办公室", "县发展改革局", "县住建局", "县农业农村局", "县行政审批服务局", "各镇党委"]
SOURCES = [choice for choice, _ in RectificationItem.Source.choices]
LEVELS = [choice for choice, _ in RectificationItem.Level.choices]
OPEN_STATUSES = ["open", "in_progress", "pending_review"]


@dataclass(frozen=True)
class ScaleLogins:
    """The usernames the benchmarks sign in as (password PASSWORD)."""

    nation: str = "scale_nation"
    province: str = "scale_province"
    guidance: str = "scale_guidance"
    county: str = "scale_county"


LOGINS = ScaleLogins()


def _name(index: int, suffix: str) -> str:
    n = len(SYLLABLES)
    name = SYLLABLES[index % n] + SYLLABLES[index // n % n]
    if index >= n * n:
        name += SYLLABLES[index // (n * n) % n]
    return name + suffix


def seed_scale(*, counties: int, items: int, stdout=None, seed: int = 13) -> ScaleLogins:
    """Fill an empty database (no areas) with `counties` counties and `items` ledger items."""
    if Area.objects.exists():
        raise ValueError("数据库中已有地区数据：规模测试数据只能写入空数据库。")
    if counties < 1 or items < 0:
        raise ValueError("县数至少为1，事项数不能为负。")
    rng = random.Random(seed)
    say = stdout.write if stdout else (lambda text: None)
    today = timezone.localdate()
    with transaction.atomic():
        county_ids, province_ids = _areas(counties, rng)
        months, weeks = _periods(today)
        users = _users(county_ids[0], province_ids[0])
        _groups(county_ids, users["guidance"])
        topics = _study_and_research(county_ids, today)
    say(f"{counties} counties in {len(province_ids)} provinces, {len(months)} months, {len(weeks)} weeks\n")
    ledger = _ledger(county_ids, items, topics, months, today, rng)
    say(f"{items} ledger items\n")
    with transaction.atomic():
        _reports(county_ids, months, ledger, users["county"], today)
        _guidance_notes(county_ids[:COUNTIES_PER_GROUP], users["guidance"])
    rows = summaries_rebuild()
    say(f"{rows} summary rows\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Plans need the statistics, index-only scans the visibility map (VACUUM: not in a transaction).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return LOGINS


def _areas(counties: int, rng: random.Random):
    nation = Area.objects.create(name="全国", level=Area.Level.NATION)
    provinces = Area.objects.bulk_create(
        Area(name=_name(i, "省"), level=Area.Level.PROVINCE, parent=nation)
        for i in range(math.ceil(counties / COUNTIES_PER_PROVINCE))
    )
    city_rows, county_rows = [], []
    for p, province in enumerate(provinces):
        in_province = min(COUNTIES_PER_PROVINCE, counties - p * COUNTIES_PER_PROVINCE)
        for c in range(math.ceil(in_province / COUNTIES_PER_CITY)):
            city_rows.append((Area(name=_name(len(city_rows), "市"), level=Area.Level.CITY, parent=province),
                              min(COUNTIES_PER_CITY, in_province - c * COUNTIES_PER_CITY)))
    cities = Area.objects.bulk_create(city for city, _ in city_rows)
    for city, (_, size) in zip(cities, city_rows):
        for _ in range(size):
            county_rows.append(
                Area(
                    name=_name(len(county_rows), "县"),
                    level=Area.Level.COUNTY,
                    parent=city,
                    party_org_count=rng.randint(300, 700),
                    party_member_count=rng.randint(8000, 16000),
                )
            )
    created = Area.objects.bulk_create(county_rows, batch_size=BATCH)
    area_paths_rebuild()
    return [county.pk for county in created], [province.pk for province in provinces]


def _periods(today: datetime.date):
    """The last MONTHS months up to this one, and their weeks (Monday to Sunday)."""
    first = today.replace(day=1)
    for _ in range(MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    last = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    campaign = Campaign.objects.create(name=CAMPAIGN_NAME, batch="第二批", start_date=first, end_date=last)
    months, start = [], first
    while start <= last:
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        months.append(ReportingPeriod(campaign=campaign, kind="month", start_date=start, end_date=end,
                                      label=f"{start.year}年{start.month}月"))
        start = end + datetime.timedelta(days=1)
    weeks, start = [], first + datetime.timedelta(days=-first.weekday() % 7)
    while start <= last:
        weeks.append(ReportingPeriod(campaign=campaign, kind="week", start_date=start,
                                     end_date=start + datetime.timedelta(days=6),
                                     label=f"第{len(weeks) + 1}周（{start:%Y.%m.%d}起）"))
        start += datetime.timedelta(days=7)
    return ReportingPeriod.objects.bulk_create(months), ReportingPeriod.objects.bulk_create(weeks)


def _users(county_id: int, province_id: int):
    password = make_password(PASSWORD)
    roles = {
        "nation": (LOGINS.nation, Profile.Role.LEADERSHIP, Area.objects.get(level=Area.Level.NATION).pk),
        "province": (LOGINS.province, Profile.Role.LEADERSHIP, province_id),
        "guidance": (LOGINS.guidance, Profile.Role.GUIDANCE, None),
        "county": (LOGINS.county, Profile.Role.COUNTY_OFFICE, county_id),
    }
    users = {}
    for key, (username, role, area_id) in roles.items():
        users[key] = get_user_model().objects.create(username=username, password=password)
        Profile.objects.create(user=users[key], role=role, area_id=area_id)
    return users


def _groups(county_ids, member) -> None:
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(name=f"第{i + 1}巡回指导组", kind=WorkingGroup.Kind.GUIDANCE)
        for i in range(math.ceil(len(county_ids) / COUNTIES_PER_GROUP))
    )
    through = WorkingGroup.counties.through
    through.objects.bulk_create(
        (through(workinggroup_id=groups[i // COUNTIES_PER_GROUP].pk, area_id=county_id)
         for i, county_id in enumerate(county_ids)),
        batch_size=BATCH,
    )
    groups[0].members.add(member)


def _study_and_research(county_ids, today):
    """Two study sessions and two research topics per county; {county id: [topic ids]}."""
    StudySession.objects.bulk_create(
        (StudySession(county_id=c, kind="reading_class", date=today - datetime.timedelta(days=30 * n + 7),
                      title=f"读书班第{n + 1}期", participants=40 + n)
         for c in county_ids for n in range(2)),
        batch_size=BATCH,
    )
    topics = ResearchTopic.objects.bulk_create(
        (ResearchTopic(county_id=c, title=title, lead="县委书记")
         for c in county_ids for title in ("营商环境调研", "乡村振兴调研")),
        batch_size=BATCH,
    )
    by_county = {}
    for topic in topics:
        by_county.setdefault(topic.county_id, []).append(topic.pk)
    return by_county


def _ledger(county_ids, total, topics, months, today, rng):
    """Write the items; returns {county id: [(created, closed date or None)]} for the reports."""
    first_day = months[0].start_date
    span = max(1, (today - first_day).days)
    per_county, extra = divmod(total, len(county_ids))
    ledger = {}

    def rows():
        for position, county_id in enumerate(county_ids):
            dates = ledger.setdefault(county_id, [])
            for n in range(per_county + (1 if position < extra else 0)):
                created = first_day + datetime.timedelta(days=rng.randrange(span + 1))
                deadline = None if rng.random() < 0.05 else created + datetime.timedelta(days=rng.randint(10, 120))
                closed = None
                if deadline is not None and rng.random() < 0.45:
                    closed = min(today, created + datetime.timedelta(days=rng.randint(3, 60)))
                status = "closed" if closed else rng.choice(OPEN_STATUSES)
                dates.append((created, closed))
                source = SOURCES[n % len(SOURCES)]
                yield {
                    "county_id": county_id,
                    "created_at": datetime.datetime.combine(created, datetime.time(9), tzinfo=datetime.UTC),
                    "ledger_number": f"{n + 1:05d}",
                    "description": f"{PROBLEMS[n % len(PROBLEMS)]}（第{n + 1}项）",
                    "source": source,
                    "level": LEVELS[n % len(LEVELS)],
                    "responsible_unit": UNITS[n % len(UNITS)],
                    "responsible_person": "",
                    "measures": "制定整改方案，明确责任人和时限",
                    "deadline": deadline,
                    "deadline_text": "",
                    "category": "",
                    "status": status,
                    "needs_check": False,
                    "original_text": {},
                    "closed_date": closed,
                    "closure_note": "已完成整改" if closed else "",
                    "research_topic_id": topics[county_id][0] if source == "research" else None,
                    "submitted_by_id": None,
                }

    _insert(RectificationItem, rows())
    return ledger


def _insert(model, rows) -> None:
    """Insert dicts of column values: COPY on PostgreSQL, batched bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        batch = []
        for row in rows:
            batch.append(model(**row))
            if len(batch) == BATCH:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)
        return
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    sql = f'COPY {model._meta.db_table} ({", ".join(columns)}) FROM STDIN'
    with connection.cursor() as cursor:
        buffer, count = io.StringIO(), 0
        for row in rows:
            buffer.write("\t".join(_copy_value(row[name]) for name in attnames) + "\n")
            count += 1
            if count % BATCH == 0:
                buffer.seek(0)
                cursor.copy_expert(sql, buffer)
                buffer = io.StringIO()
        buffer.seek(0)
        cursor.copy_expert(sql, buffer)


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _reports(county_ids, months, ledger, uploader, today) -> None:
    """A confirmed report per county for each month that has ended, with problems found and closed as
    the ledger stood at the month's end (a few counties report more than their ledgers hold)."""
    indicators = dict(Indicator.objects.filter(code__in=[FOUND, CLOSED]).values_list("code", "pk"))
    ended = [m for m in months if m.end_date < today]
    reports, values = [], []
    for position, county_id in enumerate(county_ids):
        dates = ledger.get(county_id, [])
        for month in ended:
            found = sum(1 for created, _ in dates if created <= month.end_date)
            closed = sum(1 for _, done in dates if done is not None and done <= month.end_date)
            if position % DISAGREEING == DISAGREEING - 1:
                found += 10 + found // 5
            sha = f"{county_id:032x}{month.pk:032x}"
            reports.append(
                Report(county_id=county_id, period=month, original_name=f"{month.label}进展报告.docx", sha256=sha,
                       size=1, uploaded_by=uploader, file=f"reports/{county_id}/{sha}", format="docx",
                       status=Report.Status.CONFIRMED, confirmed_by=uploader, dispatch_due=False,
                       confirmed_at=timezone.make_aware(datetime.datetime.combine(month.end_date, datetime.time(18))))
            )
            values.append((found, closed))
    reports = Report.objects.bulk_create(reports, batch_size=BATCH)
    Figure.objects.bulk_create(
        (Figure(county_id=report.county_id, period_id=report.period_id, indicator_id=indicators[code], value=value,
                unit="个", source=Figure.Source.REPORT, report=report, evidence=f"{label}{value}个")
         for report, (found, closed) in zip(reports, values)
         for code, label, value in ((FOUND, "检视查摆问题", found), (CLOSED, "完成整改", closed))
         if code in indicators),
        batch_size=BATCH,
    )


def _guidance_notes(county_ids, author) -> None:
    group = WorkingGroup.objects.filter(members=author).first()
    GuidanceNote.objects.bulk_create(
        GuidanceNote(county_id=c, group=group, author=author, kind="correction" if i % 3 == 0 else "note",
                     text="请加快整改进度，按期销号。")
        for i, c in enumerate(county_ids)
    )
