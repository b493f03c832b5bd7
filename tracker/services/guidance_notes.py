"""Writes of the guidance and liaison groups' notes and corrections to counties (督导意见、纠偏), and the
county office's answers."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..models import Area, GuidanceNote, RectificationItem, WorkingGroup
from ..permissions import ActionRefused
from ..selectors.scope import EDIT, guidance_groups_for, may
from .rectification_items import rectification_item_create


def guidance_note_create(
    *,
    county: Area,
    group: WorkingGroup,
    author: AbstractBaseUser,
    kind: str,
    text: str,
    item: RectificationItem | None = None,
    open_item: bool = False,
) -> GuidanceNote:
    """A note (督导意见) or correction (纠偏) from `group` to `county`, written by `author`.

    The author must guide the county for that group (guidance_groups_for). `item` links an
    existing item of the county's ledger; `open_item` instead enters the correction into the ledger as a
    new open item (source 指导组反馈) through rectification_item_create, and links that.
    """
    if not guidance_groups_for(author, county).filter(pk=group.pk).exists():
        raise ActionRefused("您不能以该工作组的名义向本县提出督导意见。")
    if item is not None and item.county_id != county.pk:
        raise ValueError("所选整改事项不属于本县。")
    if open_item and (kind != GuidanceNote.Kind.CORRECTION or item is not None):
        raise ValueError("只有未关联整改事项的纠偏意见可以列入整改台账。")
    with transaction.atomic():
        if open_item:
            item = rectification_item_create(
                county=county,
                actor=author,
                data={"description": text, "source": RectificationItem.Source.GUIDANCE},
                reason=f"{group.name}纠偏意见",
            )
        return GuidanceNote.objects.create(county=county, group=group, author=author, kind=kind, text=text, item=item)


def guidance_note_reply(
    *, note: GuidanceNote, actor: AbstractBaseUser, response: str, now: datetime.datetime | None = None
) -> GuidanceNote:
    """The county office's answer to a note. A note is answered once; the answer is kept with who gave
    it and when, and a second answer (even a concurrent one) is refused."""
    if not may(actor, note.county_id, EDIT):
        raise ActionRefused("只有本县主题教育办可以回复督导意见。")
    response = response.strip()
    if not response:
        raise ActionRefused("请填写回复内容。")
    now = now or timezone.now()
    # Conditional update: of two replies racing, only the first finds the note unanswered.
    answered = GuidanceNote.objects.filter(pk=note.pk, responded_at__isnull=True).update(
        response=response, responded_by=actor, responded_at=now
    )
    if not answered:
        raise ActionRefused("该意见已回复。")
    note.response, note.responded_by, note.responded_at = response, actor, now
    return note
