"""What /health/ checks: the database, the broker and the cache, each answering "ok" or why it is down."""
import logging

from django.core.cache import cache
from django.db import connection

from config.celery import app as celery_app

log = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker() -> None:
    if celery_app.conf.task_always_eager:
        return  # no broker: tasks run in-process
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)


def _cache() -> None:
    cache.set("health-check", "ok", 10)
    if cache.get("health-check") != "ok":
        raise RuntimeError("写入后读不到")


CHECKS = {"database": _database, "broker": _broker, "cache": _cache}


def service_status() -> dict[str, str]:
    """{"database"|"broker"|"cache": "ok" or "down: <kind of error>"}. The page is public, so the error's
    message (addresses, ports) goes to the log only."""
    status = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # whatever the backend raises, the answer is that it is down
            log.warning("health: %s is down: %s", name, exc)
            status[name] = f"down: {type(exc).__name__}"
            if name == "database":
                connection.close()
        else:
            status[name] = "ok"
    return status
