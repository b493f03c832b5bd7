"""The county's working book, list by list and record by record, each within the user's scope
(scope.counties_for): what a user may not see does not exist for them (404)."""

import datetime

from django.db.models import Count, QuerySet
from django.http import Http404

from ..models import ExportJob, GuidanceNote, LedgerImport, RectificationItem, ResearchTopic, StudySession
from .lights import with_lights
from .scope import VIEW, User, counties_for


def one_or_404(records: QuerySet, pk: int, not_found: str):
    """The record `pk` among `records` (already scoped), else 404 with the Chinese message."""
    record = records.filter(pk=pk).first()
    if record is None:
        raise Http404(not_found)
    return record


def rectification_items_for(
    user: User, *, action: str = VIEW, today: datetime.date | None = None
) -> QuerySet[RectificationItem]:
    items = RectificationItem.objects.filter(county__in=counties_for(user, action=action))
    return with_lights(items.select_related("county", "research_topic"), today=today)


def rectification_item_for(user: User, item_id: int, *, action: str = VIEW) -> RectificationItem:
    return one_or_404(rectification_items_for(user, action=action), item_id, "没有找到该整改事项，或您无权查看。")


def study_sessions_for(user: User, *, action: str = VIEW) -> QuerySet[StudySession]:
    return StudySession.objects.filter(county__in=counties_for(user, action=action)).select_related("county")


def study_session_for(user: User, session_id: int, *, action: str = VIEW) -> StudySession:
    return one_or_404(study_sessions_for(user, action=action), session_id, "没有找到该学习活动，或您无权查看。")


def research_topics_for(user: User, *, action: str = VIEW) -> QuerySet[ResearchTopic]:
    topics = ResearchTopic.objects.filter(county__in=counties_for(user, action=action)).select_related("county")
    return topics.annotate(problem_count=Count("problems"))


def research_topic_for(user: User, topic_id: int, *, action: str = VIEW) -> ResearchTopic:
    return one_or_404(research_topics_for(user, action=action), topic_id, "没有找到该调研课题，或您无权查看。")


def ledger_imports_for(user: User, *, action: str = VIEW) -> QuerySet[LedgerImport]:
    imports = LedgerImport.objects.filter(county__in=counties_for(user, action=action))
    return imports.select_related("county", "uploaded_by")


def ledger_import_for(user: User, import_id: int, *, action: str = VIEW) -> LedgerImport:
    return one_or_404(ledger_imports_for(user, action=action), import_id, "没有找到该导入记录，或您无权查看。")


def guidance_notes_for(user: User, *, action: str = VIEW) -> QuerySet[GuidanceNote]:
    notes = GuidanceNote.objects.filter(county__in=counties_for(user, action=action))
    return notes.select_related("county", "group", "author", "responded_by", "item")


def guidance_note_for(user: User, note_id: int, *, action: str = VIEW) -> GuidanceNote:
    return one_or_404(guidance_notes_for(user, action=action), note_id, "没有找到该督导意见，或您无权查看。")


def export_jobs_for(user: User) -> QuerySet[ExportJob]:
    """The user's own export jobs: a file holds what its requester's scope showed, so it is theirs alone."""
    if not user.is_authenticated:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user)


def export_job_for(user: User, job_id: int) -> ExportJob:
    return one_or_404(export_jobs_for(user), job_id, "没有找到该导出任务，或您无权查看。")
