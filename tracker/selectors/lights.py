"""Traffic lights of rectification items. Red: overdue and not closed; yellow: not closed and due within
DUE_SOON_DAYS; green: everything else (on track, no deadline, or closed)."""

import datetime

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from ..models import RectificationItem

RED, YELLOW, GREEN = "red", "yellow", "green"
LIGHTS = {RED: "逾期", YELLOW: "临期", GREEN: "正常"}
DUE_SOON_DAYS = 7


def overdue(today: datetime.date) -> Q:
    return Q(deadline__lt=today) & ~Q(status=RectificationItem.Status.CLOSED)


def due_soon(today: datetime.date) -> Q:
    soon = Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    return soon & ~Q(status=RectificationItem.Status.CLOSED)


def with_lights(items: QuerySet[RectificationItem], *, today: datetime.date | None = None) -> QuerySet:
    """Annotate `light` (red/yellow/green) and `light_rank` (0 red, 1 yellow, 2 green: sort by urgency)."""
    today = today or timezone.localdate()
    return items.annotate(
        light=Case(
            When(overdue(today), then=Value(RED)), When(due_soon(today), then=Value(YELLOW)), default=Value(GREEN)
        ),
        light_rank=Case(
            When(overdue(today), then=Value(0)),
            When(due_soon(today), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    )


def light_totals(items: QuerySet) -> dict[str, int]:
    """{red, yellow, green: count} over an item queryset annotated by with_lights, counted in the database."""
    counts = dict(items.order_by().values_list("light").annotate(n=Count("id")))
    return {light: counts.get(light, 0) for light in LIGHTS}
