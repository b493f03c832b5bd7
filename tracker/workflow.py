"""The one way a status moves, for every workflow (report, rectification item, ledger import, export job,
bulletin): the step must be in the record's TRANSITIONS (tracker.models.StatusWorkflow); the status and
what the step records with it are saved together with the history rows, in one transaction."""

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
    history: Callable[[Mapping[str, Any]], Iterable[models.Model]] | None = None,
    fields: Mapping[str, Any] | None = None,
) -> list[models.Model]:
    """Move `record` to `status`, setting `fields` with it (a failure reason, a closed date); save only
    those and write the rows `history(before)` gives, `before` holding the old values of every field
    set (a workflow without history, such as an export job's, gives none). Returns the history rows written.

    The row is locked and its status read again first, so the step is checked against the committed
    status, not against `record` as it was loaded: of two concurrent moves (a double-clicked 确认, a
    confirmation racing a new parse) the second waits for the first and is refused if it no longer
    applies. Callers that write more in the same move wrap the call in their own transaction."""
    with transaction.atomic():
        record.status = type(record).objects.select_for_update().values_list("status", flat=True).get(pk=record.pk)
        if refusal := record.transition_refusal(status):
            raise TransitionRefused(refusal)
        changes = {"status": status, **(fields or {})}
        before = {name: getattr(record, name) for name in changes}
        for name, value in changes.items():
            setattr(record, name, value)
        rows = list(history(before)) if history else []
        record.save(update_fields=list(changes))
        for row in rows:
            row.save()
    return rows
