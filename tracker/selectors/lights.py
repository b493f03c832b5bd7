"""Traffic lights of rectification items. Red: overdue and not closed; yellow: not closed and due within
DUE_SOON_DAYS; green: everything else (on track, no deadline, or closed)."""

import datetime

from django.db.models import Case, Q, QuerySet, Value, When
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


def light_filter(light: str, *, today: datetime.date | None = None) -> Q:
    """The items of one light, in terms the urgency index serves (open items first, by deadline)."""
    today = today or timezone.localdate()
    open_ = Q(closed_rank=0)
    due_soon_end = today + datetime.timedelta(days=DUE_SOON_DAYS)
    if light == RED:
        return open_ & Q(deadline__lt=today)
    if light == YELLOW:
        return open_ & Q(deadline__gte=today, deadline__lte=due_soon_end)
    return Q(closed_rank=1) | (open_ & (Q(deadline__gt=due_soon_end) | Q(deadline__isnull=True)))


def with_lights(items: QuerySet[RectificationItem], *, today: datetime.date | None = None) -> QuerySet:
    """Annotate `light` (red/yellow/green) and `closed_rank` (0 open, 1 closed). Sorting by
    (closed_rank, deadline, id) lists items by urgency, red before yellow before green, and unlike the
    light an index serves it (RectificationItem's `rectification_urgency`)."""
    today = today or timezone.localdate()
    return items.annotate(
        closed_rank=RectificationItem.closed_rank(),
        light=Case(
            When(overdue(today), then=Value(RED)), When(due_soon(today), then=Value(YELLOW)), default=Value(GREEN)
        ),
    )


# Light totals above the list stop counting here: each is an index range scan of at most this many rows,
# so a national list answers as fast as a county's ("10000+" says there are more).
LIGHT_COUNT_CAP = 10_000


def light_totals(items: QuerySet, *, today: datetime.date | None = None, shown: str | None = None) -> dict[str, int]:
    """{red, yellow, green: count, capped at LIGHT_COUNT_CAP + 1} over an item queryset annotated by
    with_lights; a count above the cap means "more than LIGHT_COUNT_CAP". When the items are already of
    one light (`shown`), the others are 0 without asking: the database would scan the whole scope to
    find no row."""
    return {
        light: capped_count(items.filter(light_filter(light, today=today))) if shown in (None, light) else 0
        for light in LIGHTS
    }


def capped_count(queryset: QuerySet, cap: int | None = None) -> int:
    """The number of rows, counting no further than cap + 1 (LIGHT_COUNT_CAP + 1 unless given)."""
    cap = LIGHT_COUNT_CAP if cap is None else cap
    return queryset.order_by()[: cap + 1].count()
