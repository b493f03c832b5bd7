"""Celery tasks of the tracker: thin wrappers that call one service each."""

from celery import shared_task

from . import bulletins
from .dispatch import BUILD_BULLETIN

BULLETIN_FAILED = "生成通报时出错，请稍后重新生成或联系管理员。"


@shared_task(name=BUILD_BULLETIN, acks_late=True)
def build_bulletin(bulletin_id):
    try:
        bulletins.bulletin_build(bulletin_id=bulletin_id)
    except Exception as exc:
        bulletins.bulletin_fail(bulletin_id=bulletin_id, reason=f"{BULLETIN_FAILED}（{type(exc).__name__}）")
        raise


@shared_task(name="tracker.tasks.schedule_bulletins")
def schedule_bulletins():
    """Celery beat, weekly (settings.CELERY_BEAT_SCHEDULE): the bulletins of the week that ended."""
    bulletins.bulletins_schedule()
