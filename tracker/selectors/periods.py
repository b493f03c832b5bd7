"""Reporting periods as the period picker and the upload form offer them."""

import datetime

from django.db.models import Case, Value, When
from django.utils import timezone

from ..models import ReportingPeriod


def period_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """The period picker's choices: months, then weeks, each in date order ([(group label, [(pk, label)])])."""
    periods = ReportingPeriod.objects.order_by("start_date", "pk")
    return [
        (kind.label, [(p.pk, p.label) for p in periods if p.kind == kind])
        for kind in (ReportingPeriod.Kind.MONTH, ReportingPeriod.Kind.WEEK)
        if any(p.kind == kind for p in periods)
    ]


def current_period(today: datetime.date | None = None) -> ReportingPeriod | None:
    """The period a county most likely reports on today: the latest month that has begun (months before
    weeks: monthly summaries are what counties mostly upload), else the latest week, else None."""
    today = today or timezone.localdate()
    started = ReportingPeriod.objects.filter(start_date__lte=today)
    month_first = Case(When(kind=ReportingPeriod.Kind.MONTH, then=Value(0)), default=Value(1))
    return started.order_by(month_first, "-start_date").first()
