"""The one way a status moves, for every workflow (report, rectification item, ledger import): the step
must be in the record's TRANSITIONS (tracker.models.StatusWorkflow); the status and what the step records
with it are saved together with the history rows, in one transaction."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models, transaction

from .models import StatusWorkflow
from .permissions import ActionRefused


class TransitionRefused(ActionRefused):
    """The workflow has no such step from the record's current status."""


def status_change(
    *,
    record: StatusWorkflow,
    status: str,
    history: Callable[[Mapping[str, Any]], Iterable[models.Model]],
    fields: Mapping[str, Any] | None = None,
) -> list[models.Model]:
    """Move `record` to `status`, setting `fields` with it (a failure reason, a closed date); save only
    those and write the rows `history(before)` gives, `before` holding the old values of every field
    set. Returns the history rows written."""
    if refusal := record.transition_refusal(status):
        raise TransitionRefused(refusal)
    changes = {"status": status, **(fields or {})}
    before = {name: getattr(record, name) for name in changes}
    for name, value in changes.items():
        setattr(record, name, value)
    rows = list(history(before))
    with transaction.atomic():
        record.save(update_fields=list(changes))
        for row in rows:
            row.save()
    return rows
