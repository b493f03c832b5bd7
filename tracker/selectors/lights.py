"""Traffic lights of rectification items. Red: overdue and not closed; yellow: not closed and due within
DUE_SOON_DAYS; green: everything else (on track, no deadline, or closed)."""

import datetime

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import DeadlineExtension, RectificationItem

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


def _approved_extensions() -> QuerySet[DeadlineExtension]:
    return DeadlineExtension.objects.filter(item=OuterRef("pk"), status=DeadlineExtension.Status.APPROVED)


def approved_extension_count() -> Coalesce:
    """The item's number of approved deadline extensions (延期), as a subquery expression."""
    counted = _approved_extensions().order_by().values("item").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_extensions(items: QuerySet[RectificationItem]) -> QuerySet:
    """Annotate `extension_count` (approved deadline extensions) and `original_deadline` (the deadline
    before the first approved one, else the deadline itself) by subqueries: a list costs no query more.

    The original is derived from the extensions, not kept on the item: the extension rows already hold
    each deadline they replaced, so there is no second copy for imports and forms to keep in step."""
    first = _approved_extensions().order_by("decided_at", "id").values("previous_deadline")[:1]
    return items.annotate(
        extension_count=approved_extension_count(),
        original_deadline=Case(When(Exists(_approved_extensions()), then=Subquery(first)), default="deadline"),
    )


def light_totals(items: QuerySet) -> dict[str, int]:
    """{red, yellow, green: count} over an item queryset annotated by with_lights, counted in the database."""
    counts = dict(items.order_by().values_list("light").annotate(n=Count("id")))
    return {light: counts.get(light, 0) for light in LIGHTS}
