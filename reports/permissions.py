"""Who may take which action on a report: one function per kind of action, asked both by the view that
performs it and by the page that draws its button (see tracker.permissions)."""

from tracker.permissions import ALLOWED, Permission
from tracker.selectors.scope import EDIT, REVIEW, may

from .models import Report
from .parse_queue import report_is_stale


def may_review_report(*, user, report: Report) -> Permission:
    """Correct, add and confirm the report's figures: the county office and the county's reviewer, while
    the report waits for review."""
    if not may(user, report.county_id, REVIEW):
        return Permission("只有本县主题教育办及其审核人可以核对、确认本县的报告。")
    if report.status != Report.Status.NEEDS_REVIEW:
        return Permission("该报告当前不可修改。")
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
