"""Who may take which action on a report: one function per kind of action, asked both by the view that
performs it and by the page that draws its button (see tracker.permissions)."""

from django.conf import settings

from tracker.models import Profile
from tracker.permissions import ALLOWED, Permission
from tracker.selectors.scope import EDIT, REVIEW, may, user_role

from .models import Report
from .parse_queue import report_is_stale


def may_review_report(*, user, report: Report) -> Permission:
    """Correct and add the report's figures: the county office and the county's reviewer, while the report
    waits for review. Confirming them is a second person's decision (may_confirm_report)."""
    if not may(user, report.county_id, REVIEW):
        return Permission("只有本县主题教育办及其审核人可以核对、确认本县的报告。")
    if report.status != Report.Status.NEEDS_REVIEW:
        return Permission("该报告当前不可修改。")
    return ALLOWED


def may_confirm_report(*, user, report: Report) -> Permission:
    """Confirm the report's figures into the county's statistics: someone other than the uploader (four
    eyes), in a role settings.REPORT_CONFIRM_ROLES names (the county's reviewer unless the administrator
    names others), who may review the report now."""
    if not (allowed := may_review_report(user=user, report=report)):
        return allowed
    if report.uploaded_by_id == user.pk:
        return Permission(
            "这份报告由您本人上传，不能由您确认：按照“上传与确认分离”的规定，须由本县审核人核对后确认，"
            "数据才计入统计。您仍可以修改、补充提取的数据。"
        )
    if user_role(user) not in settings.REPORT_CONFIRM_ROLES:
        labels = dict(Profile.Role.choices)
        names = "、".join(labels.get(role, role) for role in settings.REPORT_CONFIRM_ROLES)
        return Permission(f"报告须由{names}确认后才计入统计，您可以修改、补充提取的数据。")
    return ALLOWED


def may_retry_report(*, user, report: Report) -> Permission:
    """Parse a report again: the county office, who uploads the county's reports, for a report that
    failed or has sat 排队中/解析中 for REPORT_STALE_MINUTES."""
    if not may(user, report.county_id, EDIT):
        return Permission("只有本县主题教育办可以重新解析本县的报告。")
    if report.status in (Report.Status.QUEUED, Report.Status.PARSING) and not report_is_stale(report=report):
        return Permission("该报告正在解析，请稍后再试。")
    if report.status not in (Report.Status.FAILED, Report.Status.QUEUED, Report.Status.PARSING):
        return Permission("只有解析失败或长时间未完成解析的报告可以重新解析。")
    return ALLOWED
