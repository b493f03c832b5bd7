"""Who may take which action on which object: one function per kind of action.

The code that performs an action (a service, or the view in front of it) and the page that draws its
button ask the same function, so a button shows exactly when the action would be accepted. Each answer
is truthy when allowed and carries, when refused, the reason in Chinese. Which counties a role reaches
for each kind of action is decided once, by selectors.scope.counties_for.
"""

from dataclasses import dataclass

from .models import DeadlineExtension, Profile, RectificationItem
from .selectors.scope import APPROVE, EDIT, may, user_role

Status = RectificationItem.Status


@dataclass(frozen=True)
class Permission:
    """Allowed, or refused with the reason a user reads."""

    refusal: str = ""

    def __bool__(self):
        return not self.refusal


ALLOWED = Permission()


class ActionRefused(ValueError):
    """The user may not do this now; the message says why, in Chinese. Raised by the services."""


def may_edit_item(*, user, item: RectificationItem) -> Permission:
    """Change the item's own fields or add proof files: the county office, while the item is not closed
    (a closure must not be undone by quietly rewriting the problem)."""
    if not may(user, item.county_id, EDIT):
        return Permission("只有本县主题教育办可以修改本县的整改事项。")
    if item.status == Status.CLOSED:
        return Permission("该问题已销号，不能再修改或补充佐证材料。")
    if item.status == Status.PENDING_REVIEW:
        # The reviewer must decide on what was submitted, not on a later rewrite.
        return Permission("该问题已提交审核，审核期间不能修改或补充佐证材料；如需修改，请先撤回，修改后重新提交审核。")
    return ALLOWED


def may_transition(*, user, item: RectificationItem, status: str) -> Permission:
    """Move the item to `status` now.

    Starting, submitting and withdrawing a submission (撤回, is_withdrawal) are the county office's work
    (EDIT). Deciding on an item awaiting review
    (销号, or sending it back) is for whoever may approve in the county (scope.APPROVE: the county's
    reviewer, the guidance groups supervising it), and nobody closes an item they submitted themselves.
    Whether the workflow has the step at all is the item's rule (RectificationItem.TRANSITIONS, checked
    by tracker.workflow.status_change), so a page drawn before someone else moved the item says why.
    """
    status = Status(status)
    if is_withdrawal(user=user, item=item, status=status):
        return ALLOWED
    if item.status == Status.PENDING_REVIEW:
        if not may(user, item.county_id, APPROVE):
            return Permission("销号或退回须由本县审核人或联系本县的巡回指导组办理。")
        if status == Status.CLOSED and item.submitted_by_id == user.pk:
            return Permission("不能审核自己提交的整改事项：销号须由另一人审核同意。")
        return ALLOWED
    if not may(user, item.county_id, EDIT):
        return Permission("只有本县主题教育办可以办理本县的整改事项。")
    return ALLOWED


def is_withdrawal(*, user, item: RectificationItem, status: str) -> bool:
    """Whether moving the item to `status` is the county office taking back its own submission (撤回: from
    已整改待审核 back to 整改中, to edit it and submit again) rather than a reviewer sending it back."""
    return (
        item.status == Status.PENDING_REVIEW
        and status == Status.IN_PROGRESS
        and may(user, item.county_id, EDIT)
        and not may(user, item.county_id, APPROVE)
    )


def may_request_extension(*, user, item: RectificationItem) -> Permission:
    """Ask for a later deadline (延期): the county office, for an item still being worked on, one request
    at a time."""
    if not may(user, item.county_id, EDIT):
        return Permission("只有本县主题教育办可以为本县的整改事项申请延期。")
    if item.status in (Status.CLOSED, Status.PENDING_REVIEW):
        return Permission(f"该问题{item.get_status_display()}，不能申请延期。")
    if item.extensions.filter(status=DeadlineExtension.Status.REQUESTED).exists():
        return Permission("该问题已有待审批的延期申请，请等待审批结果。")
    return ALLOWED


def may_decide_extension(*, user, extension: DeadlineExtension) -> Permission:
    """Approve or refuse a deadline extension: the county's reviewer or a guidance group supervising the
    county (scope.APPROVE), never the one who asked, while the request is open."""
    if not may(user, extension.item.county_id, APPROVE):
        return Permission("延期申请须由本县审核人或联系本县的巡回指导组审批。")
    if extension.requested_by_id == user.pk:
        return Permission("不能审批自己提出的延期申请。")
    if extension.status != DeadlineExtension.Status.REQUESTED:
        return Permission(f"该延期申请{extension.get_status_display()}，不能再审批。")
    return ALLOWED


def transitions_for(*, user, item: RectificationItem) -> list[str]:
    """The workflow steps the user may take on the item now, in a stable order."""
    targets = sorted(item.TRANSITIONS[Status(item.status)])
    return [target for target in targets if may_transition(user=user, item=item, status=target)]


def may_manage_catalog(user) -> bool:
    """Administrators (staff, superusers and the administrator role) manage the indicator catalog and
    decide on the triggers reviewers' corrections propose."""
    return user.is_authenticated and (user.is_staff or user_role(user) == Profile.Role.ADMIN)


def may_read_audit_trail(user) -> bool:
    """The audit trail is the auditor's (审计员) alone: the administrators whose changes it records do
    not read it, and nobody else learns it exists (the page answers 404)."""
    return user.is_authenticated and user.is_active and user_role(user) == Profile.Role.AUDITOR
