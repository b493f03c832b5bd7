import datetime
import hashlib

import factory
from django.contrib.auth import get_user_model

from tracker.models import Area, Campaign, Profile, RectificationItem, ReportingPeriod, WorkingGroup


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"测试{n}县")
    level = Area.Level.COUNTY


class ProvinceFactory(AreaFactory):
    name = factory.Sequence(lambda n: f"测试{n}省")
    level = Area.Level.PROVINCE


class CityFactory(AreaFactory):
    name = factory.Sequence(lambda n: f"测试{n}市")
    level = Area.Level.CITY
    parent = factory.SubFactory(ProvinceFactory)


class CountyFactory(AreaFactory):
    parent = factory.SubFactory(CityFactory)
    party_org_count = 420
    party_member_count = 11000


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = "主题教育"
    batch = "第二批"
    start_date = datetime.date(2023, 9, 1)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    campaign = factory.SubFactory(CampaignFactory)
    kind = ReportingPeriod.Kind.MONTH
    start_date = factory.Sequence(lambda n: datetime.date(2023, 1, 1) + datetime.timedelta(days=31 * n))
    end_date = factory.LazyAttribute(lambda p: p.start_date + datetime.timedelta(days=30))
    label = factory.LazyAttribute(lambda p: f"{p.start_date:%Y年%m月}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-12345678")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    role = Profile.Role.COUNTY_OFFICE


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"第{n}巡回指导组")
    kind = WorkingGroup.Kind.GUIDANCE


class RectificationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RectificationItem

    county = factory.SubFactory(CountyFactory)
    ledger_number = factory.Sequence(lambda n: f"{n + 1:03d}")
    description = "办事窗口材料要求过多"
    responsible_unit = "县政务服务中心"
    deadline = datetime.date(2023, 12, 31)


def user_with_role(role, area=None, **kwargs):
    return ProfileFactory(role=role, area=area, **kwargs).user


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A catalog indicator by code: the data migration's row when it exists (pass `code`)."""

    class Meta:
        model = "tracker.Indicator"
        django_get_or_create = ("code",)

    code = "rectify_problems_found"


class FigureFactory(factory.django.DjangoModelFactory):
    """A county's figure for one period, as a confirmed report writes it; choose the indicator with
    `indicator__code`."""

    class Meta:
        model = "tracker.Figure"

    county = factory.SubFactory(CountyFactory)
    period = factory.SubFactory(PeriodFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = 10
    source = "report"


def _sha256_of(file):
    file.seek(0)
    digest = hashlib.sha256(file.read()).hexdigest()
    file.seek(0)
    return digest


class ReportFactory(factory.django.DjangoModelFactory):
    """An uploaded report with its stored file (pass `file__data` for other bytes), waiting for review."""

    class Meta:
        model = "reports.Report"

    county = factory.SubFactory(CountyFactory)
    period = factory.SubFactory(PeriodFactory)
    uploaded_by = factory.SubFactory(UserFactory)
    original_name = "进展报告.txt"
    file = factory.django.FileField(data="共检视问题31个，已完成整改24个。".encode())
    sha256 = factory.LazyAttribute(lambda r: _sha256_of(r.file))
    size = factory.LazyAttribute(lambda r: r.file.size)
    status = "needs_review"


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A file proving a rectification item was done (pass `file__data` for other bytes)."""

    class Meta:
        model = "tracker.Evidence"

    item = factory.SubFactory(RectificationItemFactory)
    file = factory.django.FileField(data=b"\x89PNG\r\n\x1a\n evidence photo")
    original_name = "整改现场.png"
    sha256 = factory.LazyAttribute(lambda e: _sha256_of(e.file))
    size = factory.LazyAttribute(lambda e: e.file.size)
    uploaded_by = factory.SubFactory(UserFactory)
